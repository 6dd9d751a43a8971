package dev.adjoint.tape;

import dev.adjoint.tensor.Tensor;

/**
 * Helpers that generated derivative code calls to create and accumulate adjoints of arrays:
 * an adjoint has its primal's shape and starts at zero.
 */
public final class Adjoints {
  private Adjoints() {}

  /** {@code target[i] += source[i]} for every element. */
  public static void addTo(double[] target, double[] source) {
    checkLengths(target.length, source.length);
    for (int i = 0; i < target.length; i++) {
      target[i] += source[i];
    }
  }

  public static void addTo(float[] target, float[] source) {
    checkLengths(target.length, source.length);
    for (int i = 0; i < target.length; i++) {
      target[i] += source[i];
    }
  }

  public static void addTo(double[][] target, double[][] source) {
    checkLengths(target.length, source.length);
    for (int i = 0; i < target.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  public static void addTo(float[][] target, float[][] source) {
    checkLengths(target.length, source.length);
    for (int i = 0; i < target.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  public static void addTo(double[][][] target, double[][][] source) {
    checkLengths(target.length, source.length);
    for (int i = 0; i < target.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  private static void checkLengths(int target, int source) {
    if (target != source) {
      throw new IllegalArgumentException(
          "adjoint accumulation: arrays of lengths " + target + " and " + source + " differ");
    }
  }

  /** Zeros shaped like {@code a}, rows of their own lengths (ragged arrays stay ragged). */
  public static double[][] zerosLike(double[][] a) {
    double[][] z = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = a[i] == null ? null : new double[a[i].length];
    }
    return z;
  }

  public static float[][] zerosLike(float[][] a) {
    float[][] z = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = a[i] == null ? null : new float[a[i].length];
    }
    return z;
  }

  public static double[][][] zerosLike(double[][][] a) {
    double[][][] z = new double[a.length][][];
    for (int i = 0; i < a.length; i++) {
      z[i] = a[i] == null ? null : zerosLike(a[i]);
    }
    return z;
  }

  /**
   * {@code total + contribution}, where {@code null} stands for a zero adjoint (nothing has flowed
   * back yet), so that unused tensors cost nothing.
   */
  public static Tensor add(Tensor total, Tensor contribution) {
    if (contribution == null) {
      return total;
    }
    return total == null ? contribution : total.add(contribution);
  }

  /** A gradient to hand back: the accumulated adjoint, or zeros shaped like the parameter. */
  public static Tensor orZeros(Tensor adjoint, Tensor like) {
    return adjoint != null ? adjoint : Tensor.zerosLike(like);
  }

  /**
   * The result's adjoint for a plain gradient: one, in the result's dtype. A gradient needs a
   * scalar result (a tensor of one element); anything else asks for a vector-Jacobian product.
   */
  public static Tensor seedFor(Tensor result) {
    if (result.size() != 1) {
      throw new IllegalArgumentException("a gradient needs a scalar result, but the method returned a tensor of shape "
          + java.util.Arrays.toString(result.shape())
          + "; reduce it (sum(), mean()) or call the generated ...Vjp with an adjoint of that shape");
    }
    return Tensor.onesLike(result);
  }

  /** The gradient of a list of tensors: the accumulated adjoints, zeros where none flowed back. */
  public static java.util.List<Tensor> orZeros(Tensor[] adjoints, java.util.List<Tensor> like) {
    Tensor[] out = new Tensor[adjoints.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = orZeros(adjoints[i], like.get(i));
    }
    return java.util.List.of(out);
  }

  /** The gradient of a list of numbers. */
  public static java.util.List<Double> orZeros(double[] adjoints, java.util.List<Double> like) {
    java.util.List<Double> out = new java.util.ArrayList<>(adjoints.length);
    for (double a : adjoints) {
      out.add(a);
    }
    return java.util.List.copyOf(out);
  }
}
