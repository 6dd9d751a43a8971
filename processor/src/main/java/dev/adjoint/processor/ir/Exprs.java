package dev.adjoint.processor.ir;

/**
 * Builders for the expressions transforms write, with the simplifications a person would make
 * ({@code x * 1 = x}, {@code 0 + x = x}, {@code -(-x) = x}), so generated code stays readable.
 */
public final class Exprs {
  private Exprs() {}

  public static Expr local(Var v) {
    return Expr.Local.of(v);
  }

  public static Expr zero(Type t) {
    if (t.isNumeric()) {
      return Expr.Literal.of(0, t);
    }
    if (t.isBoolean()) {
      return Expr.Literal.ofBoolean(false);
    }
    return new Expr.Null(t);
  }

  public static Expr one(Type t) {
    return Expr.Literal.of(1, t);
  }

  public static boolean isZero(Expr e) {
    return e instanceof Expr.Literal l && l.isZero();
  }

  public static boolean isOne(Expr e) {
    return e instanceof Expr.Literal l && l.isOne();
  }

  public static Expr add(Expr a, Expr b) {
    if (isZero(a)) {
      return widenTo(b, Numeric.binaryPromotion(a.type(), b.type()));
    }
    if (isZero(b)) {
      return widenTo(a, Numeric.binaryPromotion(a.type(), b.type()));
    }
    if (b instanceof Expr.Unary u && u.op() == Operator.NEGATE) {
      return sub(a, u.operand());
    }
    return new Expr.Binary(Operator.ADD, a, b, Numeric.binaryPromotion(a.type(), b.type()), Pos.NONE);
  }

  public static Expr sub(Expr a, Expr b) {
    if (isZero(b)) {
      return widenTo(a, Numeric.binaryPromotion(a.type(), b.type()));
    }
    if (isZero(a)) {
      return neg(widenTo(b, Numeric.binaryPromotion(a.type(), b.type())));
    }
    return new Expr.Binary(Operator.SUBTRACT, a, b, Numeric.binaryPromotion(a.type(), b.type()), Pos.NONE);
  }

  public static Expr mul(Expr a, Expr b) {
    Type t = Numeric.binaryPromotion(a.type(), b.type());
    if (isOne(a)) {
      return widenTo(b, t);
    }
    if (isOne(b)) {
      return widenTo(a, t);
    }
    if (isZero(a) || isZero(b)) {
      return Expr.Literal.of(0, t);
    }
    if (a instanceof Expr.Literal la && la.doubleValue() == -1) {
      return neg(widenTo(b, t));
    }
    if (b instanceof Expr.Literal lb && lb.doubleValue() == -1) {
      return neg(widenTo(a, t));
    }
    return new Expr.Binary(Operator.MULTIPLY, a, b, t, Pos.NONE);
  }

  public static Expr div(Expr a, Expr b) {
    Type t = Numeric.binaryPromotion(a.type(), b.type());
    if (isOne(b)) {
      return widenTo(a, t);
    }
    return new Expr.Binary(Operator.DIVIDE, a, b, t, Pos.NONE);
  }

  public static Expr neg(Expr a) {
    if (a instanceof Expr.Unary u && u.op() == Operator.NEGATE) {
      return u.operand();
    }
    if (a instanceof Expr.Literal l && l.value() instanceof Number n && a.type().isFloating()) {
      return Expr.Literal.of(-n.doubleValue(), a.type());
    }
    return new Expr.Unary(Operator.NEGATE, a, Numeric.unaryPromotion(a.type()), Pos.NONE);
  }

  public static Expr not(Expr a) {
    if (a instanceof Expr.Unary u && u.op() == Operator.NOT) {
      return u.operand();
    }
    return new Expr.Unary(Operator.NOT, a, Type.BOOLEAN, Pos.NONE);
  }

  public static Expr and(Expr a, Expr b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new Expr.Binary(Operator.CONDITIONAL_AND, a, b, Type.BOOLEAN, Pos.NONE);
  }

  public static Expr or(Expr a, Expr b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new Expr.Binary(Operator.CONDITIONAL_OR, a, b, Type.BOOLEAN, Pos.NONE);
  }

  public static Expr compare(Operator op, Expr a, Expr b) {
    return new Expr.Binary(op, a, b, Type.BOOLEAN, Pos.NONE);
  }

  /** A literal promoted to the type an operation produces, so {@code 0 + x} keeps its type. */
  private static Expr widenTo(Expr e, Type t) {
    if (e.type().equals(t) || !(e instanceof Expr.Literal l) || !(l.value() instanceof Number n)) {
      return e;
    }
    return Expr.Literal.of(n.doubleValue(), t);
  }

  /** Literals and plain variables: cheap to repeat, so they need no temporary. */
  public static boolean isTrivial(Expr e) {
    return e instanceof Expr.Literal || e instanceof Expr.Local || e instanceof Expr.StaticField
        || (e instanceof Expr.Unary u && u.op() == Operator.NEGATE && isTrivial(u.operand()));
  }
}
