package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reorders an adjoint contribution, a product such as {@code r * (xBar * (1 - x))}, so that the
 * factors carrying adjoints are multiplied in last: {@code r * (1 - x) * xBar}. Why: in an
 * adjoint loop each iteration's adjoints depend on the previous one's, and every operation
 * between the incoming adjoint and the outgoing one lengthens that chain; the other factors,
 * computed from primal values, can run beside it. (Floating-point products are reassociated, so
 * results may differ in the last bits.)
 */
final class SeedLast {
  private SeedLast() {}

  /** {@code contribution} reordered; {@code carriesAdjoint} tells the variables on the chain. */
  static Expr reorder(Expr contribution, Predicate<Var> carriesAdjoint) {
    if (!contribution.type().isFloating()) {
      return contribution;
    }
    List<Expr> factors = new ArrayList<>();
    boolean negated = flatten(contribution, factors);
    if (factors.size() < 2) {
      return contribution;
    }
    Expr primal = null;
    Expr adjoint = null;
    for (Expr f : factors) {
      boolean onChain = IrVars.reads(f).stream().anyMatch(carriesAdjoint);
      if (onChain) {
        adjoint = adjoint == null ? f : Exprs.mul(adjoint, f);
      } else {
        primal = primal == null ? f : Exprs.mul(primal, f);
      }
    }
    Expr product = primal == null ? adjoint : adjoint == null ? primal : Exprs.mul(primal, adjoint);
    return negated ? Exprs.neg(product) : product;
  }

  /** Appends the factors of a product (through negations); returns whether it is negated. */
  private static boolean flatten(Expr e, List<Expr> factors) {
    if (e instanceof Expr.Binary b && b.op() == Operator.MULTIPLY && b.type().equals(b.left().type())
        && b.type().equals(b.right().type())) {
      return flatten(b.left(), factors) ^ flatten(b.right(), factors);
    }
    if (e instanceof Expr.Unary u && u.op() == Operator.NEGATE) {
      return !flatten(u.operand(), factors);
    }
    factors.add(e);
    return false;
  }
}
