package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** NumPy broadcasting and the stride table the broadcast kernels read, without a GPU. */
class BroadcastTest {

    private static int[] a(int... values) {
        return values;
    }

    @Test
    void rowVectorAgainstMatrix() {
        Broadcast b = Broadcast.of("add", a(2, 3), a(3));
        assertArrayEquals(a(2, 3), b.shape());
        int[] w = b.structWords();
        assertEquals(2, w[0]);
        assertArrayEquals(a(2, 3), java.util.Arrays.copyOfRange(w, 1, 3));
        assertArrayEquals(a(3, 1), java.util.Arrays.copyOfRange(w, 7, 9), "a: row-major strides");
        assertArrayEquals(a(0, 1), java.util.Arrays.copyOfRange(w, 13, 15), "b: broadcast over rows");
    }

    @Test
    void bothSidesBroadcast() {
        Broadcast b = Broadcast.of("mul", a(3, 1, 5), a(4, 1));
        assertArrayEquals(a(3, 4, 5), b.shape());
        int[] w = b.structWords();
        assertArrayEquals(a(5, 0, 1), java.util.Arrays.copyOfRange(w, 7, 10));
        assertArrayEquals(a(0, 1, 0), java.util.Arrays.copyOfRange(w, 13, 16));
        assertEquals(60, b.elements());
    }

    @Test
    void scalarAgainstAnything() {
        Broadcast b = Broadcast.of("sub", a(), a(2, 2));
        assertArrayEquals(a(2, 2), b.shape());
        assertArrayEquals(a(0, 0), java.util.Arrays.copyOfRange(b.structWords(), 7, 9));
    }

    @Test
    void incompatibleShapesNameTheOperationAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Broadcast.of("add", a(2, 3), a(4)));
        assertEquals("add: shapes [2, 3] and [4] do not broadcast (dimension 1 of the result: 3 vs 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Broadcast.of("div", a(1, 1, 1, 1, 1, 1, 1), a(1)));
        assertEquals("div: shapes [1, 1, 1, 1, 1, 1, 1] and [1] have more than 6 dimensions", e.getMessage());
    }

    @Test
    void zeroSizedDimensionsBroadcastToZero() {
        assertArrayEquals(a(0, 3), Broadcast.of("add", a(0, 1), a(1, 3)).shape());
        assertEquals(0, Broadcast.of("add", a(0, 1), a(1, 3)).elements());
    }
}
