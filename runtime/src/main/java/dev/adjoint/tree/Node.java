package dev.adjoint.tree;

import dev.adjoint.tensor.Tensor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How one value inside a tree (a record component, a list element) comes apart into leaves and
 * goes back together: the building block of the reflective and built-in {@link TreeDef}s. Nodes
 * are chosen once, from declared types, when a def is built; only {@link #dynamic} looks at
 * runtime classes, for elements whose declared type says nothing ({@code List<?>}, a list tree).
 *
 * <p>{@code where} names the value in error messages ({@code Params.w}, {@code layers[2]}).
 */
abstract class Node {

  /** The number of leaves in {@code value}. */
  abstract int count(Object value, String where);

  /** Writes {@code value}'s leaves in order. */
  abstract void flatten(Object value, TreeWriter out, String where);

  /** A value shaped like {@code template} whose leaves are read from {@code in}. */
  abstract Object unflatten(Object template, TreeReader in, String where);

  /** The node for a declared type (a record component's generic type, a list's element type). */
  static Node forType(Type type, String where) {
    if (type instanceof Class<?> c) {
      return forClass(c, where);
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (List.class.isAssignableFrom(raw)) {
        return new ListNode(forType(p.getActualTypeArguments()[0], where + "[]"));
      }
      return forClass(raw, where);
    }
    // a wildcard or type variable: decide per value
    return DYNAMIC;
  }

  private static Node forClass(Class<?> c, String where) {
    if (c == Tensor.class) {
      return TENSOR;
    }
    if (c == double.class || c == Double.class) {
      return DOUBLE;
    }
    if (c == float.class || c == Float.class) {
      return FLOAT;
    }
    if (c == double[].class) {
      return DOUBLE_ARRAY;
    }
    if (c == float[].class) {
      return FLOAT_ARRAY;
    }
    if (c == Tensor[].class) {
      return TENSOR_ARRAY;
    }
    if (c.isRecord()) {
      return new RecordNode(c);
    }
    if (List.class.isAssignableFrom(c)) {
      return new ListNode(DYNAMIC);
    }
    if (c.isArray() && carriesDerivatives(c)) {
      throw new IllegalArgumentException("parameter tree: " + where + " has type " + c.getSimpleName()
          + ", which parameter trees do not support; use a Tensor (or double[], Tensor[], a List)");
    }
    return CONSTANT;
  }

  private static boolean carriesDerivatives(Class<?> array) {
    Class<?> e = array;
    while (e.isArray()) {
      e = e.getComponentType();
    }
    return e == double.class || e == float.class || e == Tensor.class || e == Double.class || e == Float.class;
  }

  /** The node for a value whose declared type says nothing: chosen by its runtime class, per call. */
  static final Node DYNAMIC = new Node() {
    @Override
    int count(Object value, String where) {
      return forValue(value, where).count(value, where);
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      forValue(value, where).flatten(value, out, where);
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return forValue(template, where).unflatten(template, in, where);
    }

    private Node forValue(Object value, String where) {
      if (value == null) {
        throw new IllegalArgumentException("parameter tree: " + where + " is null");
      }
      if (value instanceof List<?>) {
        return LIST_OF_ANY;
      }
      if (value.getClass().isRecord()) {
        return new RecordNode(value.getClass());
      }
      return forClass(value.getClass(), where);
    }
  };

  /** A tensor: one leaf. */
  static final Node TENSOR = new Node() {
    @Override
    int count(Object value, String where) {
      return 1;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      if (value == null) {
        throw new IllegalArgumentException("parameter tree: " + where + " is null");
      }
      out.add((Tensor) value);
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return in.next();
    }
  };

  /** A double: one scalar leaf (a 0-d float64 tensor). */
  static final Node DOUBLE = new Node() {
    @Override
    int count(Object value, String where) {
      return 1;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      out.add((double) (Double) value);
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return in.nextDouble();
    }
  };

  /** A float: one scalar leaf (a 0-d float64 tensor, as the contract writes every scalar). */
  static final Node FLOAT = new Node() {
    @Override
    int count(Object value, String where) {
      return 1;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      out.add((double) (Float) value);
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return (float) in.nextDouble();
    }
  };

  /** A double[]: one 1-d float64 leaf. */
  static final Node DOUBLE_ARRAY = new Node() {
    @Override
    int count(Object value, String where) {
      return 1;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      if (value == null) {
        throw new IllegalArgumentException("parameter tree: " + where + " is null");
      }
      out.add((double[]) value);
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return in.nextDoubles();
    }
  };

  /** A float[]: one 1-d float32 leaf. */
  static final Node FLOAT_ARRAY = new Node() {
    @Override
    int count(Object value, String where) {
      return 1;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      if (value == null) {
        throw new IllegalArgumentException("parameter tree: " + where + " is null");
      }
      float[] v = (float[]) value;
      out.add(Tensor.of(v, v.length));
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return in.next().toFloatArray();
    }
  };

  /** A Tensor[]: one leaf per element. */
  static final Node TENSOR_ARRAY = new Node() {
    @Override
    int count(Object value, String where) {
      return ((Tensor[]) nonNull(value, where)).length;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      Tensor[] ts = (Tensor[]) nonNull(value, where);
      for (int i = 0; i < ts.length; i++) {
        if (ts[i] == null) {
          throw new IllegalArgumentException("parameter tree: " + where + "[" + i + "] is null");
        }
        out.add(ts[i]);
      }
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      Tensor[] out = new Tensor[((Tensor[]) template).length];
      for (int i = 0; i < out.length; i++) {
        out[i] = in.next();
      }
      return out;
    }
  };

  /** A value that carries no derivative (an int, a string): no leaves, kept from the template. */
  static final Node CONSTANT = new Node() {
    @Override
    int count(Object value, String where) {
      return 0;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {}

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return template;
    }
  };

  static final Node LIST_OF_ANY = new ListNode(DYNAMIC);

  /** A record: its own def (generated, or reflective), found on first use. */
  static final class RecordNode extends Node {
    private final Class<?> type;
    /** Resolved lazily so that a record may contain lists of itself; racy but idempotent. */
    private TreeDef<Object> def;

    RecordNode(Class<?> type) {
      this.type = type;
    }

    @SuppressWarnings("unchecked")
    private TreeDef<Object> def() {
      TreeDef<Object> d = def;
      if (d == null) {
        d = (TreeDef<Object>) Trees.def(type);
        def = d;
      }
      return d;
    }

    @Override
    int count(Object value, String where) {
      return def().leafCount(nonNull(value, where));
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      def().flatten(nonNull(value, where), out);
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      return def().unflatten(nonNull(template, where), in);
    }
  }

  /** A list: its elements in order; rebuilt as an unmodifiable list. */
  static final class ListNode extends Node {
    private final Node element;

    ListNode(Node element) {
      this.element = element;
    }

    @Override
    int count(Object value, String where) {
      List<?> list = (List<?>) nonNull(value, where);
      int n = 0;
      for (int i = 0; i < list.size(); i++) {
        n += element.count(list.get(i), where);
      }
      return n;
    }

    @Override
    void flatten(Object value, TreeWriter out, String where) {
      List<?> list = (List<?>) nonNull(value, where);
      for (int i = 0; i < list.size(); i++) {
        element.flatten(list.get(i), out, where);
      }
    }

    @Override
    Object unflatten(Object template, TreeReader in, String where) {
      List<?> list = (List<?>) nonNull(template, where);
      Object[] out = new Object[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = element.unflatten(list.get(i), in, where);
      }
      // elements kept from the template may be null, which List.of rejects
      return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(out)));
    }
  }

  static Object nonNull(Object value, String where) {
    if (value == null) {
      throw new IllegalArgumentException("parameter tree: " + where + " is null");
    }
    return value;
  }
}
