package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernels added for the tensor backend, at the launcher level: strided copies, row gathers and
 * scatter-adds bit for bit against Java loops, row maxima and their adjoint against Java's
 * {@code Math.max} fold (NaN rows, signed zeros, ties); outputs poisoned and the element past
 * them checked untouched.
 */
@Tag("gpu")
class LayoutAndMaxGpuTest {
    private final Random random = new Random();

    @Test
    void stridedCopyTransposesAndBroadcasts() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaLayout layout = new CudaLayout(context);
            for (int[] rc : new int[][] {{1, 1}, {17, 1023}, {1023, 17}, {640, 480}}) {
                int rows = rc[0], cols = rc[1], n = rows * cols;
                float[] x = GpuTests.randomFloats(random, n, 3);
                StridedCopy plan = StridedCopy.transpose("transpose", new int[] {rows, cols}, new int[] {1, 0});
                long dx = GpuTests.upload(context, x), out = GpuTests.poisoned(context, n, 1);
                layout.copy(plan, dx, out);
                float[] got = GpuTests.download(context, out, n + 1);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertEquals(Float.floatToRawIntBits(x[i * cols + j]), Float.floatToRawIntBits(got[j * rows + i]),
                                "transpose " + rows + "x" + cols + " at " + i + "," + j);
                    }
                }
                assertTrue(GpuTests.isPoison(got[n]), "wrote past the end");
                context.free(dx);
                context.free(out);
            }
            float[] row = GpuTests.randomFloats(random, 1023, 3);
            StridedCopy plan = StridedCopy.broadcast("broadcastTo", new int[] {1023}, new int[] {17, 1023});
            long dx = GpuTests.upload(context, row), out = GpuTests.poisoned(context, 17 * 1023, 1);
            layout.copy(plan, dx, out);
            float[] got = GpuTests.download(context, out, 17 * 1023);
            for (int i = 0; i < got.length; i++) assertEquals(row[i % 1023], got[i], 0f, "broadcast at " + i);
        }
    }

    @Test
    void gatherAndScatterRowsMatchSequentialLoopsBitForBit() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaLayout layout = new CudaLayout(context);
            for (int rowLength : new int[] {1, 17, 784}) {
                int sourceRows = 1000, count = 1024;
                int[] rows = new int[count];
                for (int i = 0; i < count; i++) rows[i] = random.nextInt(sourceRows);
                float[] x = GpuTests.randomFloats(random, sourceRows * rowLength, 3);
                try (DeviceBlock dx = pool.acquireFloats(x.length); DeviceBlock idx = pool.acquireFloats(count);
                     DeviceBlock out = pool.acquireFloats(count * rowLength + 1)) {
                    context.copyToDevice(x, dx.address());
                    context.copyToDevice(rows, idx.address());
                    context.fill32(out.address(), GpuTests.POISON, count * rowLength + 1);
                    layout.gatherRows(count, rowLength, idx.address(), dx.address(), out.address());
                    float[] got = GpuTests.download(context, out.address(), count * rowLength + 1);
                    for (int i = 0; i < count; i++) {
                        for (int c = 0; c < rowLength; c++) {
                            assertEquals(x[rows[i] * rowLength + c], got[i * rowLength + c], 0f, "gather row " + i);
                        }
                    }
                    assertTrue(GpuTests.isPoison(got[count * rowLength]));

                    int[] plan = ScatterPlan.of(rows, sourceRows);
                    float[] values = GpuTests.randomFloats(random, count * rowLength, 3);
                    float[] want = new float[sourceRows * rowLength];
                    for (int i = 0; i < count; i++) {
                        for (int c = 0; c < rowLength; c++) want[rows[i] * rowLength + c] += values[i * rowLength + c];
                    }
                    try (DeviceBlock dv = pool.acquireFloats(values.length); DeviceBlock dp = pool.acquireFloats(plan.length);
                         DeviceBlock ds = pool.acquireFloats(want.length + 1)) {
                        context.copyToDevice(values, dv.address());
                        context.copyToDevice(plan, dp.address());
                        context.fill32(ds.address(), GpuTests.POISON, want.length + 1);
                        layout.scatterAddRows(sourceRows, rowLength, dp.address(), dv.address(), ds.address());
                        float[] sums = GpuTests.download(context, ds.address(), want.length + 1);
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(sums[i]), "scatter-add at " + i);
                        }
                        assertTrue(GpuTests.isPoison(sums[want.length]));
                    }
                }
            }
        }
    }

    @Test
    void rowMaximaAndTheirAdjointFollowJavasMax() {
        try (CudaContext context = GpuTests.openOrSkip(); DeviceMemoryPool pool = new DeviceMemoryPool(context)) {
            CudaReductions reductions = new CudaReductions(context, pool);
            for (int[] rc : new int[][] {{1, 1}, {17, 1023}, {1023, 17}, {3, 100_003}}) {
                int rows = rc[0], cols = rc[1], n = rows * cols;
                float[] x = GpuTests.randomFloats(random, n, 3);
                for (int i = 0; i < n; i++) x[i] = Math.round(x[i] * 4) / 4f;  // ties
                if (rows > 2) {
                    x[cols + 5 % cols] = Float.NaN;  // row 1's maximum is NaN: its adjoint is all 0
                    for (int c = 0; c < cols; c++) x[2 * cols + c] = c % 2 == 0 ? -0f : -1f;  // row 2: -0 everywhere it is largest
                }
                float[] g = GpuTests.randomFloats(random, rows, 2);
                try (DeviceBlock dx = pool.acquireFloats(n); DeviceBlock dg = pool.acquireFloats(rows);
                     DeviceBlock dm = pool.acquireFloats(rows + 1); DeviceBlock db = pool.acquireFloats(n + 1)) {
                    context.copyToDevice(x, dx.address());
                    context.copyToDevice(g, dg.address());
                    context.fill32(dm.address(), GpuTests.POISON, rows + 1);
                    context.fill32(db.address(), GpuTests.POISON, n + 1);
                    reductions.maxRows(rows, cols, dx.address(), dm.address());
                    reductions.maxRowsBackward(rows, cols, dx.address(), dg.address(), db.address());
                    float[] m = GpuTests.download(context, dm.address(), rows + 1);
                    float[] b = GpuTests.download(context, db.address(), n + 1);
                    for (int r = 0; r < rows; r++) {
                        float want = Float.NEGATIVE_INFINITY;
                        for (int c = 0; c < cols; c++) want = Math.max(want, x[r * cols + c]);
                        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(m[r]), "max of row " + r);
                        int ties = 0;
                        for (int c = 0; c < cols; c++) if (x[r * cols + c] == want) ties++;
                        for (int c = 0; c < cols; c++) {
                            float share = x[r * cols + c] == want ? g[r] / ties : 0f;
                            assertEquals(Float.floatToIntBits(share), Float.floatToIntBits(b[r * cols + c]),
                                    "adjoint at row " + r + ", column " + c);
                        }
                    }
                    assertTrue(GpuTests.isPoison(m[rows]) && GpuTests.isPoison(b[n]), "wrote past the end");
                }
            }
        }
    }
}
