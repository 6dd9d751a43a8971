package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the iterations of a loop's adjoint may run in any order, and so in the source's
 * ascending order: they take nothing off the tape, the scalars they write are their own
 * (temporaries, adjoints of the iteration's own variables, values computed again) or pure sums
 * that nothing in the loop reads, and an adjoint array that the loop reads or clears is touched
 * only at the element of the current index. Then no iteration sees another's effects, except
 * through sums, whose order changes only rounding.
 */
final class IndependentIterations {
  private final Var index;
  private final Set<Var> own;
  private final Set<Var> sums = new HashSet<>();
  private final Set<Var> arraysAtIndexOnly = new HashSet<>();
  private final Set<Var> arraysAccumulatedAnywhere = new HashSet<>();
  private final Set<Var> reads = new HashSet<>();
  private final Set<Var> arraysReadElsewhere = new HashSet<>();
  private boolean independent = true;

  private IndependentIterations(Var index, Set<Var> own) {
    this.index = index;
    this.own = new HashSet<>(own);
  }

  /**
   * @param reverseBody the adjoint of one iteration
   * @param index the loop's index
   * @param own variables that belong to one iteration: those the loop body declares, and their
   *     adjoints
   */
  static boolean check(List<Stmt> reverseBody, Var index, Set<Var> own) {
    IndependentIterations c = new IndependentIterations(index, own);
    c.own.add(index);
    c.statements(reverseBody);
    if (!c.independent) {
      return false;
    }
    for (Var s : c.sums) {
      if (c.reads.contains(s)) {
        return false;
      }
    }
    for (Var a : c.arraysAccumulatedAnywhere) {
      if (c.arraysAtIndexOnly.contains(a) || c.reads.contains(a)) {
        return false;
      }
    }
    for (Var a : c.arraysReadElsewhere) {
      if (c.arraysAtIndexOnly.contains(a) || c.arraysAccumulatedAnywhere.contains(a)) {
        return false; // another iteration's element, which this loop changes
      }
    }
    return true;
  }

  private void statements(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (!independent) {
        return;
      }
      statement(s);
    }
  }

  private void statement(Stmt s) {
    if (s instanceof Block b) {
      statements(b.statements());
    } else if (s instanceof Stmt.Comment) {
      // nothing
    } else if (s instanceof Stmt.Declare d) {
      own.add(d.var());
      read(d.init());
    } else if (s instanceof Stmt.Assign a) {
      if (!own.contains(a.target())) {
        independent = false;
      }
      read(a.value());
    } else if (s instanceof Stmt.Accumulate a) {
      read(a.value());
      if (a.target() instanceof Expr.Local l) {
        if (!own.contains(l.var())) {
          sums.add(l.var());
        }
      } else {
        Var base = IrVars.baseVariable(a.target());
        if (base == null || !(a.target() instanceof Expr.ArrayRead r)) {
          independent = false;
          return;
        }
        if (atIndex(r)) {
          arraysAtIndexOnly.add(base);
        } else {
          arraysAccumulatedAnywhere.add(base);
        }
        readIndices(r);
      }
    } else if (s instanceof Stmt.ArrayWrite w) {
      Var base = IrVars.baseVariable(w.array());
      Expr.ArrayRead place = new Expr.ArrayRead(w.array(), w.index(), w.pos());
      if (base == null || !atIndex(place)) {
        independent = false;
        return;
      }
      arraysAtIndexOnly.add(base);
      readIndices(place);
      read(w.value());
    } else if (s instanceof Stmt.If i) {
      read(i.condition());
      statement(i.thenBlock());
      statement(i.elseBlock());
    } else if (s instanceof Stmt.Loop l) {
      statement(l.init());
      read(l.condition());
      statement(l.body());
      statement(l.update());
    } else {
      // pushes, pops, returns: the iterations depend on their order
      independent = false;
    }
  }

  /** {@code a[i]} or {@code m[i][...]}: an element belonging to the current iteration. */
  private boolean atIndex(Expr.ArrayRead place) {
    Expr e = place;
    boolean found = false;
    while (e instanceof Expr.ArrayRead r) {
      if (r.index() instanceof Expr.Local l && l.var().equals(index)) {
        found = true;
      }
      e = r.array();
    }
    return found;
  }

  private void readIndices(Expr.ArrayRead place) {
    Expr e = place;
    while (e instanceof Expr.ArrayRead r) {
      read(r.index());
      e = r.array();
    }
  }

  private void read(Expr e) {
    if (e == null) {
      return;
    }
    IrWalk.exprs(e, x -> {
      if (x instanceof Expr.Pop) {
        independent = false;
      } else if (x instanceof Expr.Local l) {
        reads.add(l.var());
      } else if (x instanceof Expr.ArrayRead r) {
        Var base = IrVars.baseVariable(r);
        if (base != null && !atIndex(r)) {
          arraysReadElsewhere.add(base);
        }
      }
    });
  }
}
