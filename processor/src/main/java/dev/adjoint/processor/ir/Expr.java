package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Expressions of the subset. They have no side effects (the reader lowers assignments and
 * increments inside expressions into statements), except {@link Pop}, which only generated code
 * contains.
 */
public sealed interface Expr {

  Type type();

  Pos pos();

  /** A numeric or boolean constant; {@code value} is a boxed Double, Float, Long, Integer or Boolean. */
  record Literal(Type type, Object value, Pos pos) implements Expr {
    public static Literal of(double value) {
      return new Literal(Type.DOUBLE, value, Pos.NONE);
    }

    public static Literal ofInt(int value) {
      return new Literal(Type.INT, value, Pos.NONE);
    }

    public static Literal ofBoolean(boolean value) {
      return new Literal(Type.BOOLEAN, value, Pos.NONE);
    }

    /** The constant {@code value} in the given numeric type. */
    public static Literal of(double value, Type type) {
      Object boxed;
      if (type.isPrimitive(Type.PrimitiveKind.FLOAT)) {
        boxed = (float) value;
      } else if (type.isPrimitive(Type.PrimitiveKind.LONG)) {
        boxed = (long) value;
      } else if (type.isIntegral()) {
        boxed = (int) value;
        type = Type.INT;
      } else {
        boxed = value;
        type = Type.DOUBLE;
      }
      return new Literal(type, boxed, Pos.NONE);
    }

    public double doubleValue() {
      return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public boolean isZero() {
      return value instanceof Number n && n.doubleValue() == 0.0;
    }

    public boolean isOne() {
      return value instanceof Number n && n.doubleValue() == 1.0;
    }
  }

  /** {@code null}: the zero of an adjoint of reference type before anything was added. */
  record Null(Type type) implements Expr {
    @Override
    public Pos pos() {
      return Pos.NONE;
    }
  }

  record Local(Var var, Pos pos) implements Expr {
    public static Local of(Var var) {
      return new Local(var, Pos.NONE);
    }

    @Override
    public Type type() {
      return var.type();
    }
  }

  record Unary(Operator op, Expr operand, Type type, Pos pos) implements Expr {}

  record Binary(Operator op, Expr left, Expr right, Type type, Pos pos) implements Expr {}

  record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, Type type, Pos pos)
      implements Expr {}

  record Cast(Type type, Expr operand, Pos pos) implements Expr {}

  record ArrayRead(Expr array, Expr index, Pos pos) implements Expr {
    @Override
    public Type type() {
      return array.type().elementType();
    }
  }

  record ArrayLength(Expr array, Pos pos) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /** {@code new T[d0][d1]...}, zero-filled; {@code type} is the array type. */
  record NewArray(Type type, List<Expr> dimensions, Pos pos) implements Expr {
    public NewArray {
      dimensions = List.copyOf(dimensions);
    }
  }

  /** {@code new T[] {a, b, c}}: how a varargs call passes its trailing arguments. */
  record ArrayLiteral(Type type, List<Expr> elements, Pos pos) implements Expr {
    public ArrayLiteral {
      elements = List.copyOf(elements);
    }
  }

  /** {@code array.clone()}: a shallow copy. */
  record ArrayClone(Expr array, Pos pos) implements Expr {
    @Override
    public Type type() {
      return array.type();
    }
  }

  /** A static field read, such as {@code Math.PI} or a constant of the user's class. */
  record StaticField(String owner, String name, Type type, Pos pos) implements Expr {}

  /** A method call. For an instance method the receiver is {@code arguments.get(0)}. */
  record Call(MethodRef method, List<Expr> arguments, Pos pos) implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
    }

    @Override
    public Type type() {
      return method.returnType();
    }
  }

  /** A record accessor or other no-argument instance getter: {@code target.name()}. */
  record Get(Expr target, String name, Type type, Pos pos) implements Expr {}

  /** {@code list.get(index)}: an element of a {@code List} (parameter trees hold lists of layers). */
  record ListGet(Expr list, Expr index, Type type, Pos pos) implements Expr {}

  /** A field of a generated adjoint object, {@code target.name}: an accumulator generated code writes. */
  record Field(Expr target, String name, Type type, Pos pos) implements Expr {}

  /** {@code new T(args)} for a record type (gradients of parameter trees). */
  record NewRecord(Type.Reference type, List<Expr> arguments, Pos pos) implements Expr {
    public NewRecord {
      arguments = List.copyOf(arguments);
    }
  }

  /** Takes the most recently pushed value of {@code type} off the tape. Generated code only. */
  record Pop(Type type) implements Expr {
    @Override
    public Pos pos() {
      return Pos.NONE;
    }
  }
}
