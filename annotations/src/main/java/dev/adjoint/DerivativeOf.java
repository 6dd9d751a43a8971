package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the method it annotates to be a derivative rule of another method, the
 * <em>primitive</em>: Adjoint's generated code calls the rule instead of looking into the
 * primitive. The rules for {@code java.lang.Math} in the runtime are written this way, and so are
 * a user's rules for their own functions (as Swift's {@code @derivative(of:)} and JAX's
 * {@code custom_vjp}).
 *
 * <p>A rule is a static method whose parameters are the primitive's parameters followed by one
 * more: the adjoint of the primitive's result (how much the final output changes per unit change
 * of the result). It returns the adjoint contribution for one parameter of the primitive, the one
 * named by {@link #wrt()}:
 *
 * <pre>{@code
 * final class MyRules {
 *   // d/dx softplus(x) = sigmoid(x); the rule scales it by the result's adjoint
 *   @DerivativeOf(value = Activations.class, method = "softplus")
 *   static double softplus(double x, double resultAdjoint) {
 *     return resultAdjoint / (1 + Math.exp(-x));
 *   }
 * }
 * }</pre>
 *
 * <p>A rule whose body stays inside the differentiable subset can itself be differentiated, so
 * higher derivatives need no further rules. Where a rule is found: in the class of the primitive,
 * in any class compiled together with the code that calls it, in classes named by
 * {@link DerivativeRules}, and in the runtime's built-in rule classes.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {

  /** The class that declares the primitive. */
  Class<?> value();

  /** The primitive's name. Its parameter types must be the rule's, less the last one. */
  String method();

  /**
   * The primitive's parameter whose adjoint this rule returns, by name or by zero-based index
   * ("0", "1"). May be left empty when the primitive has one parameter.
   */
  String wrt() default "";

  /**
   * Whether the rule also takes the primitive's result, as one more parameter just before the
   * result's adjoint: {@code exp(double x, double result, double resultAdjoint)} returns
   * {@code resultAdjoint * result}. Generated code passes the value its forward sweep already
   * computed when the call's result sits in a variable (and evaluates the call again where it
   * does not), so functions whose derivative is written in terms of their value ({@code exp},
   * {@code tanh}, {@code sqrt}) are not computed twice.
   *
   * <p>Such a rule may also leave out the primitive's parameters and take the result and its
   * adjoint alone: {@code exp(double result, double resultAdjoint)} (name the parameter with
   * {@link #wrt()} when the primitive has several). Then the adjoint sweep reads nothing the call's
   * arguments read, so a loop need not keep those values for it.
   */
  boolean usesResult() default false;
}
