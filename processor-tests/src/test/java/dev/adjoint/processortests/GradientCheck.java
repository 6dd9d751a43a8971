package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a generated gradient against central differences in float64: each differentiable
 * argument (a double, or an element of a double[] or double[][]) is nudged by ±h and the change
 * of the function's value compared with the gradient's component.
 */
final class GradientCheck {
  static final double RELATIVE_TOLERANCE = 1e-5;

  private GradientCheck() {}

  /**
   * @param f the function, called with copies of the arguments
   * @param gradient the generated gradient for the same arguments, in the order of the
   *     differentiable parameters (a single value, or a record's components)
   * @param wrt indices of the arguments the gradient is with respect to
   */
  static void check(Function<Object[], Double> f, Object gradient, Object[] args, int... wrt) {
    List<Object> parts = components(gradient, wrt.length);
    for (int k = 0; k < wrt.length; k++) {
      int i = wrt[k];
      Object g = parts.get(k);
      Object a = args[i];
      if (a instanceof Double x) {
        double numeric = difference(f, args, i, -1, -1, x);
        assertClose(numeric, ((Number) g).doubleValue(), "d/d arg" + i);
      } else if (a instanceof double[] v) {
        double[] gv = (double[]) g;
        assertEquals(v.length, gv.length, "gradient length of arg" + i);
        for (int j = 0; j < v.length; j++) {
          assertClose(difference(f, args, i, j, -1, v[j]), gv[j], "d/d arg" + i + "[" + j + "]");
        }
      } else if (a instanceof Tensor t) {
        double[] values = t.toDoubleArray();
        double[] gv = ((Tensor) g).toDoubleArray();
        assertEquals(java.util.Arrays.toString(t.shape()), java.util.Arrays.toString(((Tensor) g).shape()),
            "gradient shape of arg" + i);
        for (int j = 0; j < values.length; j++) {
          assertClose(difference(f, args, i, j, -2, values[j]), gv[j], "d/d arg" + i + "[" + j + "]");
        }
      } else if (a instanceof double[][] m) {
        double[][] gm = (double[][]) g;
        for (int r = 0; r < m.length; r++) {
          for (int c = 0; c < m[r].length; c++) {
            assertClose(difference(f, args, i, r, c, m[r][c]), gm[r][c], "d/d arg" + i + "[" + r + "][" + c + "]");
          }
        }
      } else {
        throw new IllegalArgumentException("cannot check a gradient with respect to " + a);
      }
    }
  }

  private static List<Object> components(Object gradient, int count) {
    List<Object> out = new ArrayList<>();
    if (count == 1) {
      out.add(gradient);
      return out;
    }
    try {
      for (RecordComponent rc : gradient.getClass().getRecordComponents()) {
        rc.getAccessor().setAccessible(true);
        out.add(rc.getAccessor().invoke(gradient));
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static double difference(Function<Object[], Double> f, Object[] args, int arg, int row, int col, double x) {
    double h = 1e-6 * Math.max(1.0, Math.abs(x));
    double plus = f.apply(with(args, arg, row, col, x + h));
    double minus = f.apply(with(args, arg, row, col, x - h));
    return (plus - minus) / (2 * h);
  }

  private static Object[] with(Object[] args, int arg, int row, int col, double value) {
    Object[] copy = deepCopy(args);
    if (col == -2) {
      Tensor t = (Tensor) copy[arg];
      double[] values = t.toDoubleArray();
      values[row] = value;
      copy[arg] = Tensor.of(values, DType.FLOAT64, t.shape());
    } else if (row < 0) {
      copy[arg] = value;
    } else if (col < 0) {
      ((double[]) copy[arg])[row] = value;
    } else {
      ((double[][]) copy[arg])[row][col] = value;
    }
    return copy;
  }

  static Object[] deepCopy(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof double[] v) {
        copy[i] = v.clone();
      } else if (copy[i] instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          c[r] = m[r].clone();
        }
        copy[i] = c;
      }
    }
    return copy;
  }

  static void assertClose(double expected, double actual, String what) {
    double scale = Math.max(1.0, Math.max(Math.abs(expected), Math.abs(actual)));
    assertTrue(Math.abs(expected - actual) <= RELATIVE_TOLERANCE * scale,
        what + ": central difference " + expected + " but generated gradient " + actual);
  }
}
