package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Merges one statement's contributions to the same adjoint that share their adjoint factor:
 * {@code xBar += r * (1 - x) * s; xBar += -(r * x * s);} becomes
 * {@code xBar += (r * (1 - x) - r * x) * s;}, the partial derivative times the adjoint. Why: in an
 * adjoint loop the chain from one iteration's adjoint to the next then holds one multiplication
 * instead of a multiplication and an addition (the partials are computed beside it), and the
 * code reads as the chain rule. (Reassociated, so the last bits may differ.)
 */
final class CombinedContributions {
  private CombinedContributions() {}

  /** A contribution {@code ± coefficient * seed}, where only {@code seed} carries adjoints. */
  private record Term(Expr coefficient, Expr seed) {}

  static List<Stmt> apply(List<Stmt> contributions, Predicate<Var> carriesAdjoint) {
    List<Stmt> out = new ArrayList<>(contributions.size());
    for (Stmt s : contributions) {
      if (!(s instanceof Stmt.Accumulate a && mergedInto(out, a, carriesAdjoint))) {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether {@code a} was merged into an earlier accumulation in the run ending {@code out}. */
  private static boolean mergedInto(List<Stmt> out, Stmt.Accumulate a, Predicate<Var> carriesAdjoint) {
    if (!(a.target() instanceof Expr.Local target) || !target.type().isFloating()) {
      return false;
    }
    Term term = term(a.value(), carriesAdjoint);
    if (term == null) {
      return false;
    }
    for (int k = out.size() - 1; k >= 0 && out.get(k) instanceof Stmt.Accumulate earlier; k--) {
      if (earlier.target().equals(target)) {
        Term first = term(earlier.value(), carriesAdjoint);
        if (first == null || !sameVariable(first.seed(), term.seed())) {
          return false;
        }
        Expr sum = Exprs.add(first.coefficient(), term.coefficient());
        out.set(k, new Stmt.Accumulate(earlier.target(), Exprs.mul(sum, term.seed()), earlier.pos()));
        return true;
      }
      if (IrVars.reads(earlier.value()).contains(target.var())) {
        return false;
      }
    }
    return false;
  }

  /** {@code value} as a coefficient times an adjoint factor, or null when it is not one. */
  private static Term term(Expr value, Predicate<Var> carriesAdjoint) {
    boolean negated = false;
    Expr e = value;
    if (e instanceof Expr.Unary u && u.op() == Operator.NEGATE) {
      negated = true;
      e = u.operand();
    }
    Expr coefficient;
    Expr seed;
    if (carries(e, carriesAdjoint) && e instanceof Expr.Local) {
      coefficient = Expr.Literal.of(1.0, e.type());
      seed = e;
    } else if (e instanceof Expr.Binary b && b.op() == Operator.MULTIPLY && b.right() instanceof Expr.Local
        && carries(b.right(), carriesAdjoint) && !carries(b.left(), carriesAdjoint)
        && b.type().equals(b.left().type()) && b.type().equals(b.right().type())) {
      coefficient = b.left();
      seed = b.right();
    } else {
      return null;
    }
    return new Term(negated ? Exprs.neg(coefficient) : coefficient, seed);
  }

  private static boolean sameVariable(Expr a, Expr b) {
    return ((Expr.Local) a).var().equals(((Expr.Local) b).var());
  }

  private static boolean carries(Expr e, Predicate<Var> carriesAdjoint) {
    return IrVars.reads(e).stream().anyMatch(carriesAdjoint);
  }
}
