package dev.adjoint.tree;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * The fallback {@link TreeDef} for a record the processor has not seen (one no
 * {@code @Differentiable} method differentiates with respect to, such as an optimizer's own
 * state or a record built only to be trained by hand): it reads the record's components once,
 * turns its accessors and canonical constructor into {@link MethodHandle}s and picks a
 * {@link Node} per component from its declared type, so that each later call only invokes
 * handles. It handles the component kinds generated defs handle (tensors, doubles, floats,
 * {@code double[]}, nested records, lists of those) plus {@code float[]} and {@code Tensor[]};
 * other components (ints, strings, enums) are no leaves and are kept from the template.
 *
 * <p>It is slower than a generated def (boxed doubles, handle calls through {@code Object}), but
 * does no reflection per call.
 */
final class ReflectiveTreeDef<T> implements TreeDef<T> {
  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

  private final Class<T> type;
  private final MethodHandle[] accessors;
  private final Node[] nodes;
  private final String[] names;
  private final MethodHandle constructor;

  private ReflectiveTreeDef(Class<T> type, MethodHandle[] accessors, Node[] nodes, String[] names,
      MethodHandle constructor) {
    this.type = type;
    this.accessors = accessors;
    this.nodes = nodes;
    this.names = names;
    this.constructor = constructor;
  }

  /** Reads the record's components; fails with a clear message for what it cannot take apart. */
  static <T> ReflectiveTreeDef<T> of(Class<T> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException("parameter tree: " + type.getName()
          + " is not a record (trees are records, Tensors, Tensor[]s and Lists)");
    }
    RecordComponent[] components = type.getRecordComponents();
    MethodHandle[] accessors = new MethodHandle[components.length];
    Node[] nodes = new Node[components.length];
    String[] names = new String[components.length];
    Class<?>[] types = new Class<?>[components.length];
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        names[i] = type.getSimpleName() + "." + c.getName();
        types[i] = c.getType();
        nodes[i] = Node.forType(c.getGenericType(), names[i]);
        Method accessor = c.getAccessor();
        accessor.setAccessible(true);
        accessors[i] = lookup.unreflect(accessor).asType(GETTER);
      }
      Constructor<T> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      MethodHandle ctor = lookup.unreflectConstructor(canonical)
          .asType(MethodType.genericMethodType(components.length))
          .asSpreader(Object[].class, components.length);
      return new ReflectiveTreeDef<>(type, accessors, nodes, names, ctor);
    } catch (ReflectiveOperationException | InaccessibleObjectException | SecurityException e) {
      throw new IllegalArgumentException("parameter tree: cannot read the components of record "
          + type.getName() + " (" + e.getMessage() + "); open its package to dev.adjoint.runtime, "
          + "or let the processor generate its TreeDef", e);
    }
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public int leafCount(T tree) {
    int n = 0;
    for (int i = 0; i < nodes.length; i++) {
      n += nodes[i].count(get(i, tree), names[i]);
    }
    return n;
  }

  @Override
  public void flatten(T tree, TreeWriter out) {
    for (int i = 0; i < nodes.length; i++) {
      nodes[i].flatten(get(i, tree), out, names[i]);
    }
  }

  @Override
  public T unflatten(T template, TreeReader in) {
    Object[] args = new Object[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      args[i] = nodes[i].unflatten(get(i, template), in, names[i]);
    }
    try {
      return type.cast(constructor.invoke(args));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("parameter tree: the constructor of " + type.getName() + " threw", e);
    }
  }

  private Object get(int component, T tree) {
    if (tree == null) {
      throw new IllegalArgumentException("parameter tree: a " + type.getSimpleName() + " is null");
    }
    try {
      return accessors[component].invokeExact((Object) tree);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("parameter tree: accessor " + names[component] + " threw", e);
    }
  }

  @Override
  public String toString() {
    return "ReflectiveTreeDef[" + type.getName() + "]";
  }
}
