package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names classes of {@link DerivativeOf} rules that the differentiable methods of the annotated
 * class may use, when those rules live in a library's class files (rules compiled together with
 * the code that uses them, or declared in the primitive's own class, are found without it).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DerivativeRules {
  /** Classes whose static {@code @DerivativeOf} methods are consulted. */
  Class<?>[] value();
}
