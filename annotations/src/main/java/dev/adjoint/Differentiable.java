package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method whose derivative Adjoint's annotation processor writes at compile time.
 *
 * <p>For a method {@code f} in class {@code p.Foo}, the processor generates the class
 * {@code p.FooGrad} (for a nested class {@code Outer.Inner}: {@code p.Outer_InnerGrad}) in
 * {@code target/generated-sources/annotations}, with:
 *
 * <ul>
 *   <li>{@code fGrad(args)}: the gradient of {@code f} with respect to its differentiable
 *       parameters. With one such parameter it has that parameter's type; with several it is a
 *       generated record whose components are named after the parameters.
 *   <li>{@code fValueAndGrad(args)}: a record with {@code value()} and {@code grad()}, computed
 *       in one pass.
 *   <li>with {@code order = k}: {@code fGrad2(x)} &hellip; {@code fGradk(x)}, the higher
 *       derivatives of a method of one {@code double} parameter.
 * </ul>
 *
 * <p>Differentiable parameters are those of type {@code double}, {@code float}, {@code double[]},
 * {@code double[][]} (and, in the tensor runtime, {@code Tensor} and records of them); {@code int},
 * {@code long} and {@code boolean} values are never differentiated.
 *
 * <p>A worked example:
 *
 * <pre>{@code
 * final class Physics {
 *   @Differentiable
 *   static double energy(double mass, double velocity) {
 *     return 0.5 * mass * velocity * velocity;
 *   }
 * }
 *
 * // generated at compile time, in PhysicsGrad:
 * PhysicsGrad.EnergyGradient g = PhysicsGrad.energyGrad(2.0, 3.0);
 * g.mass();      // 4.5  (= v^2 / 2)
 * g.velocity();  // 6.0  (= m v)
 * }</pre>
 *
 * <p>The generated code is plain Java: open {@code PhysicsGrad.java} to read it.
 *
 * <p>Gradients are computed in reverse mode, except for a method with a loop whose
 * differentiated parameters are one or two {@code double} or {@code float} scalars: that one
 * gets forward mode, which needs no tape (see {@link Mode}; {@link #mode()} overrides the
 * choice).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {

  /**
   * Names of the parameters to differentiate with respect to. Empty (the default) means every
   * parameter of a differentiable type. Naming a parameter of a type that cannot be
   * differentiated ({@code int}, say) is a compile error.
   */
  String[] wrt() default {};

  /**
   * The highest derivative to generate. {@code 1} (the default) generates the gradient only;
   * {@code k > 1} also generates {@code fGrad2} to {@code fGradk}, each by differentiating the
   * previous derivative's generated code again. Orders above one need a method with exactly one
   * differentiable parameter, of type {@code double}.
   */
  int order() default 1;

  /**
   * How the gradient is computed. {@link Mode#AUTO} (the default) lets the processor choose. The
   * generated methods are the same either way, and their results agree up to rounding; only
   * their cost differs.
   */
  Mode mode() default Mode.AUTO;

  /** How a gradient is computed: the choice {@link #mode()} makes. */
  enum Mode {
    /**
     * {@link #FORWARD} for a method with a loop whose differentiated parameters are at most two
     * {@code double} or {@code float} scalars, where the generator supports every construct in
     * its body; {@link #REVERSE} otherwise.
     */
    AUTO,

    /**
     * One backward sweep gives the derivative with respect to every parameter, whatever their
     * number and size. Values a loop overwrites are kept on a tape for that sweep, so a loop
     * costs about twice the function. Pays for arrays, tensors and many parameters, and for
     * straight-line code, where nothing needs taping.
     */
    REVERSE,

    /**
     * Each active value carries one derivative (a tangent) per differentiated parameter,
     * updated beside it in the same pass: no tape and no second sweep, but each parameter adds
     * work to every statement. Pays for loops over few scalar parameters. Only for methods whose
     * differentiated parameters are {@code double} or {@code float} scalars (asking for it with
     * an array parameter to differentiate is a compile error at the annotation: name the scalars
     * in {@link Differentiable#wrt()}, or use {@link #REVERSE}); a construct forward mode does
     * not support (an array that carries a derivative, a call it cannot inline) is a compile
     * error at that expression.
     */
    FORWARD
  }
}
