/**
 * Optimizers composable as optax's: {@link dev.adjoint.optim.GradientTransformation}s (SGD,
 * momentum, Adam, AdamW, clipping, weight decay, learning-rate {@link dev.adjoint.optim.Schedule}s)
 * chained with {@link dev.adjoint.optim.Optimizers#chain}, working on any parameter tree through
 * {@link dev.adjoint.tree.Trees}.
 *
 * <p>State is the user's and immutable: {@code init} returns an {@link
 * dev.adjoint.optim.OptState}, each {@code update} or {@code apply} returns the next one and
 * modifies nothing, as in optax.
 */
package dev.adjoint.optim;
