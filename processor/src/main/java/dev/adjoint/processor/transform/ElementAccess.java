package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.List;

/**
 * Whether code touches an array only through its elements (and its length): never as a whole
 * value that could alias it, be passed on, or be read behind an index other than the given one.
 */
final class ElementAccess {
  private ElementAccess() {}

  /**
   * Whether every mention of {@code array} in {@code stmts} is {@code array[...]} or
   * {@code array.length}, and, when {@code index} is not null, every element access is
   * {@code array[index]} (for a 2-D array, its row {@code index}).
   */
  static boolean only(Var array, List<Stmt> stmts, Var index) {
    int[] mentions = {0};
    int[] elementAccesses = {0};
    IrWalk.stmts(stmts, s -> {
      if (s instanceof Stmt.ArrayWrite w && isLocal(w.array(), array) && atIndex(w.index(), index)) {
        elementAccesses[0]++;
      }
    }, e -> {
      if (isLocal(e, array)) {
        mentions[0]++;
      } else if (e instanceof Expr.ArrayRead r && isLocal(r.array(), array) && atIndex(r.index(), index)) {
        elementAccesses[0]++;
      } else if (e instanceof Expr.ArrayLength l && isLocal(l.array(), array)) {
        elementAccesses[0]++;
      }
    });
    return mentions[0] == elementAccesses[0];
  }

  private static boolean atIndex(Expr e, Var index) {
    return index == null || isLocal(e, index);
  }

  private static boolean isLocal(Expr e, Var v) {
    return e instanceof Expr.Local l && l.var().equals(v);
  }
}
