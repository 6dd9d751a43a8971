package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the first accumulation into an adjoint that is known to be zero into an assignment:
 * {@code xBar = 0.0; ... xBar += r * partial;} becomes {@code xBar = r * partial;} (for tensors,
 * {@code xBar = null; ... xBar = Adjoints.add(xBar, g)} becomes {@code xBar = g}). Why: a
 * floating-point {@code 0.0 + a} cannot be folded away by the JIT (it differs from {@code a} for
 * {@code -0.0}), so in a loop each such addition lengthens the chain of dependent operations that
 * bounds the adjoint sweep's speed; for tensors it saves a call.
 *
 * <p>A variable is known zero after it is declared or assigned zero (or null), until a statement
 * mentions it. A branch starts knowing what was known before the {@code if} (so the guarded
 * {@code if (hBar != null) { matmulBar = Adjoints.add(matmulBar, ...); }} of a tensor adjoint
 * becomes an assignment too); there the zeroing itself stays, since the other branch may read it.
 * A loop's body knows the variables zero before the loop that the body sets to zero last: they
 * are zero at the start of every iteration. A tensor adjoint's guard
 * {@code if (vBar != null) { ...; vBar = null; }} leaves {@code vBar} null whichever way it goes.
 */
final class FirstAccumulations {
  /** Rewrites the first accumulations into the variables {@code isAdjoint} accepts. */
  static List<Stmt> apply(List<Stmt> stmts, Predicate<Var> isAdjoint) {
    return new FirstAccumulations(isAdjoint).apply(stmts, Set.of());
  }

  private final Predicate<Var> isAdjoint;

  private FirstAccumulations(Predicate<Var> isAdjoint) {
    this.isAdjoint = isAdjoint;
  }

  private List<Stmt> apply(List<Stmt> stmts, Set<Var> zeroAtStart) {
    // each known-zero variable, with the index in out of the assignment that zeroed it (-1 where
    // that assignment must stay: a declaration, or before this run)
    Map<Var, Integer> zero = new HashMap<>();
    zeroAtStart.forEach(v -> zero.put(v, -1));
    List<Stmt> out = new ArrayList<>(stmts.size());
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Accumulate a && a.target() instanceof Expr.Local l && zero.containsKey(l.var())
          && (l.var().type().isFloating() || l.var().type().isTensor()) && !IrVars.reads(a.value()).contains(l.var())) {
        Expr value = a.value().type().equals(l.var().type()) ? a.value() : new Expr.Cast(l.var().type(), a.value(), Pos.NONE);
        int zeroing = zero.remove(l.var());
        if (zeroing >= 0) {
          out.set(zeroing, null); // overwritten before anything reads it
        }
        zero.keySet().removeAll(IrVars.reads(a.value())); // their zeroing is read here: it stays
        out.add(new Stmt.Assign(l.var(), value, a.pos()));
        continue;
      }
      Stmt rewritten = nested(s, zero.keySet());
      zero.keySet().removeAll(IrVars.reads(List.of(s)));
      zero.keySet().removeAll(IrVars.assigned(List.of(s)));
      Var guarded = guardedVariable(s);
      if (s instanceof Stmt.Declare d && isZero(d.init()) && isAdjoint.test(d.var())) {
        zero.put(d.var(), -1);
      } else if (s instanceof Stmt.Assign a && isZero(a.value()) && isAdjoint.test(a.target())) {
        zero.put(a.target(), out.size());
      } else if (guarded != null && isAdjoint.test(guarded) && zeroedLast(List.of(s), guarded)) {
        zero.put(guarded, -1); // null when the guard skipped the block, else nulled at its end
      }
      out.add(rewritten);
    }
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  private static boolean isZero(Expr e) {
    return e instanceof Expr.Null || (e instanceof Expr.Literal l && l.isZero());
  }

  /** Nested blocks; a loop body knows only the variables zero on entry that it zeroes again last. */
  private Stmt nested(Stmt s, Set<Var> zeroBefore) {
    if (s instanceof Block b) {
      return new Block(apply(b.statements(), zeroBefore));
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), new Block(apply(i.thenBlock().statements(), zeroBefore)),
          new Block(apply(i.elseBlock().statements(), zeroBefore)), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      Set<Var> header = IrVars.reads(List.of(l.init(), l.update()));
      header.addAll(IrVars.reads(l.condition()));
      Set<Var> zeroEachIteration = new HashSet<>();
      for (Var v : zeroBefore) {
        if (!header.contains(v) && zeroedLast(l.body().statements(), v)) {
          zeroEachIteration.add(v);
        }
      }
      return new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(),
          new Block(apply(l.body().statements(), zeroEachIteration)), l.pos());
    }
    return s;
  }

  /**
   * The tensor adjoint {@code v} of the guard {@code if (v != null) { ... }} (no else) that the
   * adjoint sweep wraps around a statement's contributions, or null for any other statement.
   */
  private static Var guardedVariable(Stmt s) {
    if (s instanceof Stmt.If i && i.elseBlock().statements().isEmpty()
        && i.condition() instanceof Expr.Binary b && b.op() == Operator.NOT_EQUAL
        && b.left() instanceof Expr.Local l && b.right() instanceof Expr.Null) {
      return l.var();
    }
    return null;
  }

  /**
   * Whether the last statement of {@code body} that mentions {@code v} leaves it zero: it assigns
   * zero, or it is {@code v}'s null guard whose block zeroes {@code v} last.
   */
  private static boolean zeroedLast(List<Stmt> body, Var v) {
    for (int k = body.size() - 1; k >= 0; k--) {
      Stmt s = body.get(k);
      if (s instanceof Stmt.Assign a && a.target().equals(v)) {
        return isZero(a.value());
      }
      if (v.equals(guardedVariable(s))) {
        return zeroedLast(((Stmt.If) s).thenBlock().statements(), v);
      }
      if (IrVars.reads(List.of(s)).contains(v) || IrVars.assigned(List.of(s)).contains(v)) {
        return false;
      }
    }
    return false;
  }
}
