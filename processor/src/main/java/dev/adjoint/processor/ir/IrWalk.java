package dev.adjoint.processor.ir;

import java.util.List;
import java.util.function.Consumer;

/** Visits every statement and expression of an IR tree, parents before children. */
public final class IrWalk {
  private IrWalk() {}

  public static void exprs(Expr e, Consumer<Expr> visit) {
    if (e == null) {
      return;
    }
    visit.accept(e);
    if (e instanceof Expr.Unary u) {
      exprs(u.operand(), visit);
    } else if (e instanceof Expr.Binary b) {
      exprs(b.left(), visit);
      exprs(b.right(), visit);
    } else if (e instanceof Expr.Conditional c) {
      exprs(c.condition(), visit);
      exprs(c.whenTrue(), visit);
      exprs(c.whenFalse(), visit);
    } else if (e instanceof Expr.Cast c) {
      exprs(c.operand(), visit);
    } else if (e instanceof Expr.ArrayRead a) {
      exprs(a.array(), visit);
      exprs(a.index(), visit);
    } else if (e instanceof Expr.ArrayLength a) {
      exprs(a.array(), visit);
    } else if (e instanceof Expr.NewArray n) {
      n.dimensions().forEach(d -> exprs(d, visit));
    } else if (e instanceof Expr.ArrayLiteral a) {
      a.elements().forEach(x -> exprs(x, visit));
    } else if (e instanceof Expr.ArrayClone c) {
      exprs(c.array(), visit);
    } else if (e instanceof Expr.Call c) {
      c.arguments().forEach(a -> exprs(a, visit));
    } else if (e instanceof Expr.Get g) {
      exprs(g.target(), visit);
    } else if (e instanceof Expr.ListGet g) {
      exprs(g.list(), visit);
      exprs(g.index(), visit);
    } else if (e instanceof Expr.Field f) {
      exprs(f.target(), visit);
    } else if (e instanceof Expr.NewRecord n) {
      n.arguments().forEach(a -> exprs(a, visit));
    }
  }

  public static void stmts(List<Stmt> stmts, Consumer<Stmt> visitStmt, Consumer<Expr> visitExpr) {
    for (Stmt s : stmts) {
      stmt(s, visitStmt, visitExpr);
    }
  }

  public static void stmt(Stmt s, Consumer<Stmt> visitStmt, Consumer<Expr> visitExpr) {
    visitStmt.accept(s);
    if (s instanceof Block b) {
      stmts(b.statements(), visitStmt, visitExpr);
    } else if (s instanceof Stmt.Declare d) {
      exprs(d.init(), visitExpr);
    } else if (s instanceof Stmt.Assign a) {
      exprs(a.value(), visitExpr);
    } else if (s instanceof Stmt.ArrayWrite w) {
      exprs(w.array(), visitExpr);
      exprs(w.index(), visitExpr);
      exprs(w.value(), visitExpr);
    } else if (s instanceof Stmt.If i) {
      exprs(i.condition(), visitExpr);
      stmt(i.thenBlock(), visitStmt, visitExpr);
      stmt(i.elseBlock(), visitStmt, visitExpr);
    } else if (s instanceof Stmt.Loop l) {
      stmt(l.init(), visitStmt, visitExpr);
      exprs(l.condition(), visitExpr);
      stmt(l.update(), visitStmt, visitExpr);
      stmt(l.body(), visitStmt, visitExpr);
    } else if (s instanceof Stmt.Return r) {
      exprs(r.value(), visitExpr);
    } else if (s instanceof Stmt.Push p) {
      exprs(p.value(), visitExpr);
    } else if (s instanceof Stmt.Evaluate e) {
      exprs(e.expr(), visitExpr);
    } else if (s instanceof Stmt.Accumulate a) {
      exprs(a.target(), visitExpr);
      exprs(a.value(), visitExpr);
    }
  }
}
