package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Types of the differentiable subset. Kept apart from {@code javax.lang.model} so that the
 * analyses and transforms run without a compiler.
 */
public sealed interface Type {

  /** Java's primitive types that the subset knows, and {@code void}. */
  enum PrimitiveKind {
    DOUBLE("double"),
    FLOAT("float"),
    LONG("long"),
    INT("int"),
    SHORT("short"),
    BYTE("byte"),
    CHAR("char"),
    BOOLEAN("boolean"),
    VOID("void");

    private final String keyword;

    PrimitiveKind(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }
  }

  record Primitive(PrimitiveKind kind) implements Type {
    @Override
    public String toString() {
      return kind.keyword();
    }
  }

  record Array(Type element) implements Type {
    @Override
    public String toString() {
      return element + "[]";
    }
  }

  /**
   * A class type by canonical name, with the type arguments it was written with (for
   * {@code List<Layer>}). For records, {@code components} lists the record's components in
   * declaration order; it is empty for other classes.
   */
  record Reference(String name, List<Type> arguments, List<Component> components)
      implements Type {
    public Reference {
      arguments = List.copyOf(arguments);
      components = List.copyOf(components);
    }

    public static Reference of(String name) {
      return new Reference(name, List.of(), List.of());
    }

    public boolean isRecord() {
      return !components.isEmpty();
    }

    public String simpleName() {
      int dot = name.lastIndexOf('.');
      return dot < 0 ? name : name.substring(dot + 1);
    }

    @Override
    public String toString() {
      return arguments.isEmpty() ? name : name + arguments;
    }

    /** Structural identity: name and type arguments (components follow from the name). */
    @Override
    public boolean equals(Object other) {
      return other instanceof Reference r && r.name.equals(name) && r.arguments.equals(arguments);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + arguments.hashCode();
    }
  }

  /** A record component: its name (also its accessor's name) and type. */
  record Component(String name, Type type) {}

  Type DOUBLE = new Primitive(PrimitiveKind.DOUBLE);
  Type FLOAT = new Primitive(PrimitiveKind.FLOAT);
  Type LONG = new Primitive(PrimitiveKind.LONG);
  Type INT = new Primitive(PrimitiveKind.INT);
  Type SHORT = new Primitive(PrimitiveKind.SHORT);
  Type BYTE = new Primitive(PrimitiveKind.BYTE);
  Type CHAR = new Primitive(PrimitiveKind.CHAR);
  Type BOOLEAN = new Primitive(PrimitiveKind.BOOLEAN);
  Type VOID = new Primitive(PrimitiveKind.VOID);

  String TENSOR = "dev.adjoint.tensor.Tensor";
  String LIST = "java.util.List";

  static Type arrayOf(Type element) {
    return new Array(element);
  }

  default boolean isPrimitive(PrimitiveKind kind) {
    return this instanceof Primitive p && p.kind() == kind;
  }

  /** {@code double} or {@code float}: the scalar types that carry derivatives. */
  default boolean isFloating() {
    return isPrimitive(PrimitiveKind.DOUBLE) || isPrimitive(PrimitiveKind.FLOAT);
  }

  /** Integral primitive types (char included, as Java counts it). */
  default boolean isIntegral() {
    return this instanceof Primitive p
        && switch (p.kind()) {
          case LONG, INT, SHORT, BYTE, CHAR -> true;
          default -> false;
        };
  }

  default boolean isNumeric() {
    return isFloating() || isIntegral();
  }

  default boolean isBoolean() {
    return isPrimitive(PrimitiveKind.BOOLEAN);
  }

  default boolean isTensor() {
    return this instanceof Reference r && r.name().equals(TENSOR);
  }

  default boolean isList() {
    return this instanceof Reference r && r.name().equals(LIST);
  }

  /**
   * Whether values of this type can carry a derivative: floating scalars, arrays of them,
   * tensors, and records and lists built of these.
   */
  default boolean isDifferentiable() {
    if (isFloating() || isTensor()) {
      return true;
    }
    if (this instanceof Array a) {
      return a.element().isDifferentiable();
    }
    if (this instanceof Reference r) {
      if (r.isRecord()) {
        return r.components().stream().anyMatch(c -> c.type().isDifferentiable());
      }
      if (isList() && r.arguments().size() == 1) {
        return r.arguments().get(0).isDifferentiable();
      }
    }
    return false;
  }

  /** The element type of an array type; fails on other types. */
  default Type elementType() {
    if (this instanceof Array a) {
      return a.element();
    }
    throw new IllegalStateException("not an array type: " + this);
  }

  /** Number of array dimensions (0 for non-arrays). */
  default int arrayDepth() {
    return this instanceof Array a ? 1 + a.element().arrayDepth() : 0;
  }
}
