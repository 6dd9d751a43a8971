package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;

/**
 * Multiplies the updates by a schedule's value at the current step, counting steps from 0
 * (optax's {@code scale_by_schedule}): the first update uses {@code schedule.valueAt(0)}.
 */
final class ScaleBySchedule implements GradientTransformation {
  private final Schedule schedule;

  ScaleBySchedule(Schedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("scaleBySchedule: the schedule is null");
    }
    this.schedule = schedule;
  }

  @Override
  public TransformState initLeaves(Tensor[] params) {
    return new CountState(0);
  }

  @Override
  public LeafUpdate updateLeaves(Tensor[] updates, TransformState state, Tensor[] params) {
    double factor = factorAt(state);
    Tensor[] out = new Tensor[updates.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = updates[i].mul(factor);
    }
    return new LeafUpdate(out, next(state));
  }

  /** This step's factor: the schedule's value at the state's count. */
  double factorAt(TransformState state) {
    long count = Checks.state(name(), state, CountState.class).count();
    double factor = schedule.valueAt(count);
    if (Double.isNaN(factor)) {
      throw new IllegalArgumentException("scaleBySchedule: the schedule gave NaN at step " + count);
    }
    return factor;
  }

  /** The state after this step: the count one higher. */
  TransformState next(TransformState state) {
    return new CountState(Math.addExact(Checks.state(name(), state, CountState.class).count(), 1));
  }

  @Override
  public String name() {
    return "scaleBySchedule";
  }
}
