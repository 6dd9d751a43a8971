package dev.adjoint.processor.ir;

/** Java's numeric promotions and widening conversions, on IR types. */
public final class Numeric {
  private Numeric() {}

  /** The type of {@code a op b} for an arithmetic operator (JLS 5.6.2). */
  public static Type binaryPromotion(Type a, Type b) {
    if (a.isPrimitive(Type.PrimitiveKind.DOUBLE) || b.isPrimitive(Type.PrimitiveKind.DOUBLE)) {
      return Type.DOUBLE;
    }
    if (a.isPrimitive(Type.PrimitiveKind.FLOAT) || b.isPrimitive(Type.PrimitiveKind.FLOAT)) {
      return Type.FLOAT;
    }
    if (a.isPrimitive(Type.PrimitiveKind.LONG) || b.isPrimitive(Type.PrimitiveKind.LONG)) {
      return Type.LONG;
    }
    return Type.INT;
  }

  /** The type of {@code -a}, {@code ~a}, and a shift's left operand (JLS 5.6.1). */
  public static Type unaryPromotion(Type a) {
    if (a.isPrimitive(Type.PrimitiveKind.DOUBLE)
        || a.isPrimitive(Type.PrimitiveKind.FLOAT)
        || a.isPrimitive(Type.PrimitiveKind.LONG)) {
      return a;
    }
    return Type.INT;
  }

  private static int rank(Type t) {
    if (!(t instanceof Type.Primitive p)) {
      return -1;
    }
    return switch (p.kind()) {
      case BYTE -> 0;
      case SHORT, CHAR -> 1;
      case INT -> 2;
      case LONG -> 3;
      case FLOAT -> 4;
      case DOUBLE -> 5;
      default -> -1;
    };
  }

  /** Whether a value of primitive type {@code from} converts to {@code to} by identity or widening. */
  public static boolean widens(Type from, Type to) {
    if (from.equals(to)) {
      return true;
    }
    int f = rank(from);
    int t = rank(to);
    if (f < 0 || t < 0) {
      return false;
    }
    if (to.isPrimitive(Type.PrimitiveKind.CHAR)) {
      return false;
    }
    if (from.isPrimitive(Type.PrimitiveKind.CHAR) && to.isPrimitive(Type.PrimitiveKind.SHORT)) {
      return false;
    }
    return f < t;
  }
}
