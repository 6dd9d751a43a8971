package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamStepTest {

    private static float word(int[] words, int i) {
        return Float.intBitsToFloat(words[i]);
    }

    @Test
    void structHoldsBiasCorrectionsAndRoutesTheDecay() {
        int[] adamw = new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, true, 3).structWords();
        assertEquals(10, adamw.length);
        assertEquals(1e-3f, word(adamw, 0));
        assertEquals(1f - 0.9f, word(adamw, 3));
        assertEquals((float) (1 - Math.pow(0.9f, 3)), word(adamw, 6));
        assertEquals((float) (1 - Math.pow(0.999f, 3)), word(adamw, 7));
        assertEquals(0f, word(adamw, 8), "AdamW: no L2 term in the gradient");
        assertEquals(0.01f, word(adamw, 9), "AdamW: decay applied to the parameter");
        int[] adam = new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, false, 1).structWords();
        assertEquals(0.01f, word(adam, 8));
        assertEquals(0f, word(adam, 9));
    }

    @Test
    void refusesStepZeroAndBetasOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamStep(1e-3f, 1f, 0.999f, 1e-8f, 0, false, 1));
    }
}
