package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Skips, in the last iteration of a reversed counted loop, a tensor adjoint that only the next
 * iteration would read. The typical case is a network's layer loop: {@code h} enters it as the
 * input {@code x}, which is not differentiated, so the adjoint of layer 0's input ({@code hBar =
 * matmul...}) is read by nothing (JAX's compiler drops the same computation as dead code). An
 * assignment {@code v = rule(...)} to a tensor adjoint in the loop's body qualifies when nothing
 * after it in the iteration and nothing after the loop reads {@code v}: its value then reaches only
 * the following iteration, and there is none after {@code i == lo}. It becomes {@code if (i != lo)
 * v = rule(...);}.
 *
 * <p>Only loops at the top level of the adjoint sweep, counting down by one to a literal bound,
 * whose bodies never assign the index; statements inside nested loops are left alone.
 */
final class LastIterationAdjoints {
  private LastIterationAdjoints() {}

  /**
   * @param sweeps the derivative's top-level statements (forward loops count up, or hold no
   *     adjoints, so only the adjoint sweep's loops change)
   * @param readAtEnd variables read after them (the gradient's components)
   * @param isAdjoint which variables hold adjoints: only their assignments are skipped, never a
   *     forward value's (whose evaluation the user's code asked for)
   */
  static List<Stmt> apply(List<Stmt> sweeps, Set<Var> readAtEnd, Predicate<Var> isAdjoint) {
    List<Stmt> out = new ArrayList<>(sweeps);
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k) instanceof Stmt.Loop loop) {
        Countdown c = Countdown.of(loop);
        if (c == null) {
          continue;
        }
        Set<Var> readAfter = new HashSet<>(readAtEnd);
        readAfter.addAll(IrVars.reads(out.subList(k + 1, out.size())));
        Block body = guard(loop.body(), readAfter, c, isAdjoint);
        if (!body.equals(loop.body())) {
          out.set(k, new Stmt.Loop(loop.label(), loop.kind(), loop.init(), loop.condition(), loop.update(), body, loop.pos()));
        }
      }
    }
    return out;
  }

  /** {@code for (int i = ...; i >= lo; i--)} with a literal {@code lo} and a body that leaves {@code i} alone. */
  private record Countdown(Var index, Expr.Literal lo) {
    static Countdown of(Stmt.Loop loop) {
      if (loop.kind() != Stmt.LoopKind.FOR
          || !(loop.condition() instanceof Expr.Binary b) || b.op() != Operator.GREATER_EQUAL
          || !(b.left() instanceof Expr.Local index) || !(b.right() instanceof Expr.Literal lo)
          || !isDecrement(loop.update(), index.var())
          || IrVars.assigned(loop.body().statements()).contains(index.var())) {
        return null;
      }
      return new Countdown(index.var(), lo);
    }

    private static boolean isDecrement(Block update, Var index) {
      return update.statements().size() == 1 && update.statements().get(0) instanceof Stmt.Assign a
          && a.target().equals(index) && a.value() instanceof Expr.Binary b && b.op() == Operator.SUBTRACT
          && b.left() instanceof Expr.Local l && l.var().equals(index)
          && b.right() instanceof Expr.Literal one && one.value() instanceof Number n && n.intValue() == 1;
    }
  }

  /** {@code block} with qualifying assignments guarded; {@code readAfter}: read after the block, in this iteration or later. */
  private static Block guard(Block block, Set<Var> readAfter, Countdown c, Predicate<Var> isAdjoint) {
    List<Stmt> stmts = block.statements();
    List<Stmt> out = new ArrayList<>(stmts);
    Set<Var> later = new HashSet<>(readAfter);
    for (int j = stmts.size() - 1; j >= 0; j--) {
      Stmt s = stmts.get(j);
      if (s instanceof Stmt.Assign a && a.target().type().isTensor() && isAdjoint.test(a.target())
          && a.value() instanceof Expr.Call && !later.contains(a.target())) {
        out.set(j, new Stmt.If(
            new Expr.Binary(Operator.NOT_EQUAL, new Expr.Local(c.index(), Pos.NONE), c.lo(), Type.BOOLEAN, Pos.NONE),
            Block.of(new Stmt.Comment("read only by the next iteration: not needed in the last"), s),
            Block.EMPTY, a.pos()));
      } else if (s instanceof Stmt.If i) {
        out.set(j, new Stmt.If(i.condition(), guard(i.thenBlock(), later, c, isAdjoint),
            guard(i.elseBlock(), later, c, isAdjoint), i.pos()));
      } else if (s instanceof Block b) {
        out.set(j, guard(b, later, c, isAdjoint));
      }
      later.addAll(IrVars.reads(List.of(s)));
    }
    return new Block(out);
  }
}
