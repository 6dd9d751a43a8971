package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrPrinter;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.List;

/**
 * Writes IR as Java source: the last stage of the pipeline. Expressions get the fewest
 * parentheses that keep Java's evaluation order, and assignments read as a person would write
 * them ({@code s += x}, {@code i++}).
 */
public final class JavaWriter {
  static final ClassName TAPE = ClassName.get("dev.adjoint.tape", "Tape");
  static final ClassName ADJOINTS = ClassName.get("dev.adjoint.tape", "Adjoints");
  private static final int PRIMARY = 16;
  private static final int UNARY = 14;

  private final String tape;

  private JavaWriter(String tape) {
    this.tape = tape;
  }

  /**
   * The body of a method for {@code f}. A function that uses the tape first takes this thread's
   * tape and, whatever happens, leaves it as it found it.
   */
  public static CodeBlock body(Function f) {
    Names names = Names.of(f);
    String tapeName = names.fresh("tape");
    String markName = names.fresh("tapeMark");
    JavaWriter w = new JavaWriter(tapeName);
    CodeBlock.Builder b = CodeBlock.builder();
    if (usesTape(f.body())) {
      b.addStatement("$T $N = $T.forCurrentThread()", TAPE, tapeName, TAPE);
      b.addStatement("long $N = $N.mark()", markName, tapeName);
      b.beginControlFlow("try");
      w.statements(f.body().statements(), b);
      b.nextControlFlow("finally");
      b.addStatement("$N.truncate($N)", tapeName, markName);
      b.endControlFlow();
    } else {
      w.statements(f.body().statements(), b);
    }
    return b.build();
  }

  static boolean usesTape(Block body) {
    boolean[] found = {false};
    IrWalk.stmt(body, s -> found[0] |= s instanceof Stmt.Push, e -> found[0] |= e instanceof Expr.Pop);
    return found[0];
  }

  /** One expression as source, for tests and messages. */
  public static String expression(Expr e) {
    return new JavaWriter("tape").expr(e, 0).toString();
  }

  // ------------------------------------------------------------------------- statements

  private void statements(List<Stmt> stmts, CodeBlock.Builder b) {
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      if (s instanceof Stmt.Comment && i > 0 && !(stmts.get(i - 1) instanceof Stmt.Comment)) {
        b.add("\n");
      }
      statement(s, b);
    }
  }

  private void statement(Stmt s, CodeBlock.Builder b) {
    if (s instanceof Block block) {
      b.add("{\n").indent();
      statements(block.statements(), b);
      b.unindent().add("}\n");
    } else if (s instanceof Stmt.Declare d) {
      if (d.init() == null) {
        b.addStatement("$T $N", TypeNames.of(d.var().type()), d.var().name());
      } else {
        b.addStatement("$T $N = $L", TypeNames.of(d.var().type()), d.var().name(), expr(d.init(), 0));
      }
    } else if (s instanceof Stmt.Assign a) {
      b.addStatement("$L", assignment(a));
    } else if (s instanceof Stmt.ArrayWrite w) {
      b.addStatement("$L", arrayWrite(w));
    } else if (s instanceof Stmt.If i) {
      ifStatement(i, b, false);
    } else if (s instanceof Stmt.Loop l) {
      loop(l, b);
    } else if (s instanceof Stmt.Return r) {
      if (r.value() == null) {
        b.addStatement("return");
      } else {
        b.addStatement("return $L", expr(r.value(), 0));
      }
    } else if (s instanceof Stmt.Push p) {
      b.addStatement("$N.$N($L)", tape, "push" + tapeSuffix(p.value().type()), expr(p.value(), 0));
    } else if (s instanceof Stmt.Evaluate e) {
      b.addStatement("$L", expr(e.expr(), 0));
    } else if (s instanceof Stmt.Comment c) {
      b.add("// $L\n", c.text().replace("\n", " "));
    } else if (s instanceof Stmt.Accumulate a) {
      accumulate(a, b);
    } else if (s instanceof Stmt.Break br) {
      b.addStatement(br.label() == null ? "break" : "break " + br.label());
    } else if (s instanceof Stmt.Continue c) {
      b.addStatement(c.label() == null ? "continue" : "continue " + c.label());
    }
  }

  private void accumulate(Stmt.Accumulate a, CodeBlock.Builder b) {
    Type t = a.target().type();
    if (t instanceof Type.Array) {
      b.addStatement("$T.addTo($L, $L)", ADJOINTS, expr(a.target(), 0), expr(a.value(), 0));
    } else if (t.isTensor()) {
      CodeBlock target = expr(a.target(), 0);
      b.addStatement("$L = $T.add($L, $L)", target, ADJOINTS, target, expr(a.value(), 0));
    } else if (t instanceof Type.Reference) {
      // a generated adjoint object of a record: it adds a gradient record into itself
      b.addStatement("$L.add($L)", expr(a.target(), 0), expr(a.value(), 0));
    } else {
      b.addStatement("$L += $L", expr(a.target(), 0), expr(a.value(), 0));
    }
  }

  /** {@code x = x op e} as {@code x op= e}, and {@code i = i + 1} as {@code i++}. */
  private CodeBlock assignment(Stmt.Assign a) {
    CodeBlock compound = compound(Expr.Local.of(a.target()), a.value(), a.target().type());
    if (compound != null) {
      return compound;
    }
    return CodeBlock.of("$N = $L", a.target().name(), expr(a.value(), 0));
  }

  private CodeBlock arrayWrite(Stmt.ArrayWrite w) {
    Expr.ArrayRead place = new Expr.ArrayRead(w.array(), w.index(), w.pos());
    CodeBlock compound = compound(place, w.value(), place.type());
    if (compound != null) {
      return compound;
    }
    return CodeBlock.of("$L = $L", expr(place, 0), expr(w.value(), 0));
  }

  private CodeBlock compound(Expr place, Expr value, Type placeType) {
    Expr v = value;
    if (v instanceof Expr.Cast c && c.type().equals(placeType)) {
      v = c.operand();
    }
    if (!(v instanceof Expr.Binary bin) || !sameExpr(bin.left(), place)) {
      return null;
    }
    String op = switch (bin.op()) {
      case ADD -> "+=";
      case SUBTRACT -> "-=";
      case MULTIPLY -> "*=";
      case DIVIDE -> "/=";
      default -> null;
    };
    if (op == null || !placeType.isNumeric()) {
      return null;
    }
    if (placeType.isIntegral() && bin.right() instanceof Expr.Literal l && l.isOne()
        && (bin.op() == Operator.ADD || bin.op() == Operator.SUBTRACT)) {
      return CodeBlock.of("$L$L", expr(place, 0), bin.op() == Operator.ADD ? "++" : "--");
    }
    return CodeBlock.of("$L $L $L", expr(place, 0), op, expr(bin.right(), 0));
  }

  private static boolean sameExpr(Expr a, Expr b) {
    return IrPrinter.print(a).equals(IrPrinter.print(b));
  }

  private void ifStatement(Stmt.If i, CodeBlock.Builder b, boolean chained) {
    Block then = i.thenBlock();
    Block otherwise = i.elseBlock();
    if (then.isEmpty() && !otherwise.isEmpty()) {
      then = otherwise;
      otherwise = Block.EMPTY;
      CodeBlock cond = expr(negate(i.condition()), 0);
      if (chained) {
        b.nextControlFlow("else if ($L)", cond);
      } else {
        b.beginControlFlow("if ($L)", cond);
      }
    } else if (chained) {
      b.nextControlFlow("else if ($L)", expr(i.condition(), 0));
    } else {
      b.beginControlFlow("if ($L)", expr(i.condition(), 0));
    }
    statements(then.statements(), b);
    if (!otherwise.isEmpty()) {
      if (otherwise.statements().size() == 1 && otherwise.statements().get(0) instanceof Stmt.If nested) {
        ifStatement(nested, b, true);
        return;
      }
      b.nextControlFlow("else");
      statements(otherwise.statements(), b);
    }
    b.endControlFlow();
  }

  private static Expr negate(Expr condition) {
    if (condition instanceof Expr.Unary u && u.op() == Operator.NOT) {
      return u.operand();
    }
    return new Expr.Unary(Operator.NOT, condition, Type.BOOLEAN, condition.pos());
  }

  private void loop(Stmt.Loop l, CodeBlock.Builder b) {
    String label = l.label() == null ? "" : l.label() + ": ";
    CodeBlock cond = l.condition() == null ? null : expr(l.condition(), 0);
    if (l.kind() == Stmt.LoopKind.DO_WHILE) {
      statements(l.init().statements(), b);
      b.beginControlFlow(label + "do");
      statements(l.body().statements(), b);
      statements(l.update().statements(), b);
      b.endControlFlow("while ($L)", cond == null ? CodeBlock.of("true") : cond);
      return;
    }
    CodeBlock init = forClause(l.init().statements(), true);
    CodeBlock update = forClause(l.update().statements(), false);
    if (init != null && update != null && (l.kind() == Stmt.LoopKind.FOR || !l.init().isEmpty() || !l.update().isEmpty())) {
      b.beginControlFlow(label + "for ($L; $L; $L)", init, cond == null ? CodeBlock.of("") : cond, update);
      statements(l.body().statements(), b);
      b.endControlFlow();
      return;
    }
    boolean wrap = !l.init().isEmpty();
    if (wrap) {
      b.add("{\n").indent();
      statements(l.init().statements(), b);
    }
    b.beginControlFlow(label + "while ($L)", cond == null ? CodeBlock.of("true") : cond);
    statements(l.body().statements(), b);
    statements(l.update().statements(), b);
    b.endControlFlow();
    if (wrap) {
      b.unindent().add("}\n");
    }
  }

  /**
   * A for-loop's init or update clause, or null where the statements cannot be written there
   * (Java allows one declaration, or a list of expression statements).
   */
  private CodeBlock forClause(List<Stmt> stmts, boolean init) {
    if (stmts.isEmpty()) {
      return CodeBlock.of("");
    }
    if (init && stmts.stream().allMatch(s -> s instanceof Stmt.Declare d && d.init() != null)) {
      Type t = ((Stmt.Declare) stmts.get(0)).var().type();
      if (stmts.stream().allMatch(s -> ((Stmt.Declare) s).var().type().equals(t))) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T ", TypeNames.of(t));
        for (int i = 0; i < stmts.size(); i++) {
          Stmt.Declare d = (Stmt.Declare) stmts.get(i);
          b.add(i == 0 ? "$N = $L" : ", $N = $L", d.var().name(), expr(d.init(), 0));
        }
        return b.build();
      }
      return null;
    }
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      CodeBlock one;
      if (s instanceof Stmt.Assign a) {
        one = assignment(a);
      } else if (s instanceof Stmt.ArrayWrite w) {
        one = arrayWrite(w);
      } else if (s instanceof Stmt.Push p) {
        one = CodeBlock.of("$N.$N($L)", tape, "push" + tapeSuffix(p.value().type()), expr(p.value(), 0));
      } else {
        return null;
      }
      b.add(i == 0 ? "$L" : ", $L", one);
    }
    return b.build();
  }

  // ------------------------------------------------------------------------- expressions

  /** {@code e} as source, parenthesized if its precedence is below {@code context}. */
  CodeBlock expr(Expr e, int context) {
    Code c = new Code();
    write(e, context, c);
    return c.block();
  }

  private void write(Expr e, int context, Code c) {
    boolean parens = precedence(e) < context;
    if (parens) {
      c.text("(");
    }
    bare(e, c);
    if (parens) {
      c.text(")");
    }
  }

  private static int precedence(Expr e) {
    if (e instanceof Expr.Binary b) {
      return b.op().precedence();
    }
    if (e instanceof Expr.Unary || e instanceof Expr.Cast) {
      return UNARY;
    }
    if (e instanceof Expr.Conditional) {
      return Operator.CONDITIONAL_PRECEDENCE;
    }
    if (e instanceof Expr.Literal l && l.value() instanceof Number n && n.doubleValue() < 0) {
      return UNARY;
    }
    if (e instanceof Expr.Pop p && !(p.type() instanceof Type.Primitive)) {
      return UNARY;
    }
    return PRIMARY;
  }

  private void bare(Expr e, Code c) {
    if (e instanceof Expr.Literal l) {
      c.text(literal(l));
    } else if (e instanceof Expr.Null) {
      c.text("null");
    } else if (e instanceof Expr.Local l) {
      c.text(l.var().name());
    } else if (e instanceof Expr.Unary u) {
      c.text(u.op().symbol());
      int mark = c.length();
      write(u.operand(), UNARY, c);
      // -(-x) must not become --x
      if ((u.op() == Operator.NEGATE && c.startsWithAt(mark, '-')) || (u.op() == Operator.PLUS && c.startsWithAt(mark, '+'))) {
        c.parenthesizeFrom(mark);
      }
    } else if (e instanceof Expr.Binary b) {
      int p = b.op().precedence();
      write(b.left(), p, c);
      c.text(" " + b.op().symbol() + " ");
      int mark = c.length();
      write(b.right(), p + 1, c);
      if ((b.op() == Operator.ADD || b.op() == Operator.SUBTRACT) && c.startsWithAt(mark, '-')) {
        c.parenthesizeFrom(mark);
      }
    } else if (e instanceof Expr.Conditional k) {
      int p = Operator.CONDITIONAL_PRECEDENCE;
      write(k.condition(), p + 1, c);
      c.text(" ? ");
      write(k.whenTrue(), p + 1, c);
      c.text(" : ");
      write(k.whenFalse(), p, c);
    } else if (e instanceof Expr.Cast k) {
      c.text("(").type(TypeNames.of(k.type())).text(") ");
      write(k.operand(), UNARY, c);
    } else if (e instanceof Expr.ArrayRead r) {
      write(r.array(), PRIMARY, c);
      c.text("[");
      write(r.index(), 0, c);
      c.text("]");
    } else if (e instanceof Expr.ArrayLength a) {
      write(a.array(), PRIMARY, c);
      c.text(".length");
    } else if (e instanceof Expr.NewArray n) {
      Type base = n.type();
      while (base instanceof Type.Array a) {
        base = a.element();
      }
      c.text("new ").type(TypeNames.of(base));
      for (Expr d : n.dimensions()) {
        c.text("[");
        write(d, 0, c);
        c.text("]");
      }
      for (int i = n.dimensions().size(); i < n.type().arrayDepth(); i++) {
        c.text("[]");
      }
    } else if (e instanceof Expr.ArrayLiteral a) {
      c.text("new ").type(TypeNames.of(a.type())).text(" {");
      arguments(a.elements(), c);
      c.text("}");
    } else if (e instanceof Expr.ArrayClone k) {
      write(k.array(), PRIMARY, c);
      c.text(".clone()");
    } else if (e instanceof Expr.StaticField f) {
      c.type(TypeNames.className(f.owner())).text("." + f.name());
    } else if (e instanceof Expr.Call k) {
      List<Expr> args = k.arguments();
      if (k.method().isStatic()) {
        c.type(TypeNames.className(k.method().owner())).text("." + k.method().name() + "(");
        arguments(args, c);
      } else {
        write(args.get(0), PRIMARY, c);
        c.text("." + k.method().name() + "(");
        arguments(args.subList(1, args.size()), c);
      }
      c.text(")");
    } else if (e instanceof Expr.Get g) {
      write(g.target(), PRIMARY, c);
      c.text("." + g.name() + "()");
    } else if (e instanceof Expr.ListGet g) {
      write(g.list(), PRIMARY, c);
      c.text(".get(");
      write(g.index(), 0, c);
      c.text(")");
    } else if (e instanceof Expr.Field f) {
      write(f.target(), PRIMARY, c);
      c.text("." + f.name());
    } else if (e instanceof Expr.NewRecord n) {
      c.text("new ").type(TypeNames.of(n.type())).text("(");
      arguments(n.arguments(), c);
      c.text(")");
    } else if (e instanceof Expr.Pop p) {
      if (p.type() instanceof Type.Primitive) {
        c.text(tape + ".pop" + tapeSuffix(p.type()) + "()");
      } else {
        c.text("(").type(TypeNames.of(p.type())).text(") " + tape + ".popObject()");
      }
    } else {
      throw new IllegalArgumentException("cannot write " + e);
    }
  }

  private void arguments(List<Expr> args, Code c) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        c.text(", ");
      }
      write(args.get(i), 0, c);
    }
  }

  /** Which of the tape's typed stacks a value goes on. */
  static String tapeSuffix(Type t) {
    if (t instanceof Type.Primitive p) {
      return switch (p.kind()) {
        case DOUBLE -> "Double";
        case FLOAT -> "Float";
        case LONG -> "Long";
        case BOOLEAN -> "Boolean";
        default -> "Int";
      };
    }
    return "Object";
  }

  static String literal(Expr.Literal l) {
    Object v = l.value();
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "Double.NaN";
      }
      if (d.isInfinite()) {
        return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
      }
      return Double.toString(d);
    }
    if (v instanceof Float f) {
      if (f.isNaN()) {
        return "Float.NaN";
      }
      if (f.isInfinite()) {
        return f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
      }
      return Float.toString(f) + "f";
    }
    if (v instanceof Long n) {
      return n + "L";
    }
    if (v instanceof Character c) {
      return "(char) " + (int) c;
    }
    return String.valueOf(v);
  }
}
