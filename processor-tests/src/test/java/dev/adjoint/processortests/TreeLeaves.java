package dev.adjoint.processortests;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The numbers inside a parameter tree (records, lists, tensors, doubles, double arrays), for
 * checking gradients of trees by central differences. Test code: reflection is fine here.
 */
final class TreeLeaves {
  private TreeLeaves() {}

  /** Every number in {@code tree}, in a fixed order. */
  static double[] values(Object tree) {
    List<Double> out = new ArrayList<>();
    collect(tree, out);
    double[] v = new double[out.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = out.get(i);
    }
    return v;
  }

  private static void collect(Object node, List<Double> out) {
    if (node instanceof Double d) {
      out.add(d);
    } else if (node instanceof Tensor t) {
      for (double d : t.toDoubleArray()) {
        out.add(d);
      }
    } else if (node instanceof double[] a) {
      for (double d : a) {
        out.add(d);
      }
    } else if (node instanceof List<?> list) {
      list.forEach(e -> collect(e, out));
    } else if (node != null && node.getClass().isRecord()) {
      for (RecordComponent c : node.getClass().getRecordComponents()) {
        collect(get(node, c), out);
      }
    }
  }

  /** {@code tree} with its {@code index}-th number replaced. */
  static Object with(Object tree, int index, double value) {
    int[] counter = {index};
    return replace(tree, counter, value);
  }

  private static Object replace(Object node, int[] counter, double value) {
    if (node instanceof Double d) {
      return counter[0]-- == 0 ? value : d;
    }
    if (node instanceof Tensor t) {
      double[] v = t.toDoubleArray();
      if (counter[0] >= 0 && counter[0] < v.length) {
        v[counter[0]] = value;
        counter[0] = -1;
        return Tensor.of(v, DType.FLOAT64, t.shape());
      }
      counter[0] -= v.length;
      return t;
    }
    if (node instanceof double[] a) {
      double[] c = a.clone();
      if (counter[0] >= 0 && counter[0] < c.length) {
        c[counter[0]] = value;
        counter[0] = -1;
      } else {
        counter[0] -= c.length;
      }
      return c;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object e : list) {
        out.add(replace(e, counter, value));
      }
      return List.copyOf(out);
    }
    if (node != null && node.getClass().isRecord()) {
      RecordComponent[] cs = node.getClass().getRecordComponents();
      Object[] args = new Object[cs.length];
      Class<?>[] types = new Class<?>[cs.length];
      for (int i = 0; i < cs.length; i++) {
        args[i] = replace(get(node, cs[i]), counter, value);
        types[i] = cs[i].getType();
      }
      try {
        Constructor<?> ctor = node.getClass().getDeclaredConstructor(types);
        ctor.setAccessible(true);
        return ctor.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return node;
  }

  private static Object get(Object record, RecordComponent c) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Checks a tree-shaped gradient of {@code f} with respect to its tree argument number {@code arg}. */
  static void checkTreeGradient(Function<Object[], Double> f, Object gradient, Object[] args, int arg) {
    double[] g = values(gradient);
    double[] x = values(args[arg]);
    org.junit.jupiter.api.Assertions.assertEquals(x.length, g.length, "the gradient has the tree's shape");
    for (int i = 0; i < x.length; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(x[i]));
      Object[] plus = args.clone();
      Object[] minus = args.clone();
      plus[arg] = with(args[arg], i, x[i] + h);
      minus[arg] = with(args[arg], i, x[i] - h);
      double numeric = (f.apply(plus) - f.apply(minus)) / (2 * h);
      GradientCheck.assertClose(numeric, g[i], "leaf " + i);
    }
  }
}
