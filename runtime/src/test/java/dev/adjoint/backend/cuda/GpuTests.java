package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

/** Shared by the tests tagged {@code gpu}. */
final class GpuTests {
    /** A quiet NaN with a payload no kernel computes: an element still holding it was never written. */
    static final int POISON = 0x7FC0DEAD;

    private GpuTests() {}

    /** Opens a context, or skips the test (with the probe's reason) where CUDA is unavailable. */
    static CudaContext openOrSkip() {
        CudaAvailability availability = Cuda.availability();
        assumeTrue(availability.isAvailable(), availability::summary);
        return CudaContext.open();
    }

    static float[] randomFloats(Random random, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (random.nextFloat() * 2 - 1) * scale;
        return a;
    }

    /** Allocates room for {@code n} floats plus {@code pad} more, and poisons all of it. */
    static long poisoned(CudaContext context, long n, long pad) {
        long address = context.allocate((n + pad) * Float.BYTES);
        context.fill32(address, POISON, n + pad);
        return address;
    }

    static long upload(CudaContext context, float[] values) {
        long address = context.allocate(Math.max(1, values.length) * (long) Float.BYTES);
        context.copyToDevice(values, address);
        return address;
    }

    static float[] download(CudaContext context, long address, int n) {
        float[] out = new float[n];
        context.copyToHost(address, out);
        return out;
    }

    static boolean isPoison(float f) {
        return Float.floatToRawIntBits(f) == POISON;
    }
}
