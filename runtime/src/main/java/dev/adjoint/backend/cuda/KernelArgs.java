package dev.adjoint.backend.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;

/**
 * The argument list of one kernel signature, built once and refilled before each launch, so a
 * launch allocates nothing: JCuda reads the slots' arrays when the launch call is made.
 * Not thread-safe; each launcher owns its own (a {@link CudaContext} is used by one thread at a time).
 */
final class KernelArgs {
    /** The C type of one kernel parameter; {@code STRUCT} is a by-value struct of 32-bit words. */
    enum Type { POINTER, LONG, INT, FLOAT, STRUCT }

    /** One parameter: its type, and for a struct its size in 32-bit words. */
    record Param(Type type, int words) {
        static final Param POINTER = new Param(Type.POINTER, 2);
        static final Param LONG = new Param(Type.LONG, 2);
        static final Param INT = new Param(Type.INT, 1);
        static final Param FLOAT = new Param(Type.FLOAT, 1);

        static Param struct(int words) {
            return new Param(Type.STRUCT, words);
        }
    }

    private final Param[] signature;
    private final long[][] longs;
    private final int[][] ints;
    private final float[][] floats;
    private final Pointer params;

    KernelArgs(Param... signature) {
        this.signature = signature.clone();
        int n = signature.length;
        this.longs = new long[n][];
        this.ints = new int[n][];
        this.floats = new float[n][];
        NativePointerObject[] slots = new NativePointerObject[n];
        for (int i = 0; i < n; i++) {
            slots[i] = switch (signature[i].type()) {
                case POINTER, LONG -> Pointer.to(longs[i] = new long[1]);
                case INT -> Pointer.to(ints[i] = new int[1]);
                case STRUCT -> Pointer.to(ints[i] = new int[signature[i].words()]);
                case FLOAT -> Pointer.to(floats[i] = new float[1]);
            };
        }
        this.params = Pointer.to(slots);
    }

    KernelArgs pointer(int index, long address) {
        expect(index, Type.POINTER);
        longs[index][0] = address;
        return this;
    }

    KernelArgs int64(int index, long value) {
        expect(index, Type.LONG);
        longs[index][0] = value;
        return this;
    }

    KernelArgs int32(int index, int value) {
        expect(index, Type.INT);
        ints[index][0] = value;
        return this;
    }

    KernelArgs float32(int index, float value) {
        expect(index, Type.FLOAT);
        floats[index][0] = value;
        return this;
    }

    /** Copies {@code words} into the struct argument at {@code index}. */
    KernelArgs struct(int index, int[] words) {
        expect(index, Type.STRUCT);
        if (words.length != ints[index].length) {
            throw new IllegalArgumentException("argument " + index + " is a struct of " + ints[index].length
                    + " words, not " + words.length);
        }
        System.arraycopy(words, 0, ints[index], 0, words.length);
        return this;
    }

    int size() {
        return signature.length;
    }

    /** The {@code kernelParams} array for {@code cuLaunchKernel}. */
    Pointer params() {
        return params;
    }

    private void expect(int index, Type type) {
        if (signature[index].type() != type) {
            throw new IllegalArgumentException("argument " + index + " is " + signature[index].type() + ", not " + type);
        }
    }
}
