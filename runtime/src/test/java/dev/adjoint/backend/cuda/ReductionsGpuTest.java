package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sums against float64 sums within the float32 error bound of their length; the same bits on a
 * repeat and for the same data stored at a 16-byte-aligned and at a merely 4-byte-aligned address
 * (the summation order must not depend on the path taken).
 */
@Tag("gpu")
class ReductionsGpuTest {

    @Test
    void sumAllIsAccurateAndBitReproducible() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaReductions reductions = new CudaReductions(context, pool);
            Random random = new Random();
            for (int n : new int[] {0, 1, 17, 1023, 4096, 4097, 1_000_003, (1 << 22) + 3}) {
                float[] x = GpuTests.randomFloats(random, n, 2);
                double ref = 0, mag = 0;
                for (float v : x) {
                    ref += v;
                    mag += Math.abs(v);
                }
                float scale = n == 0 ? 1f : 1f / n;
                try (DeviceBlock aligned = pool.acquireFloats(n + 1); DeviceBlock shifted = pool.acquireFloats(n + 1);
                     DeviceBlock out = pool.acquireFloats(3)) {
                    context.copyToDevice(x, 0, aligned.address(), n);
                    context.copyToDevice(x, 0, shifted.address() + 4, n);
                    context.fill32(out.address(), GpuTests.POISON, 3);
                    reductions.sumAll(n, aligned.address(), out.address(), scale);
                    reductions.sumAll(n, aligned.address(), out.address() + 4, scale);
                    reductions.sumAll(n, shifted.address() + 4, out.address() + 8, scale);
                    float[] got = GpuTests.download(context, out.address(), 3);
                    double expected = ref * scale;
                    double bound = (Math.log(n + 1) / Math.log(2) + 2 * 8 + 4) * 0x1p-24 * mag * scale + 1e-30;
                    if (!(Math.abs(got[0] - expected) <= bound)) fail("n=" + n + ": " + got[0] + " vs " + expected);
                    assertEquals(Float.floatToRawIntBits(got[0]), Float.floatToRawIntBits(got[1]), "repeat, n=" + n);
                    assertEquals(Float.floatToRawIntBits(got[0]), Float.floatToRawIntBits(got[2]), "4-byte aligned copy, n=" + n);
                }
            }
        }
    }

    @Test
    void rowAndColumnSums() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaReductions reductions = new CudaReductions(context, pool);
            Random random = new Random();
            for (int[] rc : new int[][] {{1, 1}, {17, 1023}, {1023, 17}, {4096, 33}, {3, 70_001}, {10_000, 10}}) {
                int rows = rc[0], cols = rc[1];
                float[] x = GpuTests.randomFloats(random, rows * cols, 2);
                try (DeviceBlock dx = pool.acquireFloats(x.length); DeviceBlock dr = pool.acquireFloats(rows + 1);
                     DeviceBlock dc = pool.acquireFloats(cols + 1); DeviceBlock dc2 = pool.acquireFloats(cols)) {
                    context.copyToDevice(x, dx.address());
                    context.fill32(dr.address(), GpuTests.POISON, rows + 1);
                    context.fill32(dc.address(), GpuTests.POISON, cols + 1);
                    reductions.sumRows(rows, cols, dx.address(), dr.address(), 0.5f);
                    reductions.sumColumns(rows, cols, dx.address(), dc.address(), 2f);
                    reductions.sumColumns(rows, cols, dx.address(), dc2.address(), 2f);
                    float[] r = GpuTests.download(context, dr.address(), rows + 1);
                    float[] c = GpuTests.download(context, dc.address(), cols + 1);
                    float[] c2 = GpuTests.download(context, dc2.address(), cols);
                    assertTrue(GpuTests.isPoison(r[rows]) && GpuTests.isPoison(c[cols]), "wrote past the output");
                    for (int i = 0; i < rows; i++) {
                        double s = 0, mag = 0;
                        for (int j = 0; j < cols; j++) {
                            s += x[i * cols + j];
                            mag += Math.abs(x[i * cols + j]);
                        }
                        check("row " + i + " of [" + rows + "," + cols + "]", 0.5 * s, r[i], (cols / 32.0 + 8) * 0x1p-24 * mag);
                    }
                    for (int j = 0; j < cols; j++) {
                        double s = 0, mag = 0;
                        for (int i = 0; i < rows; i++) {
                            s += x[i * cols + j];
                            mag += Math.abs(x[i * cols + j]);
                        }
                        check("column " + j + " of [" + rows + "," + cols + "]", 2 * s, c[j], 2 * (rows + 4) * 0x1p-24 * mag);
                        assertEquals(Float.floatToRawIntBits(c[j]), Float.floatToRawIntBits(c2[j]), "column sums repeat");
                    }
                }
            }
        }
    }

    @Test
    void argmaxTakesTheFirstMaximumAndNaNFirst() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaReductions reductions = new CudaReductions(context, pool);
            Random random = new Random();
            int rows = 1023, cols = 77;
            float[] x = GpuTests.randomFloats(random, rows * cols, 1);
            for (int i = 0; i < rows; i++) {  // plant ties and NaNs in some rows
                if (i % 3 == 0) x[i * cols + 70] = x[i * cols + 5] = 2f;
                if (i % 7 == 0) x[i * cols + 40] = Float.NaN;
                if (i % 14 == 0) x[i * cols + 60] = Float.NaN;
            }
            try (DeviceBlock dx = pool.acquireFloats(x.length); DeviceBlock dout = pool.acquireFloats(rows)) {
                context.copyToDevice(x, dx.address());
                context.fill32(dout.address(), -1, rows);
                reductions.argmaxRows(rows, cols, dx.address(), dout.address());
                float[] bits = GpuTests.download(context, dout.address(), rows);
                for (int i = 0; i < rows; i++) {
                    int best = 0;
                    for (int j = 1; j < cols; j++) {
                        float v = x[i * cols + j], b = x[i * cols + best];
                        if (!Float.isNaN(b) && (Float.isNaN(v) || v > b)) best = j;
                    }
                    assertEquals(best, Float.floatToRawIntBits(bits[i]), "row " + i);
                }
            }
        }
    }

    private static void check(String what, double expected, float got, double bound) {
        if (GpuTests.isPoison(got)) fail(what + ": never written");
        if (!(Math.abs(got - expected) <= bound + 1e-30)) fail(what + ": " + got + " vs " + expected + " +- " + bound);
    }
}
