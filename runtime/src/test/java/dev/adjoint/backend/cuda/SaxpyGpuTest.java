package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("gpu")
class SaxpyGpuTest {
    private static final int PAD = 37;

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 1023, 1 << 20, 3_000_017})
    void matchesFmaOnTheCpuBitForBit(int n) {
        Random random = new Random();
        float a = (random.nextFloat() - 0.5f) * 8;
        float[] x = GpuTests.randomFloats(random, n, 3);
        float[] y = GpuTests.randomFloats(random, n, 3);
        try (CudaContext context = GpuTests.openOrSkip()) {
            long dx = GpuTests.upload(context, x);
            long dy = GpuTests.upload(context, y);
            long dout = GpuTests.poisoned(context, n, PAD);
            new CudaSaxpy(context).run(n, a, dx, dy, dout);
            float[] out = GpuTests.download(context, dout, n + PAD);
            for (int i = 0; i < n; i++) {
                float expected = Math.fma(a, x[i], y[i]);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]),
                        () -> "n=" + n + " a=" + a + " element mismatch");
            }
            for (int i = n; i < n + PAD; i++) {
                assertTrue(GpuTests.isPoison(out[i]), "saxpy wrote past n at " + i);
            }
            context.free(dx);
            context.free(dy);
            context.free(dout);
        }
    }
}
