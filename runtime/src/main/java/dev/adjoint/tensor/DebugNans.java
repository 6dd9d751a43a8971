package dev.adjoint.tensor;

/**
 * The opt-in check of every operation's result for NaN and infinity: set the system property
 * {@code adjoint.debugNans} to {@code true} when starting the JVM. The property is read once;
 * when it is off the check is a constant-false branch that the JIT removes.
 */
final class DebugNans {
  private DebugNans() {}

  static final boolean ENABLED = Boolean.getBoolean("adjoint.debugNans");

  static void check(String op, Tensor result, Tensor... inputs) {
    if (result.storage().backend().allFinite(result.storage())) {
      return;
    }
    StringBuilder shapes = new StringBuilder();
    for (Tensor t : inputs) {
      shapes.append(shapes.length() == 0 ? "" : ", ").append(Shape.format(t.shape));
    }
    throw new NonFiniteValueException(op,
        op + ": result of shape " + Shape.format(result.shape) + " contains NaN or infinity"
            + (inputs.length == 0 ? "" : " (input shapes " + shapes + ")")
            + " [adjoint.debugNans is on]");
  }
}
