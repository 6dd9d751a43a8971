package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BinaryOp;
import dev.adjoint.backend.ReduceOp;
import dev.adjoint.backend.Storage;
import dev.adjoint.backend.UnaryOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaBackend} on the emulated device ({@link EmulatedCudaOps}): every backend method's
 * mapping onto kernels, address arithmetic and bounds, checked against the CPU backend on any
 * machine. The same checks run on a real GPU in {@link CudaBackendGpuTest}.
 */
class EmulatedBackendTest extends BackendConformance {
    private EmulatedCuda.Parts parts;

    @BeforeEach
    void open() {
        parts = EmulatedCuda.open(1L << 30, System::gc);
    }

    @AfterEach
    void close() {
        parts.backend().close();
        assertEquals(0, parts.ops().liveBlocks(), "closing the backend gives every block back");
    }

    @Override
    Backend device() {
        return parts.backend();
    }

    @Test
    void scratchSpaceGoesBackWithinEachOperation() {
        Storage x = device().fromArray(random(4 * 17 * 3, 2));
        long before = parts.pool().blocksInUse();
        device().reduce(ReduceOp.SUM, x, new int[] {4, 17, 3}, new boolean[] {false, true, false});  // a transposing copy
        device().softmax(x, 4, 17, 3, true);  // three scratch buffers
        device().unaryBackward(UnaryOp.SQRT, device().unary(UnaryOp.ABS, x), x);
        assertEquals(before + 4, parts.pool().blocksInUse(), "only the four results stay lent");
    }

    @Test
    void biasAndScalarOperandsUseTheRowVectorKernelNotTheGeneralBroadcast() {
        Storage m = device().fromArray(random(33 * 17, 2));
        Storage row = device().fromArray(random(17, 2));
        long before = parts.ops().launches;
        device().binary(BinaryOp.ADD, m, new int[] {33, 17}, row, new int[] {1, 17}, new int[] {33, 17});
        assertEquals(before + 1, parts.ops().launches, "one launch");
    }

    @Test
    void storageOfAnotherBackendIsRefusedByName() {
        Storage cpu = dev.adjoint.backend.cpu.CpuBackend.INSTANCE.fromArray(new float[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> device().unary(UnaryOp.EXP, cpu));
        assertTrue(e.getMessage().startsWith("exp: storage") && e.getMessage().contains("cuda:0"), e.getMessage());
    }
}
