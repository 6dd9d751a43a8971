package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;

/**
 * What {@link GradientTransformation#updateLeaves} returns: the transformed updates, one per leaf,
 * and the transformation's next state.
 *
 * @param updates leaf {@code i} updates the tree's leaf {@code i}; owned by the receiver
 * @param state the state to pass to the next update
 */
public record LeafUpdate(Tensor[] updates, TransformState state) {}
