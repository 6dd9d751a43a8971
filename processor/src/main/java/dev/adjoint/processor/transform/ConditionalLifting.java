package dev.adjoint.processor.transform;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrRewriter;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a method for {@link ForwardMode}: rewrites {@code v = c ? a : b}, where a branch
 * carries derivatives, into {@code if (c) v = a; else v = b;}, and a {@code ?:} deeper in an
 * expression into such an {@code if} assigning a fresh variable that the expression then reads.
 * Only {@code ?:} reached through arithmetic, casts and call arguments are lifted: the ones the
 * partials would otherwise meet.
 */
final class ConditionalLifting extends StatementExpander {
  private final Activity activity;
  private final Names names;

  private ConditionalLifting(Activity activity, Names names) {
    this.activity = activity;
    this.names = names;
  }

  static Function apply(Function f, Activity activity, Names names) {
    ConditionalLifting l = new ConditionalLifting(activity, names);
    return f.withBody(new Block(l.block(f.body().statements())));
  }

  @Override
  void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Block b) {
      out.add(nested(b));
    } else if (s instanceof Stmt.If i) {
      out.add(new Stmt.If(i.condition(), nested(i.thenBlock()), nested(i.elseBlock()), i.pos()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Loop(l.label(), l.kind(), nested(l.init()), l.condition(), nested(l.update()), nested(l.body()), l.pos()));
    } else if (s instanceof Stmt.Declare d && d.init() != null) {
      Expr.Conditional c = find(d.init());
      if (c == null) {
        out.add(s);
      } else if (c == d.init()) {
        out.add(new Stmt.Declare(d.var(), null, d.pos()));
        branches(d.var(), c, d.pos(), out);
      } else {
        Expr rest = liftInner(d.init(), c, d.pos(), out);
        statement(new Stmt.Declare(d.var(), rest, d.pos()), out);
      }
    } else if (s instanceof Stmt.Assign a) {
      Expr.Conditional c = find(a.value());
      if (c == null) {
        out.add(s);
      } else if (c == a.value()) {
        branches(a.target(), c, a.pos(), out);
      } else {
        Expr rest = liftInner(a.value(), c, a.pos(), out);
        statement(new Stmt.Assign(a.target(), rest, a.pos()), out);
      }
    } else if (s instanceof Stmt.Return r && r.value() != null && find(r.value()) != null) {
      Var v = names.fresh("value", r.value().type());
      statement(new Stmt.Declare(v, r.value(), r.pos()), out);
      out.add(new Stmt.Return(Exprs.local(v), r.pos()));
    } else {
      out.add(s);
    }
  }

  /** {@code if (c) v = a; else v = b;}, each branch lifted again. */
  private void branches(Var v, Expr.Conditional c, Pos pos, List<Stmt> out) {
    List<Stmt> yes = new ArrayList<>();
    List<Stmt> no = new ArrayList<>();
    statement(new Stmt.Assign(v, c.whenTrue(), pos), yes);
    statement(new Stmt.Assign(v, c.whenFalse(), pos), no);
    out.add(new Stmt.If(c.condition(), new Block(yes), new Block(no), pos));
  }

  /** Lifts {@code c} out of {@code e} into a fresh variable; returns {@code e} reading it. */
  private Expr liftInner(Expr e, Expr.Conditional c, Pos pos, List<Stmt> out) {
    Var chosen = names.fresh("chosen", c.type());
    out.add(new Stmt.Declare(chosen, null, pos));
    branches(chosen, c, pos, out);
    Expr read = Exprs.local(chosen);
    return new IrRewriter() {
      @Override
      public Expr rewrite(Expr x) {
        return x == c ? read : x == null ? null : children(x);
      }
    }.rewrite(e);
  }

  /** The first {@code ?:} carrying derivatives that the partials of {@code e} would meet. */
  private Expr.Conditional find(Expr e) {
    if (!e.type().isFloating() || !activity.isActive(e)) {
      return null;
    }
    if (e instanceof Expr.Conditional c) {
      return c;
    }
    List<Expr> children = List.of();
    if (e instanceof Expr.Unary u) {
      children = List.of(u.operand());
    } else if (e instanceof Expr.Binary b) {
      children = List.of(b.left(), b.right());
    } else if (e instanceof Expr.Cast c) {
      children = List.of(c.operand());
    } else if (e instanceof Expr.Call c) {
      children = c.arguments();
    }
    for (Expr child : children) {
      Expr.Conditional found = find(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
