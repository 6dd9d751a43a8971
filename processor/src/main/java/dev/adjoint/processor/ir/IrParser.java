package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads the text that {@link IrPrinter} writes. Record types come back without their components
 * and calls without their derivatives: the caller fills both in through the two resolvers, as it
 * knows the classes of the compilation that reads the text.
 */
public final class IrParser {
  private final String text;
  private final UnaryOperator<Type.Reference> referenceResolver;
  private final UnaryOperator<MethodRef> methodResolver;
  private int at;

  private IrParser(
      String text,
      UnaryOperator<Type.Reference> referenceResolver,
      UnaryOperator<MethodRef> methodResolver) {
    this.text = text;
    this.referenceResolver = referenceResolver;
    this.methodResolver = methodResolver;
  }

  public static Function parseFunction(
      String text,
      UnaryOperator<Type.Reference> referenceResolver,
      UnaryOperator<MethodRef> methodResolver) {
    IrParser p = new IrParser(text, referenceResolver, methodResolver);
    Function f = p.function();
    p.skipSpace();
    if (p.at != text.length()) {
      throw p.error("trailing text");
    }
    return f;
  }

  public static Function parseFunction(String text) {
    return parseFunction(text, r -> r, m -> m);
  }

  /** Parses one type descriptor as {@link IrPrinter#type} writes it. */
  public static Type parseType(String descriptor) {
    IrParser p = new IrParser(descriptor, r -> r, m -> m);
    return p.typeDescriptor();
  }

  private IllegalArgumentException error(String what) {
    int from = Math.max(0, at - 30);
    int to = Math.min(text.length(), at + 30);
    return new IllegalArgumentException(
        "malformed IR text (" + what + ") at " + at + ": ..." + text.substring(from, to) + "...");
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private void expect(char c) {
    skipSpace();
    if (at >= text.length() || text.charAt(at) != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private boolean peek(char c) {
    skipSpace();
    return at < text.length() && text.charAt(at) == c;
  }

  private String token() {
    skipSpace();
    int start = at;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ':') {
        break;
      }
      at++;
    }
    if (start == at) {
      throw error("expected a token");
    }
    return text.substring(start, at);
  }

  private Type type() {
    skipSpace();
    return typeDescriptor();
  }

  private Type typeDescriptor() {
    char c = text.charAt(at++);
    return switch (c) {
      case 'D' -> Type.DOUBLE;
      case 'F' -> Type.FLOAT;
      case 'J' -> Type.LONG;
      case 'I' -> Type.INT;
      case 'S' -> Type.SHORT;
      case 'B' -> Type.BYTE;
      case 'C' -> Type.CHAR;
      case 'Z' -> Type.BOOLEAN;
      case 'V' -> Type.VOID;
      case '[' -> Type.arrayOf(typeDescriptor());
      case 'L' -> {
        int start = at;
        while (text.charAt(at) != ';' && text.charAt(at) != '<') {
          at++;
        }
        String name = text.substring(start, at);
        List<Type> args = new ArrayList<>();
        if (text.charAt(at) == '<') {
          at++;
          while (text.charAt(at) != '>') {
            args.add(typeDescriptor());
          }
          at++;
        }
        at++; // ';'
        yield referenceResolver.apply(new Type.Reference(name, args, List.of()));
      }
      default -> throw error("bad type letter " + c);
    };
  }

  private String nameOrDash() {
    String t = token();
    return t.equals("-") ? null : t;
  }

  private Function function() {
    expect('(');
    expectWord("fn");
    String name = token();
    expect('(');
    expectWord("params");
    List<Var> params = new ArrayList<>();
    while (peek('(')) {
      expect('(');
      String pn = token();
      params.add(new Var(pn, type()));
      expect(')');
    }
    expect(')');
    Type ret = type();
    Block body = block();
    expect(')');
    return new Function(name, params, ret, body, Pos.NONE);
  }

  private void expectWord(String word) {
    String t = token();
    if (!t.equals(word)) {
      throw error("expected " + word + " but found " + t);
    }
  }

  private Block block() {
    expect('(');
    expectWord("block");
    List<Stmt> stmts = new ArrayList<>();
    while (!peek(')')) {
      stmts.add(stmt());
    }
    expect(')');
    return new Block(stmts);
  }

  private Stmt stmt() {
    skipSpace();
    int mark = at;
    expect('(');
    String head = token();
    if (head.equals("block")) {
      at = mark;
      return block();
    }
    Stmt s =
        switch (head) {
          case "decl" -> {
            String name = token();
            Type t = type();
            Expr init = peek('(') ? expr() : null;
            yield new Stmt.Declare(new Var(name, t), init, Pos.NONE);
          }
          case "set" -> {
            String name = token();
            Type t = type();
            yield new Stmt.Assign(new Var(name, t), expr(), Pos.NONE);
          }
          case "aset" -> new Stmt.ArrayWrite(expr(), expr(), expr(), Pos.NONE);
          case "if" -> new Stmt.If(expr(), block(), block(), Pos.NONE);
          case "loop" -> {
            String label = nameOrDash();
            Stmt.LoopKind kind = Stmt.LoopKind.valueOf(token());
            Block init = block();
            Expr cond;
            if (peek('(')) {
              cond = expr();
            } else {
              expectWord("-");
              cond = null;
            }
            Block update = block();
            Block body = block();
            yield new Stmt.Loop(label, kind, init, cond, update, body, Pos.NONE);
          }
          case "break" -> new Stmt.Break(nameOrDash(), Pos.NONE);
          case "continue" -> new Stmt.Continue(nameOrDash(), Pos.NONE);
          case "return" -> new Stmt.Return(peek('(') ? expr() : null, Pos.NONE);
          case "push" -> new Stmt.Push(expr(), Pos.NONE);
          case "eval" -> new Stmt.Evaluate(expr(), Pos.NONE);
          case "acc" -> new Stmt.Accumulate(expr(), expr(), Pos.NONE);
          default -> throw error("unknown statement " + head);
        };
    expect(')');
    return s;
  }

  private Expr expr() {
    expect('(');
    String head = token();
    Expr e =
        switch (head) {
          case "lit" -> {
            Type t = type();
            String v = token();
            Object value =
                switch (((Type.Primitive) t).kind()) {
                  case DOUBLE -> Double.parseDouble(v);
                  case FLOAT -> Float.parseFloat(v);
                  case LONG -> Long.parseLong(v);
                  case BOOLEAN -> Boolean.parseBoolean(v);
                  case CHAR -> (char) Integer.parseInt(v);
                  default -> Integer.parseInt(v);
                };
            yield new Expr.Literal(t, value, Pos.NONE);
          }
          case "null" -> new Expr.Null(type());
          case "v" -> {
            String name = token();
            yield new Expr.Local(new Var(name, type()), Pos.NONE);
          }
          case "un" -> {
            Operator op = Operator.valueOf(token());
            Type t = type();
            yield new Expr.Unary(op, expr(), t, Pos.NONE);
          }
          case "bin" -> {
            Operator op = Operator.valueOf(token());
            Type t = type();
            yield new Expr.Binary(op, expr(), expr(), t, Pos.NONE);
          }
          case "cond" -> {
            Type t = type();
            yield new Expr.Conditional(expr(), expr(), expr(), t, Pos.NONE);
          }
          case "cast" -> new Expr.Cast(type(), expr(), Pos.NONE);
          case "aget" -> new Expr.ArrayRead(expr(), expr(), Pos.NONE);
          case "alen" -> new Expr.ArrayLength(expr(), Pos.NONE);
          case "newarr" -> {
            Type t = type();
            yield new Expr.NewArray(t, exprsUntilClose(), Pos.NONE);
          }
          case "clone" -> new Expr.ArrayClone(expr(), Pos.NONE);
          case "arrlit" -> {
            Type t = type();
            yield new Expr.ArrayLiteral(t, exprsUntilClose(), Pos.NONE);
          }
          case "sfield" -> {
            String owner = token();
            String name = token();
            yield new Expr.StaticField(owner, name, type(), Pos.NONE);
          }
          case "call" -> {
            String owner = token();
            String name = token();
            boolean isStatic = token().equals("static");
            expect('(');
            List<Type> types = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (!peek(')')) {
              names.add(token());
              expect(':');
              types.add(typeDescriptor());
            }
            expect(')');
            Type ret = type();
            MethodRef m =
                methodResolver.apply(
                    new MethodRef(owner, name, types, names, ret, isStatic, CallDerivative.NONE));
            yield new Expr.Call(m, exprsUntilClose(), Pos.NONE);
          }
          case "get" -> {
            String name = token();
            Type t = type();
            yield new Expr.Get(expr(), name, t, Pos.NONE);
          }
          case "lget" -> {
            Type t = type();
            yield new Expr.ListGet(expr(), expr(), t, Pos.NONE);
          }
          case "field" -> {
            String name = token();
            Type t = type();
            yield new Expr.Field(expr(), name, t, Pos.NONE);
          }
          case "newrec" -> {
            Type t = type();
            yield new Expr.NewRecord((Type.Reference) t, exprsUntilClose(), Pos.NONE);
          }
          case "pop" -> new Expr.Pop(type());
          default -> throw error("unknown expression " + head);
        };
    expect(')');
    return e;
  }

  private List<Expr> exprsUntilClose() {
    List<Expr> list = new ArrayList<>();
    while (peek('(')) {
      list.add(expr());
    }
    return list;
  }
}
