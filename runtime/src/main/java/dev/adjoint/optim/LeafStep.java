package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;

/**
 * What {@link GradientTransformation#applyLeaves} returns: the moved parameters, one per leaf, and
 * the transformation's next state.
 *
 * @param params leaf {@code i} replaces the tree's leaf {@code i}; owned by the receiver
 * @param state the state to pass to the next step
 */
public record LeafStep(Tensor[] params, TransformState state) {}
