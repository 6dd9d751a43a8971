package dev.adjoint.processor.transform;

import dev.adjoint.processor.Diagnostics;
import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.MethodRef;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.normalize.ControlFlowNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forward mode: from a function of one {@code double} parameter {@code x}, builds the function
 * that returns the derivative of its result with respect to {@code x}. Each active variable
 * {@code v} gets a tangent {@code vDot} computed just before {@code v} itself.
 *
 * <p>Higher derivatives apply this to generated code: {@code fGrad2} is the tangent of
 * {@code fGrad}'s IR, {@code fGrad3} the tangent of {@code fGrad2}'s. Generated code may hold tape
 * operations; a saved value's tangent rides the tape with it (pushed after it, popped before
 * it). Calls to rule methods are inlined first, so the rules themselves get differentiated.
 */
public final class TangentMode extends StatementExpander {
  private final Activity activity;
  private final Names names;
  private final Map<Var, Var> tangents = new HashMap<>();

  private TangentMode(Function f, Activity activity) {
    this.activity = activity;
    this.names = Names.of(f);
  }

  /**
   * The derivative of {@code f} with respect to its parameter {@code x}, as a function named
   * {@code name} with {@code f}'s parameters.
   */
  public static Function derivative(Function f, Var x, String name, FunctionLibrary library, Diagnostics diagnostics) {
    Function inlined = Inliner.inline(f, library, c -> needsInlining(c));
    Function prepared = ControlFlowNormalizer.normalize(inlined);
    Activity activity = Activity.of(prepared, List.of(x));
    TangentMode t = new TangentMode(prepared, activity);
    List<Stmt> out = new ArrayList<>();
    Var xDot = t.tangentOf(x);
    out.add(new Stmt.Declare(xDot, Exprs.one(x.type()), Pos.NONE));
    List<Stmt> stmts = prepared.body().statements();
    try {
      out.addAll(t.block(stmts.subList(0, stmts.size() - 1)));
      Stmt.Return ret = (Stmt.Return) stmts.get(stmts.size() - 1);
      out.add(new Stmt.Return(t.tangent(ret.value()), ret.pos()));
    } catch (UnsupportedTransform e) {
      diagnostics.error(e.pos(), e.getMessage());
    }
    Function result = new Function(name, prepared.parameters(), prepared.returnType(), new Block(out), f.pos());
    return DeadCode.eliminate(result);
  }

  /** Calls whose forward derivative must come from their body: no scalar rule covers them. */
  private static boolean needsInlining(Expr.Call c) {
    return !(c.method().derivative() instanceof CallDerivative.Rules);
  }

  private Var tangentOf(Var v) {
    return tangents.computeIfAbsent(v, p -> names.fresh(p.name() + "Dot", p.type()));
  }

  private boolean active(Var v) {
    return activity.isActive(v);
  }

  // ------------------------------------------------------------------------- statements

  @Override
  void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Block b) {
      out.add(nested(b));
    } else if (s instanceof Stmt.Declare d) {
      if (active(d.var())) {
        if (d.init() instanceof Expr.Pop) {
          out.add(new Stmt.Declare(tangentOf(d.var()), new Expr.Pop(d.var().type()), d.pos()));
        } else {
          out.add(new Stmt.Declare(tangentOf(d.var()), d.init() == null ? null : tangentValue(d.var(), d.init()), d.pos()));
        }
      }
      out.add(s);
    } else if (s instanceof Stmt.Assign a) {
      if (active(a.target())) {
        Expr t = a.value() instanceof Expr.Pop ? new Expr.Pop(a.target().type()) : tangentValue(a.target(), a.value());
        out.add(new Stmt.Assign(tangentOf(a.target()), t, a.pos()));
      }
      out.add(s);
    } else if (s instanceof Stmt.ArrayWrite w) {
      Var base = IrVars.baseVariable(w.array());
      if (base != null && active(base)) {
        Expr t = w.value() instanceof Expr.Pop ? new Expr.Pop(w.value().type()) : tangent(w.value());
        out.add(new Stmt.ArrayWrite(tangentArray(w.array()), w.index(), t, w.pos()));
      }
      out.add(s);
    } else if (s instanceof Stmt.Accumulate a) {
      Var base = IrVars.baseVariable(a.target());
      if (base != null && active(base)) {
        out.add(new Stmt.Accumulate(tangentPlace(a.target()), tangent(a.value()), a.pos()));
      }
      out.add(s);
    } else if (s instanceof Stmt.Push p) {
      out.add(s);
      Var base = IrVars.baseVariable(p.value());
      if (base != null && active(base) && p.value().type().isDifferentiable()) {
        out.add(new Stmt.Push(tangentPlace(p.value()), p.pos()));
      }
    } else if (s instanceof Stmt.If i) {
      out.add(new Stmt.If(i.condition(), nested(i.thenBlock()), nested(i.elseBlock()), i.pos()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Loop(l.label(), l.kind(), nested(l.init()), l.condition(), nested(l.update()), nested(l.body()), l.pos()));
    } else if (s instanceof Stmt.Evaluate || s instanceof Stmt.Comment) {
      out.add(s);
    } else {
      throw new UnsupportedTransform(s.pos(), "cannot take the forward derivative of this statement");
    }
  }

  /** The tangent of a value assigned to {@code target}: for an array, its tangent array. */
  private Expr tangentValue(Var target, Expr value) {
    if (target.type() instanceof Type.Array) {
      return tangentArrayValue(value);
    }
    return tangent(value);
  }

  /** Tangent of an array-valued expression assigned to an active array variable. */
  private Expr tangentArrayValue(Expr value) {
    if (value instanceof Expr.NewArray || value instanceof Expr.Null) {
      return value;
    }
    if (value instanceof Expr.Call c && c.method().name().equals("zerosLike")) {
      return c;
    }
    if (value instanceof Expr.ArrayClone c) {
      return new Expr.ArrayClone(tangentArray(c.array()), c.pos());
    }
    return tangentArray(value);
  }

  private Expr tangentArray(Expr array) {
    if (array instanceof Expr.Local l) {
      return active(l.var()) ? Exprs.local(tangentOf(l.var())) : zeroArrayLike(l);
    }
    if (array instanceof Expr.ArrayRead r) {
      return new Expr.ArrayRead(tangentArray(r.array()), r.index(), r.pos());
    }
    if (array instanceof Expr.Conditional c) {
      return new Expr.Conditional(c.condition(), tangentArray(c.whenTrue()), tangentArray(c.whenFalse()), c.type(), c.pos());
    }
    if (array instanceof Expr.NewArray n) {
      return n;
    }
    throw new UnsupportedTransform(array.pos(), "cannot take the forward derivative of this array expression");
  }

  private Expr zeroArrayLike(Expr.Local array) {
    if (array.type().arrayDepth() == 1) {
      return new Expr.NewArray(array.type(), List.of(new Expr.ArrayLength(array, Pos.NONE)), Pos.NONE);
    }
    MethodRef zeros = MethodRef.staticMethod("dev.adjoint.tape.Adjoints", "zerosLike", List.of(array.type()), array.type());
    return new Expr.Call(zeros, List.of(array), Pos.NONE);
  }

  private Expr tangentPlace(Expr place) {
    if (place instanceof Expr.Local l) {
      return Exprs.local(tangentOf(l.var()));
    }
    Expr.ArrayRead r = (Expr.ArrayRead) place;
    return new Expr.ArrayRead(tangentArray(r.array()), r.index(), r.pos());
  }

  // ------------------------------------------------------------------------- expressions

  /** The tangent of {@code e}: how it changes per unit change of {@code x}. */
  private Expr tangent(Expr e) {
    Type t = e.type();
    if (!t.isDifferentiable() || !activity.isActive(e)) {
      return t instanceof Type.Array ? e : Exprs.zero(t.isFloating() ? t : Type.DOUBLE);
    }
    if (t instanceof Type.Array) {
      return tangentArray(e);
    }
    if (e instanceof Expr.Local l) {
      return Exprs.local(tangentOf(l.var()));
    }
    if (e instanceof Expr.Unary u) {
      return u.op() == Operator.NEGATE ? Exprs.neg(tangent(u.operand())) : tangent(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(c.condition(), tangent(c.whenTrue()), tangent(c.whenFalse()), c.type(), c.pos());
    }
    if (e instanceof Expr.Cast c) {
      Expr inner = tangent(c.operand());
      return inner.type().equals(c.type()) ? inner : new Expr.Cast(c.type(), inner, c.pos());
    }
    if (e instanceof Expr.ArrayRead r) {
      return new Expr.ArrayRead(tangentArray(r.array()), r.index(), r.pos());
    }
    if (e instanceof Expr.Call c) {
      return call(c);
    }
    throw new UnsupportedTransform(e.pos(), "cannot take the forward derivative of this expression");
  }

  private Expr binary(Expr.Binary b) {
    Expr l = b.left();
    Expr r = b.right();
    Expr dl = tangent(l);
    Expr dr = tangent(r);
    return switch (b.op()) {
      case ADD -> Exprs.add(dl, dr);
      case SUBTRACT -> Exprs.sub(dl, dr);
      case MULTIPLY -> Exprs.add(Exprs.mul(dl, r), Exprs.mul(l, dr));
      case DIVIDE -> Exprs.isZero(dr)
          ? Exprs.div(dl, r)
          : Exprs.div(Exprs.sub(Exprs.mul(dl, r), Exprs.mul(l, dr)), Exprs.mul(r, r));
      case REMAINDER -> Exprs.sub(dl, Exprs.mul(
          new Expr.Cast(b.type(), new Expr.Cast(Type.LONG, Exprs.div(l, r), Pos.NONE), Pos.NONE), dr));
      default -> throw new UnsupportedTransform(b.pos(), "operator " + b.op().symbol() + " has no derivative");
    };
  }

  /**
   * A scalar rule returns its parameter's adjoint contribution given the result's adjoint; for a
   * scalar function that is the partial derivative times that adjoint, so passing the argument's
   * tangent gives the tangent's share.
   */
  private Expr call(Expr.Call c) {
    MethodRef m = c.method();
    if (!(m.derivative() instanceof CallDerivative.Rules rules)) {
      throw new UnsupportedTransform(c.pos(), m.simpleOwner() + "." + m.name()
          + " has no derivative rule and no body to differentiate, so its higher derivatives are unknown");
    }
    Expr sum = null;
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      if (!activity.isActive(arg)) {
        continue;
      }
      MethodRef rule = rules.ruleFor(i);
      if (rule == null) {
        throw new UnsupportedTransform(c.pos(), "no derivative rule for " + m.simpleOwner() + "." + m.name()
            + " with respect to its parameter '" + m.parameterNames().get(i) + "'");
      }
      Expr term = rules.apply(i, c, c, tangent(arg));
      sum = sum == null ? term : Exprs.add(sum, term);
    }
    return sum == null ? Exprs.zero(c.type()) : sum;
  }

  /** Variables a set of statements assigns, for callers that need it (tests). */
  static Set<Var> assigned(List<Stmt> stmts) {
    return IrVars.assigned(stmts);
  }
}
