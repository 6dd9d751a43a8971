package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.backend.cuda.KernelArgs.Param;
import org.junit.jupiter.api.Test;

class KernelArgsTest {

    @Test
    void rejectsAValueOfTheWrongType() {
        KernelArgs args = new KernelArgs(Param.LONG, Param.FLOAT, Param.POINTER);
        assertEquals(3, args.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> args.int32(1, 3));
        assertEquals("argument 1 is FLOAT, not INT", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> args.pointer(0, 64));
    }

    @Test
    void structArgumentsHaveAFixedSize() {
        KernelArgs args = new KernelArgs(Param.POINTER, Param.struct(4));
        args.struct(1, new int[] {1, 2, 3, 4});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> args.struct(1, new int[3]));
        assertEquals("argument 1 is a struct of 4 words, not 3", e.getMessage());
    }
}
