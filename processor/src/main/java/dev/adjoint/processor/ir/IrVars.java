package dev.adjoint.processor.ir;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which variables expressions read and statements assign. */
public final class IrVars {
  private IrVars() {}

  /** Every variable {@code e} reads, in order of first appearance. */
  public static Set<Var> reads(Expr e) {
    Set<Var> out = new LinkedHashSet<>();
    reads(e, out);
    return out;
  }

  public static void reads(Expr e, Set<Var> out) {
    IrWalk.exprs(e, x -> {
      if (x instanceof Expr.Local l) {
        out.add(l.var());
      }
    });
  }

  /** Every variable read anywhere in the statements (conditions and indices included). */
  public static Set<Var> reads(List<Stmt> stmts) {
    Set<Var> out = new LinkedHashSet<>();
    IrWalk.stmts(stmts, s -> {}, x -> {
      if (x instanceof Expr.Local l) {
        out.add(l.var());
      }
    });
    return out;
  }

  /** Variables assigned or declared in the statements, nested blocks included. */
  public static Set<Var> assigned(List<Stmt> stmts) {
    Set<Var> out = new LinkedHashSet<>();
    IrWalk.stmts(stmts, s -> {
      if (s instanceof Stmt.Assign a) {
        out.add(a.target());
      } else if (s instanceof Stmt.Declare d) {
        out.add(d.var());
      }
    }, x -> {});
    return out;
  }

  /** Array variables whose elements the statements write (the base variable of each write). */
  public static Set<Var> arraysWritten(List<Stmt> stmts) {
    Set<Var> out = new LinkedHashSet<>();
    IrWalk.stmts(stmts, s -> {
      if (s instanceof Stmt.ArrayWrite w) {
        Var base = baseVariable(w.array());
        if (base != null) {
          out.add(base);
        }
      } else if (s instanceof Stmt.Accumulate a && !(a.target() instanceof Expr.Local)) {
        Var base = baseVariable(a.target());
        if (base != null) {
          out.add(base);
        }
      }
    }, x -> {});
    return out;
  }

  /** The variable under an array access chain ({@code m} for {@code m[i][j]}), or null. */
  public static Var baseVariable(Expr e) {
    while (true) {
      if (e instanceof Expr.ArrayRead r) {
        e = r.array();
      } else if (e instanceof Expr.Field f) {
        e = f.target();
      } else if (e instanceof Expr.ListGet g) {
        e = g.list();
      } else if (e instanceof Expr.Get g) {
        e = g.target();
      } else {
        break;
      }
    }
    return e instanceof Expr.Local l ? l.var() : null;
  }

  public static boolean readsAnyArray(Expr e) {
    boolean[] found = {false};
    IrWalk.exprs(e, x -> {
      if (x instanceof Expr.ArrayRead) {
        found[0] = true;
      }
    });
    return found[0];
  }
}
