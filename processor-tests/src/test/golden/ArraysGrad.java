package golden;

import dev.adjoint.tape.Adjoints;
import javax.annotation.processing.Generated;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link Arrays}, written at compile time by
 * Adjoint's annotation processor. Regenerated on every build: edit {@code Arrays} instead.
 *
 * <p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original
 * statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in
 * reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.
 */
@Generated(
    value = "dev.adjoint.processor.DifferentiableProcessor",
    comments = "derivatives of golden.Arrays"
)
public final class ArraysGrad {
  private ArraysGrad() {
  }

  /**
   * Gradient of {@link Arrays#mse(double[], double, double[][], double[])} with respect to {@code w}, {@code b}, {@code xs}, {@code ys}.
   */
  public static MseGradient mseGrad(double[] w, double b, double[][] xs, double[] ys) {
    return mseVjp(w, b, xs, ys, 1.0).grad();
  }

  /**
   * Value and gradient of {@link Arrays#mse(double[], double, double[][], double[])} (with respect to {@code w}, {@code b}, {@code xs}, {@code ys}), in one pass.
   */
  public static MseValueAndGrad mseValueAndGrad(double[] w, double b, double[][] xs, double[] ys) {
    return mseVjp(w, b, xs, ys, 1.0);
  }

  /**
   * Value of {@link Arrays#mse(double[], double, double[][], double[])}, and its gradient scaled by {@code resultBar} (a vector-Jacobian
   * product). Holds the derivative code; other generated code calls it to differentiate
   * through this method.
   */
  public static MseValueAndGrad mseVjp(double[] w, double b, double[][] xs, double[] ys,
      double resultBar) {
    double[][] xsBar = Adjoints.zerosLike(xs);
    double[] wBar = new double[w.length];
    double[] ysBar = new double[ys.length];
    double totalBar = 0.0;
    double predictionBar = 0.0;
    double bBar = 0.0;
    double errorBar = 0.0;

    // forward sweep
    double total = 0;

    // the loop at line 10 runs its adjoint as it goes, so the adjoint of what follows it comes first
    // adjoint of line 18: return total / xs.length;
    totalBar = resultBar / xs.length;
    for (int i = 0; i < xs.length; i++) {
      double prediction = b;
      for (int j = 0; j < w.length; j++) {
        prediction += xs[i][j] * w[j];
      }
      double error = prediction - ys[i];
      total += error * error;

      // adjoint of this iteration, at once: no iteration needs another's adjoint
      errorBar = 2.0 * error * totalBar;

      // adjoint of line 15: double error = prediction - ys[i];
      predictionBar = errorBar;
      ysBar[i] += -errorBar;
      errorBar = 0.0;

      // adjoint of the loop at line 12: for (int j = 0; j < w.length; j++)
      for (int j = 0; j < w.length; j++) {
        // no iteration needs another's adjoint: they run in the source's order
        // adjoint of line 13: prediction += xs[i][j] * w[j]
        xsBar[i][j] += w[j] * predictionBar;
        wBar[j] += xs[i][j] * predictionBar;
      }

      // adjoint of line 11: double prediction = b;
      bBar += predictionBar;
      predictionBar = 0.0;
    }
    double value = total / xs.length;
    return new MseValueAndGrad(value, new MseGradient(wBar, bBar, xsBar, ysBar));
  }

  /**
   * Gradient of {@link Arrays#mse(double[], double, double[][], double[])} with respect to {@code w}, {@code b}, {@code xs}, {@code ys}: one component per parameter.
   */
  public record MseGradient(double[] w, double b, double[][] xs, double[] ys) {
  }

  /**
   * The value of {@link Arrays#mse(double[], double, double[][], double[])} and its gradient, computed in one pass.
   */
  public record MseValueAndGrad(double value, MseGradient grad) {
  }
}
