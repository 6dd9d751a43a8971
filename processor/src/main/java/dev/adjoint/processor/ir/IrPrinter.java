package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Writes IR as s-expressions. The text is what {@link IrParser} reads back: the processor stores
 * the bodies of rules and differentiable methods this way next to their class files, so that other
 * compilations can differentiate through them again (higher derivatives). Positions, comments and
 * call derivatives are not written; the reader of the text resolves calls anew.
 */
public final class IrPrinter {
  private final StringBuilder out = new StringBuilder();

  private IrPrinter() {}

  public static String print(Function f) {
    IrPrinter p = new IrPrinter();
    p.function(f);
    return p.out.toString();
  }

  public static String print(Stmt s) {
    IrPrinter p = new IrPrinter();
    p.stmt(s);
    return p.out.toString();
  }

  public static String print(Expr e) {
    IrPrinter p = new IrPrinter();
    p.expr(e);
    return p.out.toString();
  }

  /** Type descriptors: JVM-like letters, {@code [T} for arrays, {@code Lname<args>;} for classes. */
  public static String type(Type t) {
    StringBuilder b = new StringBuilder();
    type(t, b);
    return b.toString();
  }

  private static void type(Type t, StringBuilder b) {
    if (t instanceof Type.Primitive p) {
      b.append(
          switch (p.kind()) {
            case DOUBLE -> 'D';
            case FLOAT -> 'F';
            case LONG -> 'J';
            case INT -> 'I';
            case SHORT -> 'S';
            case BYTE -> 'B';
            case CHAR -> 'C';
            case BOOLEAN -> 'Z';
            case VOID -> 'V';
          });
    } else if (t instanceof Type.Array a) {
      b.append('[');
      type(a.element(), b);
    } else {
      Type.Reference r = (Type.Reference) t;
      b.append('L').append(r.name());
      if (!r.arguments().isEmpty()) {
        b.append('<');
        for (Type arg : r.arguments()) {
          type(arg, b);
        }
        b.append('>');
      }
      b.append(';');
    }
  }

  private void open(String head) {
    out.append('(').append(head);
  }

  private void close() {
    out.append(')');
  }

  private void space() {
    out.append(' ');
  }

  private void function(Function f) {
    open("fn " + f.name());
    space();
    out.append("(params");
    for (Var v : f.parameters()) {
      out.append(" (").append(v.name()).append(' ').append(type(v.type())).append(')');
    }
    out.append(") ").append(type(f.returnType())).append(' ');
    block(f.body());
    close();
  }

  private void block(Block b) {
    open("block");
    for (Stmt s : b.statements()) {
      if (s instanceof Stmt.Comment) {
        continue;
      }
      space();
      stmt(s);
    }
    close();
  }

  private void stmt(Stmt s) {
    if (s instanceof Block b) {
      block(b);
    } else if (s instanceof Stmt.Declare d) {
      open("decl " + d.var().name() + " " + type(d.var().type()));
      if (d.init() != null) {
        space();
        expr(d.init());
      }
      close();
    } else if (s instanceof Stmt.Assign a) {
      open("set " + a.target().name() + " " + type(a.target().type()) + " ");
      expr(a.value());
      close();
    } else if (s instanceof Stmt.ArrayWrite w) {
      open("aset ");
      expr(w.array());
      space();
      expr(w.index());
      space();
      expr(w.value());
      close();
    } else if (s instanceof Stmt.If i) {
      open("if ");
      expr(i.condition());
      space();
      block(i.thenBlock());
      space();
      block(i.elseBlock());
      close();
    } else if (s instanceof Stmt.Loop l) {
      open("loop " + (l.label() == null ? "-" : l.label()) + " " + l.kind() + " ");
      block(l.init());
      space();
      if (l.condition() == null) {
        out.append('-');
      } else {
        expr(l.condition());
      }
      space();
      block(l.update());
      space();
      block(l.body());
      close();
    } else if (s instanceof Stmt.Break b) {
      out.append("(break ").append(b.label() == null ? "-" : b.label()).append(')');
    } else if (s instanceof Stmt.Continue c) {
      out.append("(continue ").append(c.label() == null ? "-" : c.label()).append(')');
    } else if (s instanceof Stmt.Return r) {
      open("return");
      if (r.value() != null) {
        space();
        expr(r.value());
      }
      close();
    } else if (s instanceof Stmt.Push p) {
      open("push ");
      expr(p.value());
      close();
    } else if (s instanceof Stmt.Evaluate e) {
      open("eval ");
      expr(e.expr());
      close();
    } else if (s instanceof Stmt.Accumulate a) {
      open("acc ");
      expr(a.target());
      space();
      expr(a.value());
      close();
    }
  }

  private void expr(Expr e) {
    if (e instanceof Expr.Literal l) {
      out.append("(lit ").append(type(l.type())).append(' ').append(literalText(l)).append(')');
    } else if (e instanceof Expr.Null n) {
      out.append("(null ").append(type(n.type())).append(')');
    } else if (e instanceof Expr.Local l) {
      out.append("(v ").append(l.var().name()).append(' ').append(type(l.type())).append(')');
    } else if (e instanceof Expr.Unary u) {
      open("un " + u.op() + " " + type(u.type()) + " ");
      expr(u.operand());
      close();
    } else if (e instanceof Expr.Binary b) {
      open("bin " + b.op() + " " + type(b.type()) + " ");
      expr(b.left());
      space();
      expr(b.right());
      close();
    } else if (e instanceof Expr.Conditional c) {
      open("cond " + type(c.type()) + " ");
      expr(c.condition());
      space();
      expr(c.whenTrue());
      space();
      expr(c.whenFalse());
      close();
    } else if (e instanceof Expr.Cast c) {
      open("cast " + type(c.type()) + " ");
      expr(c.operand());
      close();
    } else if (e instanceof Expr.ArrayRead a) {
      open("aget ");
      expr(a.array());
      space();
      expr(a.index());
      close();
    } else if (e instanceof Expr.ArrayLength a) {
      open("alen ");
      expr(a.array());
      close();
    } else if (e instanceof Expr.NewArray n) {
      open("newarr " + type(n.type()));
      args(n.dimensions());
      close();
    } else if (e instanceof Expr.ArrayLiteral a) {
      open("arrlit " + type(a.type()));
      args(a.elements());
      close();
    } else if (e instanceof Expr.ArrayClone c) {
      open("clone ");
      expr(c.array());
      close();
    } else if (e instanceof Expr.StaticField f) {
      out.append("(sfield ").append(f.owner()).append(' ').append(f.name()).append(' ')
          .append(type(f.type())).append(')');
    } else if (e instanceof Expr.Call c) {
      MethodRef m = c.method();
      open("call " + m.owner() + " " + m.name() + " " + (m.isStatic() ? "static" : "instance") + " (");
      for (int i = 0; i < m.parameterTypes().size(); i++) {
        if (i > 0) {
          space();
        }
        out.append(m.parameterNames().get(i)).append(':').append(type(m.parameterTypes().get(i)));
      }
      out.append(") ").append(type(m.returnType()));
      args(c.arguments());
      close();
    } else if (e instanceof Expr.Get g) {
      open("get " + g.name() + " " + type(g.type()) + " ");
      expr(g.target());
      close();
    } else if (e instanceof Expr.ListGet g) {
      open("lget " + type(g.type()) + " ");
      expr(g.list());
      space();
      expr(g.index());
      close();
    } else if (e instanceof Expr.Field f) {
      open("field " + f.name() + " " + type(f.type()) + " ");
      expr(f.target());
      close();
    } else if (e instanceof Expr.NewRecord n) {
      open("newrec " + type(n.type()));
      args(n.arguments());
      close();
    } else if (e instanceof Expr.Pop p) {
      out.append("(pop ").append(type(p.type())).append(')');
    }
  }

  /** Chars are written as their code so that the text stays one token. */
  private static String literalText(Expr.Literal l) {
    return l.value() instanceof Character c ? Integer.toString(c) : String.valueOf(l.value());
  }

  private void args(List<Expr> args) {
    for (Expr a : args) {
      space();
      expr(a);
    }
  }
}
