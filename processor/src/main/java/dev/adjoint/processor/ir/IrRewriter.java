package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds IR bottom-up. Subclasses override {@link #rewrite(Expr)} or {@link #rewrite(Stmt)} for
 * the nodes they change and call the {@code children} methods to rebuild the rest unchanged.
 */
public class IrRewriter {

  /** Renames variables (declarations, assignments and reads alike). */
  public static IrRewriter renaming(Map<Var, Var> renames) {
    return new IrRewriter() {
      @Override
      protected Var var(Var v) {
        return renames.getOrDefault(v, v);
      }
    };
  }

  /** Replaces reads of variables by expressions. */
  public static IrRewriter substituting(Map<Var, Expr> values) {
    return new IrRewriter() {
      @Override
      public Expr rewrite(Expr e) {
        if (e instanceof Expr.Local l && values.containsKey(l.var())) {
          return values.get(l.var());
        }
        return children(e);
      }
    };
  }

  protected Var var(Var v) {
    return v;
  }

  public Expr rewrite(Expr e) {
    return e == null ? null : children(e);
  }

  public Stmt rewrite(Stmt s) {
    return children(s);
  }

  public Block rewrite(Block b) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : b.statements()) {
      out.add(rewrite(s));
    }
    return new Block(out);
  }

  public Function rewrite(Function f) {
    List<Var> params = new ArrayList<>();
    for (Var p : f.parameters()) {
      params.add(var(p));
    }
    return new Function(f.name(), params, f.returnType(), rewrite(f.body()), f.pos());
  }

  protected final List<Expr> all(List<Expr> es) {
    List<Expr> out = new ArrayList<>();
    for (Expr e : es) {
      out.add(rewrite(e));
    }
    return out;
  }

  protected final Expr children(Expr e) {
    if (e instanceof Expr.Local l) {
      Var v = var(l.var());
      return v == l.var() ? l : new Expr.Local(v, l.pos());
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), rewrite(u.operand()), u.type(), u.pos());
    }
    if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), rewrite(b.left()), rewrite(b.right()), b.type(), b.pos());
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(rewrite(c.condition()), rewrite(c.whenTrue()), rewrite(c.whenFalse()), c.type(), c.pos());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), rewrite(c.operand()), c.pos());
    }
    if (e instanceof Expr.ArrayRead r) {
      return new Expr.ArrayRead(rewrite(r.array()), rewrite(r.index()), r.pos());
    }
    if (e instanceof Expr.ArrayLength a) {
      return new Expr.ArrayLength(rewrite(a.array()), a.pos());
    }
    if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(n.type(), all(n.dimensions()), n.pos());
    }
    if (e instanceof Expr.ArrayLiteral a) {
      return new Expr.ArrayLiteral(a.type(), all(a.elements()), a.pos());
    }
    if (e instanceof Expr.ArrayClone c) {
      return new Expr.ArrayClone(rewrite(c.array()), c.pos());
    }
    if (e instanceof Expr.Call c) {
      return new Expr.Call(c.method(), all(c.arguments()), c.pos());
    }
    if (e instanceof Expr.Get g) {
      return new Expr.Get(rewrite(g.target()), g.name(), g.type(), g.pos());
    }
    if (e instanceof Expr.ListGet g) {
      return new Expr.ListGet(rewrite(g.list()), rewrite(g.index()), g.type(), g.pos());
    }
    if (e instanceof Expr.Field f) {
      return new Expr.Field(rewrite(f.target()), f.name(), f.type(), f.pos());
    }
    if (e instanceof Expr.NewRecord n) {
      return new Expr.NewRecord(n.type(), all(n.arguments()), n.pos());
    }
    return e;
  }

  protected final Stmt children(Stmt s) {
    if (s instanceof Block b) {
      return rewrite(b);
    }
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(var(d.var()), rewrite(d.init()), d.pos());
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(var(a.target()), rewrite(a.value()), a.pos());
    }
    if (s instanceof Stmt.ArrayWrite w) {
      return new Stmt.ArrayWrite(rewrite(w.array()), rewrite(w.index()), rewrite(w.value()), w.pos());
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(rewrite(i.condition()), rewrite(i.thenBlock()), rewrite(i.elseBlock()), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), rewrite(l.init()), rewrite(l.condition()),
          rewrite(l.update()), rewrite(l.body()), l.pos());
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(rewrite(r.value()), r.pos());
    }
    if (s instanceof Stmt.Push p) {
      return new Stmt.Push(rewrite(p.value()), p.pos());
    }
    if (s instanceof Stmt.Evaluate e) {
      return new Stmt.Evaluate(rewrite(e.expr()), e.pos());
    }
    if (s instanceof Stmt.Accumulate a) {
      return new Stmt.Accumulate(rewrite(a.target()), rewrite(a.value()), a.pos());
    }
    return s;
  }
}
