package dev.adjoint.processor.ir;

import java.util.List;

/** How a call is differentiated: what the reader found for the called method. */
public sealed interface CallDerivative {

  /** Whether {@code c}'s rules take its result ({@code @DerivativeOf(usesResult = true)}). */
  static boolean rulesTakeResult(Expr.Call c) {
    return c.method().derivative() instanceof Rules rules && rules.anyTakesResult(c);
  }

  /** No derivative: every argument must be inactive at the call (or the result not differentiable). */
  None NONE = new None();

  record None() implements CallDerivative {}

  /**
   * {@code @DerivativeOf} rules, one per parameter ({@code null} where a parameter has none, e.g.
   * an {@code int} axis). A rule's parameters are the primitive's, then the primitive's result
   * where the rule uses it ({@code @DerivativeOf(usesResult = true)}), then the result's adjoint;
   * it returns the adjoint contribution for its parameter. A rule that uses the result may take
   * the result and its adjoint alone ({@code exp(double result, double resultBar)}): then the
   * adjoint sweep does not need the call's arguments, so nothing keeps them for it.
   *
   * @param resultOnly per parameter, whether its rule takes only the result and its adjoint
   */
  record Rules(List<MethodRef> perParameter, List<Boolean> resultOnly) implements CallDerivative {
    public Rules {
      perParameter = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(perParameter));
      resultOnly = List.copyOf(resultOnly);
      if (resultOnly.size() != perParameter.size()) {
        throw new IllegalArgumentException("one form per parameter");
      }
    }

    /** Rules that all take the primitive's arguments. */
    public Rules(List<MethodRef> perParameter) {
      this(perParameter, java.util.Collections.nCopies(perParameter.size(), false));
    }

    public MethodRef ruleFor(int parameter) {
      return perParameter.get(parameter);
    }

    /** Whether the rule for {@code parameter} takes {@code call}'s result. */
    public boolean takesResult(int parameter, Expr.Call call) {
      return resultOnly.get(parameter) || perParameter.get(parameter).parameterTypes().size() == call.arguments().size() + 2;
    }

    /** Whether some rule takes the call's result ({@code @DerivativeOf(usesResult = true)}). */
    public boolean anyTakesResult(Expr.Call call) {
      for (int i = 0; i < perParameter.size(); i++) {
        if (perParameter.get(i) != null && takesResult(i, call)) {
          return true;
        }
      }
      return false;
    }

    /**
     * A call of the rule for {@code parameter}: the call's arguments (unless the rule takes the
     * result alone), then {@code result} (the call's value, or the call itself to evaluate it
     * again) where the rule takes the result, then the adjoint {@code seed}, cast to the rule's
     * type where it differs.
     */
    public Expr.Call apply(int parameter, Expr.Call call, Expr result, Expr seed) {
      MethodRef rule = perParameter.get(parameter);
      List<Expr> args = new java.util.ArrayList<>();
      if (!resultOnly.get(parameter)) {
        args.addAll(call.arguments());
      }
      if (takesResult(parameter, call)) {
        args.add(result);
      }
      Type seedType = rule.parameterTypes().get(rule.parameterTypes().size() - 1);
      args.add(seed.type().equals(seedType) ? seed : new Expr.Cast(seedType, seed, Pos.NONE));
      return new Expr.Call(rule, args, call.pos());
    }
  }

  /**
   * Another {@code @Differentiable} method, whose generated class has
   * {@code <name>Vjp(args..., resultAdjoint)} returning a value-and-gradient record.
   *
   * @param gradClass the generated class (canonical name)
   * @param vjpName name of the vector-Jacobian-product method
   * @param valueAndGradType the record returned by the VJP method
   * @param wrt for each parameter, whether the callee differentiates with respect to it
   * @param gradientType the record of the gradient, one component per wrt parameter; null when
   *     there is one wrt parameter and the gradient has that parameter's own type
   * @param parameterNames the parameters' source names, which name the gradient's components
   *     (a class file may have lost them; the callee's stored IR keeps them)
   */
  record Generated(
      String gradClass,
      String vjpName,
      Type.Reference valueAndGradType,
      Type.Reference gradientType,
      List<Boolean> wrt,
      List<String> parameterNames)
      implements CallDerivative {
    public Generated {
      wrt = List.copyOf(wrt);
      parameterNames = List.copyOf(parameterNames);
    }

    public boolean singleWrt() {
      return gradientType == null;
    }
  }
}
