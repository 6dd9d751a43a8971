package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.backend.cuda.CudaMatmul.Epilogue;
import dev.adjoint.backend.cuda.CudaMatmul.Layout;
import org.junit.jupiter.api.Test;

/** Kernel choice and argument checks of the matmul launcher, without a GPU. */
class MatmulPlanTest {
    private static final int H100_SMS = 132;
    private static final long A = 0x1000, B = 0x2000, C = 0x3000, BIAS = 0x4000;

    private static MatmulPlan packed(Layout layout, Epilogue epilogue, int m, int n, int k, long a, long b, long c) {
        return MatmulPlan.choose(layout, epilogue, m, n, k, a, CudaMatmul.packedLda(layout, m, k), b,
                CudaMatmul.packedLdb(layout, n, k), c, n, epilogue == Epilogue.NONE ? 0 : BIAS, H100_SMS);
    }

    @Test
    void largeAlignedProductsTakeTheWideVectorKernel() {
        MatmulPlan plan = packed(Layout.NN, Epilogue.NONE, 4096, 4096, 4096, A, B, C);
        assertEquals(new MatmulPlan("sgemm_nn_none_vec4_128", 128, 32, 32, 256), plan);
    }

    @Test
    void productsTooSmallToFillTheDeviceTakeTheSmallTile() {
        MatmulPlan plan = packed(Layout.NN, Epilogue.BIAS_RELU, 128, 512, 784, A, B, C);
        assertEquals(new MatmulPlan("sgemm_nn_bias_relu_vec4_64", 64, 8, 2, 64), plan);
    }

    @Test
    void oddShapesOrMisalignedPointersTakeTheScalarKernel() {
        assertEquals("sgemm_nt_none_scalar_64", packed(Layout.NT, Epilogue.NONE, 17, 17, 17, A, B, C).kernel());
        assertEquals("sgemm_nn_bias_scalar_64", packed(Layout.NN, Epilogue.BIAS, 128, 10, 512, A, B, C).kernel(),
                "n = 10 is no multiple of 4");
        assertEquals("sgemm_tn_none_scalar_64", packed(Layout.TN, Epilogue.NONE, 64, 64, 64, A + 4, B, C).kernel(),
                "A is 4-byte but not 16-byte aligned");
        assertEquals("sgemm_tn_none_scalar_64", packed(Layout.TN, Epilogue.NONE, 62, 64, 64, A, B, C).kernel(),
                "tn reads A along m: m = 62 is no multiple of 4");
        assertEquals("sgemm_tn_none_vec4_64", packed(Layout.TN, Epilogue.NONE, 64, 64, 62, A, B, C).kernel(),
                "tn reads A and B along m and n: k may be odd");
    }

    @Test
    void leadingDimensionsShorterThanARowAreRefusedNamingTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.NN, Epilogue.NONE, 2, 3, 4, A, 3, B, 3, C, 3, 0, H100_SMS));
        assertEquals("matmul nn [m=2, n=3, k=4]: lda 3 is less than the row length of A [2, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.NT, Epilogue.NONE, 2, 3, 4, A, 4, B, 3, C, 3, 0, H100_SMS));
        assertEquals("matmul nt [m=2, n=3, k=4]: ldb 3 is less than the row length of B [3, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.TN, Epilogue.NONE, 2, 3, 4, A, 2, B, 3, C, 2, 0, H100_SMS));
        assertEquals("matmul tn [m=2, n=3, k=4]: ldc 2 is less than the row length of C [2, 3]", e.getMessage());
    }

    @Test
    void epilogueAndBiasMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.NN, Epilogue.BIAS_TANH, 2, 3, 4, A, 4, B, 3, C, 3, 0, H100_SMS));
        assertEquals("matmul nn [m=2, n=3, k=4]: epilogue bias_tanh needs a bias vector of n floats", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.NN, Epilogue.NONE, 2, 3, 4, A, 4, B, 3, C, 3, BIAS, H100_SMS));
        assertEquals("matmul nn [m=2, n=3, k=4]: epilogue none takes no bias; pass 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.TN, Epilogue.BIAS, 2, 3, 4, A, 2, B, 3, C, 3, BIAS, H100_SMS));
        assertTrue(e.getMessage().startsWith("matmul tn [m=2, n=3, k=4]: layout tn has no bias epilogue"), e.getMessage());
    }

    @Test
    void negativeDimensionsAndNullAddressesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.NN, Epilogue.NONE, -1, 3, 4, A, 4, B, 3, C, 3, 0, H100_SMS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPlan.choose(Layout.NN, Epilogue.NONE, 2, 3, 4, 0, 4, B, 3, C, 3, 0, H100_SMS));
        assertEquals("matmul nn [m=2, n=3, k=4]: null device address", e.getMessage());
    }

    /**
     * Split k from the shape alone: the benchmark MLP's products (batch 1024) get more blocks,
     * each slice keeping at least 256 of k; products that fill the device, short k and empty
     * outputs stay whole.
     */
    @Test
    void smallProductsWithALongKAreSplitByTheirShapeAlone() {
        assertEquals(3, MatmulPlan.splitsByShape(1024, 512, 784), "layer 1 forward: 128 tiles, k 784");
        assertEquals(2, MatmulPlan.splitsByShape(1024, 512, 512), "layer 2 forward and its input gradient");
        assertEquals(2, MatmulPlan.splitsByShape(1024, 10, 512), "layer 3 forward: 16 tiles, k 512");
        assertEquals(4, MatmulPlan.splitsByShape(784, 512, 1024), "layer 1 weight gradient: 104 tiles, k 1024");
        assertEquals(4, MatmulPlan.splitsByShape(512, 10, 1024), "layer 3 weight gradient");
        assertEquals(8, MatmulPlan.splitsByShape(16, 16, 1 << 20), "at most eight slices");
        assertEquals(1, MatmulPlan.splitsByShape(1024, 512, 10), "k too short to split");
        assertEquals(1, MatmulPlan.splitsByShape(1024, 512, 511), "a slice keeps 256 of k");
        assertEquals(1, MatmulPlan.splitsByShape(4096, 4096, 4096), "fills the device alone");
        assertEquals(1, MatmulPlan.splitsByShape(1472, 1472, 8192), "512 tiles or more (23 x 23): no split");
        assertEquals(2, MatmulPlan.splitsByShape(1408, 1472, 8192), "506 tiles: two slices");
        assertEquals(1, MatmulPlan.splitsByShape(0, 512, 4096), "an empty output");
    }
}
