package dev.adjoint.backend.cuda;

/**
 * The scalars of one Adam/AdamW update, in optax's form (eps added outside the square root).
 *
 * @param learningRate  step size
 * @param beta1         decay of the first moment
 * @param beta2         decay of the second moment
 * @param eps           added to the root of the second moment
 * @param weightDecay   decay rate (0 for none)
 * @param decoupled     true for AdamW (decay applied to the parameter), false for Adam's L2 term in the gradient
 * @param step          the update's number, from 1 (for bias correction)
 */
public record AdamStep(float learningRate, float beta1, float beta2, float eps, float weightDecay,
                       boolean decoupled, long step) {
    public AdamStep {
        if (step < 1) throw new IllegalArgumentException("adam: step counts from 1, got " + step);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("adam: betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
    }

    /** The kernel's by-value argument struct, ten floats in the order of {@code AdamArgs} in optimizers.cu. */
    int[] structWords() {
        float bias1 = (float) (1 - Math.pow(beta1, step));
        float bias2 = (float) (1 - Math.pow(beta2, step));
        float[] f = {learningRate, beta1, beta2, 1f - beta1, 1f - beta2, eps, bias1, bias2,
                decoupled ? 0f : weightDecay, decoupled ? weightDecay : 0f};
        int[] words = new int[f.length];
        for (int i = 0; i < f.length; i++) words[i] = Float.floatToRawIntBits(f[i]);
        return words;
    }
}
