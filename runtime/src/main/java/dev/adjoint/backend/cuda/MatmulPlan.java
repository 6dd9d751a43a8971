package dev.adjoint.backend.cuda;

/**
 * Which sgemm kernel runs a product and on what grid; pure host logic, testable without a GPU.
 *
 * @param kernel   e.g. {@code sgemm_nn_bias_relu_vec4_128}
 * @param tile     rows and columns of C per block (128 or 64)
 * @param gridX    blocks along n
 * @param gridY    blocks along m
 * @param threads  threads per block
 */
record MatmulPlan(String kernel, int tile, int gridX, int gridY, int threads) {
    // split k is a grid z > 1 on the same kernels; see splitsFor
    private static final int MAX_GRID_Y = 65_535;

    /**
     * Validates a product's arguments (throwing {@link IllegalArgumentException} that names the
     * layout and the shapes) and chooses its kernel: float4 when every contiguous dimension and
     * leading dimension is a multiple of 4 and every matrix is 16-byte aligned; the 128-wide tile
     * when that alone fills the device with blocks, else the 64-wide one.
     */
    static MatmulPlan choose(CudaMatmul.Layout layout, CudaMatmul.Epilogue epilogue, int m, int n, int k,
                             long a, int lda, long b, int ldb, long c, int ldc, long bias, int multiprocessors) {
        String op = "matmul " + layout.code() + " [m=" + m + ", n=" + n + ", k=" + k + "]";
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException(op + ": dimensions must be >= 0");
        int aContiguous = layout == CudaMatmul.Layout.TN ? m : k;
        int bContiguous = layout == CudaMatmul.Layout.NT ? k : n;
        String aStored = layout == CudaMatmul.Layout.TN ? "[" + k + ", " + m + "]" : "[" + m + ", " + k + "]";
        String bStored = layout == CudaMatmul.Layout.NT ? "[" + n + ", " + k + "]" : "[" + k + ", " + n + "]";
        if (lda < Math.max(1, aContiguous)) {
            throw new IllegalArgumentException(op + ": lda " + lda + " is less than the row length of A " + aStored);
        }
        if (ldb < Math.max(1, bContiguous)) {
            throw new IllegalArgumentException(op + ": ldb " + ldb + " is less than the row length of B " + bStored);
        }
        if (ldc < Math.max(1, n)) {
            throw new IllegalArgumentException(op + ": ldc " + ldc + " is less than the row length of C [" + m + ", " + n + "]");
        }
        if (layout == CudaMatmul.Layout.TN && epilogue != CudaMatmul.Epilogue.NONE) {
            throw new IllegalArgumentException(op + ": layout tn has no " + epilogue.code()
                    + " epilogue (it computes weight gradients); apply it separately");
        }
        if ((epilogue == CudaMatmul.Epilogue.NONE) != (bias == 0)) {
            throw new IllegalArgumentException(op + ": epilogue " + epilogue.code()
                    + (bias == 0 ? " needs a bias vector of n floats" : " takes no bias; pass 0"));
        }
        if ((m > 0 && n > 0) && (c == 0 || (k > 0 && (a == 0 || b == 0)))) {
            throw new IllegalArgumentException(op + ": null device address");
        }
        boolean vec = aContiguous % 4 == 0 && lda % 4 == 0 && bContiguous % 4 == 0 && ldb % 4 == 0
                && n % 4 == 0 && ldc % 4 == 0 && a % 16 == 0 && b % 16 == 0 && c % 16 == 0;
        long blocks128 = ceilDiv(m, 128) * ceilDiv(n, 128);
        int tile = blocks128 >= multiprocessors ? 128 : 64;
        int gridY = (int) ceilDiv(m, tile);
        if (gridY > MAX_GRID_Y) {
            throw new IllegalArgumentException(op + ": m is too large for one launch (at most "
                    + (long) MAX_GRID_Y * tile + " rows)");
        }
        String kernel = "sgemm_" + layout.code() + "_" + epilogue.code() + (vec ? "_vec4_" : "_scalar_") + tile;
        return new MatmulPlan(kernel, tile, (int) ceilDiv(n, tile), gridY, (tile / 8) * (tile / 8));
    }

    /** Blocks a split product aims for: about four per multiprocessor of a 132-multiprocessor H100. */
    static final int SPLIT_TARGET_BLOCKS = 512;
    /** The shortest k-slice worth a block of its own. */
    static final int MIN_SPLIT_DEPTH = 256;
    /** The most slices one product is split into. */
    static final int MAX_SPLITS = 8;
    /**
     * {@code -Dadjoint.cuda.splitK=off} turns split k off (every product one launch, as before it
     * existed): for measuring what it gains, as {@code gpu-bench.sh} does, on the GPU at hand.
     */
    static final boolean SPLIT_K = !"off".equals(System.getProperty("adjoint.cuda.splitK"));

    /**
     * Into how many k-slices to split a product (1: none), from its shape alone, so that the
     * summation order, and with it every bit of the result, is the same on any GPU. A product
     * whose output fills fewer than {@link #SPLIT_TARGET_BLOCKS} 64-wide tiles leaves most
     * multiprocessors idle, or runs one block of two warps on each (the MLP benchmark's products:
     * 1024 x 512 is 128 tiles); splitting a long k gives it more blocks, whose partial products
     * {@code sum_slices_f32} adds in order. Each slice keeps at least {@link #MIN_SPLIT_DEPTH} of
     * k, so the partial products' extra traffic ({@code splits} times m x n written and read)
     * stays small against the arithmetic.
     */
    static int splitsFor(int m, int n, int k) {
        return SPLIT_K ? splitsByShape(m, n, k) : 1;
    }

    /** {@link #splitsFor} with split k on. */
    static int splitsByShape(int m, int n, int k) {
        long tiles = ceilDiv(m, 64) * ceilDiv(n, 64);
        if (tiles == 0 || tiles >= SPLIT_TARGET_BLOCKS) return 1;
        long wanted = ceilDiv(SPLIT_TARGET_BLOCKS, tiles);
        return (int) Math.max(1, Math.min(Math.min(wanted, k / MIN_SPLIT_DEPTH), MAX_SPLITS));
    }

    private static long ceilDiv(long x, long d) {
        return (x + d - 1) / d;
    }
}
