package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.TreeDef;
import dev.adjoint.tree.Trees;
import java.util.function.Predicate;

/**
 * Optimizers and their building blocks, composable as optax's: each is a {@link
 * GradientTransformation}, and {@link #chain} strings them together. The named optimizers are
 * chains of the blocks, with optax's defaults and update formulas:
 *
 * <table>
 *   <caption>optax and Adjoint</caption>
 *   <tr><th>optax</th><th>Adjoint</th></tr>
 *   <tr><td>{@code optax.sgd(lr)}</td><td>{@code sgd(lr)}</td></tr>
 *   <tr><td>{@code optax.sgd(lr, momentum, nesterov)}</td><td>{@code sgd(lr, momentum, nesterov)}</td></tr>
 *   <tr><td>{@code optax.adam(lr)}, {@code adam(lr, b1, b2, eps)}</td><td>{@code adam(lr)}, {@code adam(lr, b1, b2, eps)}</td></tr>
 *   <tr><td>{@code optax.adamw(lr, b1, b2, eps, weight_decay, mask)}</td><td>{@code adamw(lr, b1, b2, eps, weightDecay[, mask])}</td></tr>
 *   <tr><td>{@code optax.chain(optax.clip_by_global_norm(1.0), optax.adam(lr))}</td><td>{@code chain(clipByGlobalNorm(1.0), adam(lr))}</td></tr>
 *   <tr><td>{@code optax.apply_updates(params, updates)}</td><td>{@code applyUpdates(params, updates)}</td></tr>
 * </table>
 *
 * <p>A learning rate is a {@code double} or a {@link Schedule} (see {@link Schedules}); a schedule
 * is read at the step count, from 0 for the first update.
 */
public final class Optimizers {
  private Optimizers() {}

  /** optax's default {@code b1} for Adam. */
  public static final double ADAM_B1 = 0.9;
  /** optax's default {@code b2} for Adam. */
  public static final double ADAM_B2 = 0.999;
  /** optax's default {@code eps} for Adam. */
  public static final double ADAM_EPS = 1e-8;
  /** optax's default weight decay for AdamW. */
  public static final double ADAMW_WEIGHT_DECAY = 1e-4;

  // ---------------------------------------------------------------------------------------------
  // optimizers

  /** Plain gradient descent: {@code p - lr g}. */
  public static GradientTransformation sgd(double learningRate) {
    return new Chain("sgd", identity(), scaleByLearningRate(learningRate));
  }

  /** Gradient descent with a scheduled learning rate. */
  public static GradientTransformation sgd(Schedule learningRate) {
    return new Chain("sgd", identity(), scaleByLearningRate(learningRate));
  }

  /** Gradient descent with (heavy-ball or Nesterov) momentum: {@code chain(trace(momentum, nesterov), -lr)}. */
  public static GradientTransformation sgd(double learningRate, double momentum, boolean nesterov) {
    return new Chain("sgd", trace(momentum, nesterov), scaleByLearningRate(learningRate));
  }

  /** Gradient descent with momentum and a scheduled learning rate. */
  public static GradientTransformation sgd(Schedule learningRate, double momentum, boolean nesterov) {
    return new Chain("sgd", trace(momentum, nesterov), scaleByLearningRate(learningRate));
  }

  /** Adam with optax's defaults {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}. */
  public static GradientTransformation adam(double learningRate) {
    return adam(learningRate, ADAM_B1, ADAM_B2, ADAM_EPS);
  }

  /** Adam with defaults and a scheduled learning rate. */
  public static GradientTransformation adam(Schedule learningRate) {
    return adam(learningRate, ADAM_B1, ADAM_B2, ADAM_EPS);
  }

  /** Adam: {@code chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(lr))}. */
  public static GradientTransformation adam(double learningRate, double b1, double b2, double eps) {
    return new Chain("adam", scaleByAdam(b1, b2, eps), scaleByLearningRate(learningRate));
  }

  /** Adam with a scheduled learning rate. */
  public static GradientTransformation adam(Schedule learningRate, double b1, double b2, double eps) {
    return new Chain("adam", scaleByAdam(b1, b2, eps), scaleByLearningRate(learningRate));
  }

  /** AdamW with optax's defaults (weight decay 1e-4, applied to every leaf). */
  public static GradientTransformation adamw(double learningRate) {
    return adamw(learningRate, ADAM_B1, ADAM_B2, ADAM_EPS, ADAMW_WEIGHT_DECAY);
  }

  /** AdamW with defaults and a scheduled learning rate. */
  public static GradientTransformation adamw(Schedule learningRate) {
    return adamw(learningRate, ADAM_B1, ADAM_B2, ADAM_EPS, ADAMW_WEIGHT_DECAY);
  }

  /**
   * AdamW (Adam with decoupled weight decay): {@code chain(scaleByAdam(b1, b2, eps),
   * addDecayedWeights(weightDecay), scaleByLearningRate(lr))}, so the update is {@code -lr (adam +
   * weightDecay p)}.
   */
  public static GradientTransformation adamw(double learningRate, double b1, double b2, double eps,
      double weightDecay) {
    return adamw(learningRate, b1, b2, eps, weightDecay, leaf -> true);
  }

  /** AdamW with a scheduled learning rate. */
  public static GradientTransformation adamw(Schedule learningRate, double b1, double b2, double eps,
      double weightDecay) {
    return adamw(learningRate, b1, b2, eps, weightDecay, leaf -> true);
  }

  /**
   * AdamW decaying only the parameter leaves {@code mask} accepts, as optax's {@code mask}; e.g.
   * {@code leaf -> leaf.rank() >= 2} decays weight matrices but not biases or scalars.
   */
  public static GradientTransformation adamw(double learningRate, double b1, double b2, double eps,
      double weightDecay, Predicate<Tensor> mask) {
    return new Chain("adamw", scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay, mask),
        scaleByLearningRate(learningRate));
  }

  /** AdamW with a scheduled learning rate and a decay mask. */
  public static GradientTransformation adamw(Schedule learningRate, double b1, double b2, double eps,
      double weightDecay, Predicate<Tensor> mask) {
    return new Chain("adamw", scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay, mask),
        scaleByLearningRate(learningRate));
  }

  // ---------------------------------------------------------------------------------------------
  // building blocks

  /** Transformations applied in order, each to the previous one's output. */
  public static GradientTransformation chain(GradientTransformation... transformations) {
    return new Chain("chain", transformations);
  }

  /** Leaves updates unchanged. */
  public static GradientTransformation identity() {
    return Identity.INSTANCE;
  }

  /** Multiplies updates by {@code factor}. */
  public static GradientTransformation scale(double factor) {
    return new Scale(factor);
  }

  /** Multiplies updates by {@code schedule.valueAt(step)}, counting steps from 0. */
  public static GradientTransformation scaleBySchedule(Schedule schedule) {
    return new ScaleBySchedule(schedule);
  }

  /** Multiplies updates by {@code -learningRate}: the descent step, last in an optimizer's chain. */
  public static GradientTransformation scaleByLearningRate(double learningRate) {
    return new Scale(-Checks.finite("scaleByLearningRate", "the learning rate", learningRate));
  }

  /** Multiplies updates by {@code -learningRate.valueAt(step)}. */
  public static GradientTransformation scaleByLearningRate(Schedule learningRate) {
    if (learningRate == null) {
      throw new IllegalArgumentException("scaleByLearningRate: the schedule is null");
    }
    return new ScaleBySchedule(step -> -learningRate.valueAt(step));
  }

  /** Adam's rescaling with optax's defaults. */
  public static GradientTransformation scaleByAdam() {
    return scaleByAdam(ADAM_B1, ADAM_B2, ADAM_EPS);
  }

  /**
   * Adam's rescaling without the learning rate: {@code m̂ / (sqrt(v̂) + eps)} with bias-corrected
   * moments (see {@link AdamState}).
   *
   * @throws IllegalArgumentException unless {@code b1} and {@code b2} lie in [0, 1) and {@code eps >= 0}
   */
  public static GradientTransformation scaleByAdam(double b1, double b2, double eps) {
    return new ScaleByAdam(b1, b2, eps);
  }

  /** Momentum: keeps {@code t' = g + decay t} and passes on {@code t'} (or {@code g + decay t'} with Nesterov). */
  public static GradientTransformation trace(double decay, boolean nesterov) {
    return new Trace(decay, nesterov);
  }

  /** Adds {@code weightDecay * p} to every leaf's update (needs the params). */
  public static GradientTransformation addDecayedWeights(double weightDecay) {
    return new AddDecayedWeights(weightDecay, leaf -> true);
  }

  /** Adds {@code weightDecay * p} to the updates of the parameter leaves {@code mask} accepts. */
  public static GradientTransformation addDecayedWeights(double weightDecay, Predicate<Tensor> mask) {
    return new AddDecayedWeights(weightDecay, mask);
  }

  /** Scales all updates down together when their global norm exceeds {@code maxNorm}. */
  public static GradientTransformation clipByGlobalNorm(double maxNorm) {
    return new ClipByGlobalNorm(maxNorm);
  }

  /**
   * {@code params + updates} leaf by leaf, each in the parameter's dtype (optax's {@code
   * apply_updates}).
   *
   * @throws IllegalArgumentException if the trees differ in type, leaf count or a leaf's shape
   */
  public static <T> T applyUpdates(T params, T updates) {
    TreeDef<T> def = Trees.defOf(params);
    Tensor[] p = Trees.leaves(def, params);
    Tensor[] u = Checks.leaves("applyUpdates", "the updates", def, updates);
    return Trees.unflatten(def, params, Checks.applyUpdates("applyUpdates", p, u));
  }
}
