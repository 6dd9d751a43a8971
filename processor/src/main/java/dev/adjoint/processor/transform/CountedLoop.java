package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A loop {@code for (int i = start; i < end; i++)} (or {@code <=}, or counting down with
 * {@code >}/{@code >=} and {@code i--}) whose body changes neither {@code i} nor the bounds. Its
 * adjoint is the same loop run backwards, which needs neither a trip count nor saved indices.
 */
record CountedLoop(Var index, Expr start, Expr end, Operator test, boolean up) {

  static CountedLoop match(Stmt.Loop l) {
    if (l.kind() != Stmt.LoopKind.FOR || l.init().statements().size() != 1
        || l.update().statements().size() != 1 || !(l.condition() instanceof Expr.Binary cond)) {
      return null;
    }
    if (!(l.init().statements().get(0) instanceof Stmt.Declare d) || d.init() == null
        || !(d.var().type().isIntegral())) {
      return null;
    }
    Var i = d.var();
    Operator op = cond.op();
    Expr end;
    if (cond.left() instanceof Expr.Local left && left.var().equals(i)) {
      end = cond.right();
    } else if (cond.right() instanceof Expr.Local right && right.var().equals(i)) {
      end = cond.left();
      op = flip(op);
    } else {
      return null;
    }
    if (op == null) {
      return null;
    }
    Boolean up = step(l.update().statements().get(0), i);
    if (up == null) {
      return null;
    }
    boolean ascending = op == Operator.LESS || op == Operator.LESS_EQUAL;
    boolean descending = op == Operator.GREATER || op == Operator.GREATER_EQUAL;
    if ((up && !ascending) || (!up && !descending)) {
      return null;
    }
    List<Stmt> loopBody = new ArrayList<>(l.body().statements());
    loopBody.addAll(l.update().statements());
    Set<Var> assignedInBody = IrVars.assigned(l.body().statements());
    if (assignedInBody.contains(i)) {
      return null;
    }
    Set<Var> boundReads = IrVars.reads(d.init());
    boundReads.addAll(IrVars.reads(end));
    if (boundReads.contains(i)) {
      return null;
    }
    Set<Var> assigned = IrVars.assigned(loopBody);
    Set<Var> written = IrVars.arraysWritten(loopBody);
    for (Var v : boundReads) {
      // writing an array's elements leaves its length alone: i < a.length stays a fixed bound
      if (assigned.contains(v) || written.contains(v) && !onlyLength(v, d.init(), end)) {
        return null;
      }
    }
    if (hasPop(d.init()) || hasPop(end)) {
      return null;
    }
    return new CountedLoop(i, d.init(), end, op, up);
  }

  /** Whether the bounds mention {@code array} only as {@code array.length}. */
  private static boolean onlyLength(Var array, Expr... bounds) {
    int[] mentions = {0};
    int[] lengths = {0};
    for (Expr bound : bounds) {
      IrWalk.exprs(bound, x -> {
        if (x instanceof Expr.Local l && l.var().equals(array)) {
          mentions[0]++;
        } else if (x instanceof Expr.ArrayLength n && n.array() instanceof Expr.Local l && l.var().equals(array)) {
          lengths[0]++;
        }
      });
    }
    return mentions[0] == lengths[0];
  }

  private static boolean hasPop(Expr e) {
    boolean[] found = {false};
    IrWalk.exprs(e, x -> found[0] |= x instanceof Expr.Pop);
    return found[0];
  }

  private static Operator flip(Operator op) {
    return switch (op) {
      case LESS -> Operator.GREATER;
      case LESS_EQUAL -> Operator.GREATER_EQUAL;
      case GREATER -> Operator.LESS;
      case GREATER_EQUAL -> Operator.LESS_EQUAL;
      default -> null;
    };
  }

  /** TRUE for {@code i = i + 1}, FALSE for {@code i = i - 1}, null for anything else. */
  static Boolean step(Stmt s, Var i) {
    if (!(s instanceof Stmt.Assign a) || !a.target().equals(i)) {
      return null;
    }
    Expr v = a.value();
    if (v instanceof Expr.Cast c && c.type().equals(i.type())) {
      v = c.operand();
    }
    if (!(v instanceof Expr.Binary b) || !Exprs.isOne(b.right())) {
      if (v instanceof Expr.Binary b2 && b2.op() == Operator.ADD && Exprs.isOne(b2.left())
          && b2.right() instanceof Expr.Local r && r.var().equals(i)) {
        return Boolean.TRUE;
      }
      return null;
    }
    if (!(b.left() instanceof Expr.Local l) || !l.var().equals(i)) {
      return null;
    }
    return switch (b.op()) {
      case ADD -> Boolean.TRUE;
      case SUBTRACT -> Boolean.FALSE;
      default -> null;
    };
  }

  /** The index's value in the last iteration the forward loop may run. */
  Expr lastValue() {
    return switch (test) {
      case LESS -> Exprs.sub(end, Expr.Literal.ofInt(1));
      case GREATER -> Exprs.add(end, Expr.Literal.ofInt(1));
      default -> end;
    };
  }

  Expr reverseCondition() {
    return Exprs.compare(up ? Operator.GREATER_EQUAL : Operator.LESS_EQUAL, Exprs.local(index), start);
  }

  Stmt reverseStep() {
    Expr next = up
        ? Exprs.sub(Exprs.local(index), Expr.Literal.ofInt(1))
        : Exprs.add(Exprs.local(index), Expr.Literal.ofInt(1));
    if (!next.type().equals(index.type())) {
      next = new Expr.Cast(index.type(), next, Pos.NONE);
    }
    return new Stmt.Assign(index, next, Pos.NONE);
  }
}
