package dev.adjoint.rules;

import static dev.adjoint.rules.GradientCheck.awayFromZero;
import static dev.adjoint.rules.GradientCheck.check;
import static dev.adjoint.rules.GradientCheck.checkArray;
import static dev.adjoint.rules.GradientCheck.checkScalar;
import static dev.adjoint.rules.GradientCheck.checkToDouble;
import static dev.adjoint.rules.GradientCheck.random;
import static dev.adjoint.rules.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of {@link TensorRules} for a Tensor primitive, against float64 central differences. */
class TensorRulesTest {

  static Stream<Arguments> broadcastPairs() {
    return Stream.of(
        Arguments.of(new int[] {3, 4}, new int[] {3, 4}),
        Arguments.of(new int[] {3, 4}, new int[] {4}),
        Arguments.of(new int[] {3, 1}, new int[] {1, 4}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {3, 1}),
        Arguments.of(new int[] {}, new int[] {2, 3}),
        Arguments.of(new int[] {5}, new int[] {}));
  }

  @ParameterizedTest
  @MethodSource("broadcastPairs")
  void addSubMulDivWithBroadcasting(int[] as, int[] bs) {
    Tensor a = random(as);
    Tensor b = random(bs);
    Tensor bPositive = uniform(0.5, 2, bs);
    check(a, x -> x.add(b), r -> TensorRules.addSelf(a, b, r));
    check(b, y -> a.add(y), r -> TensorRules.addOther(a, b, r));
    check(a, x -> x.sub(b), r -> TensorRules.subSelf(a, b, r));
    check(b, y -> a.sub(y), r -> TensorRules.subOther(a, b, r));
    check(a, x -> x.mul(b), r -> TensorRules.mulSelf(a, b, r));
    check(b, y -> a.mul(y), r -> TensorRules.mulOther(a, b, r));
    check(a, x -> x.div(bPositive), r -> TensorRules.divSelf(a, bPositive, r));
    check(bPositive, y -> a.div(y), r -> TensorRules.divOther(a, bPositive, r));
    // the broadcast operand on the left
    check(b, y -> y.mul(a), r -> TensorRules.mulSelf(b, a, r));
    check(bPositive, y -> y.div(a.abs().add(0.5)), r -> TensorRules.divSelf(bPositive, a.abs().add(0.5), r));
  }

  @Test
  void scalarArithmetic() {
    Tensor a = random(3, 2);
    Tensor positive = uniform(0.5, 2, 3, 2);
    double c = 1.7;
    check(a, x -> x.add(c), r -> TensorRules.addScalarSelf(a, c, r));
    checkScalar(c, k -> a.add(k), r -> TensorRules.addScalarConstant(a, c, r));
    check(a, x -> x.sub(c), r -> TensorRules.subScalarSelf(a, c, r));
    checkScalar(c, k -> a.sub(k), r -> TensorRules.subScalarConstant(a, c, r));
    check(a, x -> x.rsub(c), r -> TensorRules.rsubSelf(a, c, r));
    checkScalar(c, k -> a.rsub(k), r -> TensorRules.rsubConstant(a, c, r));
    check(a, x -> x.mul(c), r -> TensorRules.mulScalarSelf(a, c, r));
    checkScalar(c, k -> a.mul(k), r -> TensorRules.mulScalarConstant(a, c, r));
    check(a, x -> x.div(c), r -> TensorRules.divScalarSelf(a, c, r));
    checkScalar(c, k -> a.div(k), r -> TensorRules.divScalarConstant(a, c, r));
    check(positive, x -> x.rdiv(c), r -> TensorRules.rdivSelf(positive, c, r));
    checkScalar(c, k -> positive.rdiv(k), r -> TensorRules.rdivConstant(positive, c, r));
    for (double p : new double[] {2.0, 0.5, -1.3, 3.0, 1.0}) {
      check(positive, x -> x.pow(p), r -> TensorRules.powSelf(positive, p, r));
      checkScalar(p, k -> positive.pow(k), r -> TensorRules.powExponent(positive, p, r));
    }
    check(a, x -> x.pow(0), r -> TensorRules.powSelf(a, 0, r));
  }

  @Test
  void powExponentIgnoresZeros() {
    Tensor x = Tensor.of(new double[] {0, 2}, DType.FLOAT64);
    Tensor g = Tensor.ones(DType.FLOAT64, 2);
    assertEquals(4 * Math.log(2), TensorRules.powExponent(x, 2, g), 1e-12);
  }

  @Test
  void elementwiseFunctions() {
    Tensor a = random(4, 3);
    Tensor positive = uniform(0.3, 3, 4, 3);
    Tensor kinked = awayFromZero(4, 3);
    Tensor wide = uniform(-8, 8, 4, 3);
    check(a, Tensor::neg, r -> TensorRules.neg(a, r));
    check(a, Tensor::exp, r -> TensorRules.exp(a, r));
    check(positive, Tensor::log, r -> TensorRules.log(positive, r));
    check(a, Tensor::tanh, r -> TensorRules.tanh(a, a.tanh(), r));
    check(wide, Tensor::sigmoid, r -> TensorRules.sigmoid(wide, r));
    check(kinked, Tensor::relu, r -> TensorRules.relu(kinked, r));
    check(wide, Tensor::softplus, r -> TensorRules.softplus(wide, r));
    check(positive, Tensor::sqrt, r -> TensorRules.sqrt(positive, r));
    check(a, Tensor::square, r -> TensorRules.square(a, r));
    check(kinked, Tensor::abs, r -> TensorRules.abs(kinked, r));
  }

  @Test
  void reductions() {
    Tensor a = random(2, 3, 4);
    check(a, Tensor::sum, r -> TensorRules.sum(a, r));
    check(a, Tensor::mean, r -> TensorRules.mean(a, r));
    check(a, Tensor::max, r -> TensorRules.max(a, r));
    for (int axis : new int[] {0, 1, 2, -1}) {
      check(a, x -> x.sum(axis), r -> TensorRules.sumAxis(a, axis, r));
      check(a, x -> x.mean(axis), r -> TensorRules.meanAxis(a, axis, r));
      check(a, x -> x.max(axis), r -> TensorRules.maxAxis(a, axis, r));
      for (boolean keep : new boolean[] {true, false}) {
        check(a, x -> x.sum(axis, keep), r -> TensorRules.sumAxisKeepDims(a, axis, keep, r));
        check(a, x -> x.mean(axis, keep), r -> TensorRules.meanAxisKeepDims(a, axis, keep, r));
        check(a, x -> x.max(axis, keep), r -> TensorRules.maxAxisKeepDims(a, axis, keep, r));
      }
    }
    for (int[] axes : new int[][] {{0, 2}, {1}, {}, {2, 0, 1}}) {
      for (boolean keep : new boolean[] {true, false}) {
        check(a, x -> x.sum(axes, keep), r -> TensorRules.sumAxes(a, axes, keep, r));
        check(a, x -> x.mean(axes, keep), r -> TensorRules.meanAxes(a, axes, keep, r));
      }
    }
  }

  @Test
  void maxSplitsTiesEquallyAsJaxDoes() {
    Tensor x = Tensor.of(new double[] {1, 3, 3, 2}, DType.FLOAT64);
    Tensor g = Tensor.scalar(1.0, DType.FLOAT64);
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, TensorRules.max(x, g).toDoubleArray());
  }

  @Test
  void shapeOperations() {
    Tensor a = random(2, 3, 4);
    check(a, x -> x.reshape(4, -1), r -> TensorRules.reshape(a, new int[] {4, -1}, r));
    check(a, Tensor::transpose, r -> TensorRules.transpose(a, r));
    int[] perm = {1, -1, 0};
    check(a, x -> x.transpose(perm), r -> TensorRules.transposePermutation(a, perm, r));
    Tensor row = random(3, 1);
    check(row, x -> x.broadcastTo(2, 3, 4), r -> TensorRules.broadcastTo(row, new int[] {2, 3, 4}, r));
    check(a, x -> x.sumTo(3, 1), r -> TensorRules.sumTo(a, new int[] {3, 1}, r));
    int[] rows = {1, 0, 1, 1};
    check(a, x -> x.gatherRows(rows), r -> TensorRules.gatherRows(a, rows, r));
    check(a, x -> x.slice(2, 1, 3), r -> TensorRules.slice(a, 2, 1, 3, r));
    Tensor b = random(2, 2, 4);
    check(a, x -> x.concat(b, 1), r -> TensorRules.concatSelf(a, b, 1, r));
    check(b, y -> a.concat(y, 1), r -> TensorRules.concatOther(a, b, 1, r));
    Tensor c = random(2, 1, 4);
    Tensor[] parts = {a, b, c};
    for (int p = 0; p < parts.length; p++) {
      int which = p;
      check(parts[p], x -> {
        Tensor[] varied = parts.clone();
        varied[which] = x;
        return Tensor.concat(1, varied);
      }, r -> TensorRules.concatParts(1, parts, r)[which]);
    }
  }

  @Test
  void identityAdjointsAreNotCopied() {
    Tensor a = random(3, 4);
    Tensor g = random(3, 4);
    assertSame(g, TensorRules.addSelf(a, random(4), g));
    assertSame(g, TensorRules.addScalarSelf(a, 2, g));
    assertSame(g, TensorRules.reshape(a, new int[] {3, 4}, g));
  }

  static Stream<Arguments> matmulShapes() {
    return Stream.of(
        Arguments.of(new int[] {3, 4}, new int[] {4, 5}),
        Arguments.of(new int[] {4}, new int[] {4}),
        Arguments.of(new int[] {3, 4}, new int[] {4}),
        Arguments.of(new int[] {4}, new int[] {4, 5}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {4, 5}),
        Arguments.of(new int[] {3, 4}, new int[] {2, 4, 5}),
        Arguments.of(new int[] {2, 1, 3, 4}, new int[] {3, 4, 2}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {4}),
        Arguments.of(new int[] {4}, new int[] {2, 4, 5}));
  }

  @ParameterizedTest
  @MethodSource("matmulShapes")
  void matmulAllNumpyForms(int[] as, int[] bs) {
    Tensor a = random(as);
    Tensor b = random(bs);
    check(a, x -> x.matmul(b), r -> TensorRules.matmulSelf(a, b, r));
    check(b, y -> a.matmul(y), r -> TensorRules.matmulOther(a, b, r));
  }

  /**
   * {@code a.matmulTransposed(o)} is {@code a.matmul(o.transpose())} for every NumPy form (the
   * processor compiles the latter to the former): the same values to the bit, and rules that pass
   * central differences.
   */
  @ParameterizedTest
  @MethodSource("matmulShapes")
  void matmulOfATransposeAllNumpyForms(int[] as, int[] bs) {
    Tensor a = random(as);
    Tensor o = random(bs).transpose();
    assertArrayEquals(a.matmul(o.transpose()).toDoubleArray(), a.matmulTransposed(o).toDoubleArray(), 0);
    check(a, x -> x.matmulTransposed(o), r -> TensorRules.matmulTransposedSelf(a, o, r));
    check(o, y -> a.matmulTransposed(y), r -> TensorRules.matmulTransposedOther(a, o, r));
  }

  /**
   * {@code a.linear(w, b)} is {@code a.matmul(w.transpose()).add(b)} (the processor compiles the
   * latter to the former) for every NumPy form and bias broadcast, the bias added in place or, where
   * it enlarges the shape, apart: the same values and shape, and rules that pass central differences.
   */
  @ParameterizedTest
  @MethodSource("matmulShapes")
  void linearIsAProductOfATransposePlusABias(int[] as, int[] bs) {
    Tensor a = random(as);
    Tensor w = random(bs).transpose();
    for (int[] shape : biasShapes(a.matmul(w.transpose()).shape())) {
      Tensor bias = random(shape);
      Tensor expected = a.matmul(w.transpose()).add(bias);
      Tensor linear = a.linear(w, bias);
      assertArrayEquals(expected.shape(), linear.shape());
      assertArrayEquals(expected.toDoubleArray(), linear.toDoubleArray(), 0);
      check(a, x -> x.linear(w, bias), r -> TensorRules.linearSelf(a, w, bias, r));
      check(w, y -> a.linear(y, bias), r -> TensorRules.linearWeight(a, w, bias, r));
      check(bias, c -> a.linear(w, c), r -> TensorRules.linearBias(a, w, bias, r));
    }
  }

  /**
   * {@code a.matmulAdd(w, b)} is {@code a.matmul(w).add(b)} (the processor compiles the latter to
   * the former) for every NumPy form and bias broadcast: a row bias in the product's backend call,
   * any other apart; the same bits and shape, and rules that pass central differences.
   */
  @ParameterizedTest
  @MethodSource("matmulShapes")
  void matmulAddIsAProductPlusABias(int[] as, int[] bs) {
    Tensor a = random(as);
    Tensor w = random(bs);
    for (int[] shape : biasShapes(a.matmul(w).shape())) {
      Tensor bias = random(shape);
      Tensor expected = a.matmul(w).add(bias);
      Tensor fused = a.matmulAdd(w, bias);
      assertArrayEquals(expected.shape(), fused.shape());
      assertArrayEquals(expected.toDoubleArray(), fused.toDoubleArray(), 0);
      Tensor expected32 = a.astype(DType.FLOAT32).matmul(w.astype(DType.FLOAT32)).add(bias.astype(DType.FLOAT32));
      Tensor fused32 = a.astype(DType.FLOAT32).matmulAdd(w.astype(DType.FLOAT32), bias.astype(DType.FLOAT32));
      assertArrayEquals(expected32.toFloatArray(), fused32.toFloatArray(), 0f);
      check(a, x -> x.matmulAdd(w, bias), r -> TensorRules.matmulAddSelf(a, w, bias, r));
      check(w, y -> a.matmulAdd(y, bias), r -> TensorRules.matmulAddWeight(a, w, bias, r));
      check(bias, c -> a.matmulAdd(w, c), r -> TensorRules.matmulAddBias(a, w, bias, r));
    }
  }

  /**
   * Biases for a product of shape {@code ps}: full, a scalar-like {@code [1]}, a row along the last
   * axis as {@code [n]} and as {@code [1, ..., 1, n]}, and one that enlarges the result.
   */
  private static java.util.List<int[]> biasShapes(int[] ps) {
    java.util.List<int[]> shapes = new java.util.ArrayList<>();
    shapes.add(ps);
    shapes.add(new int[] {1});
    if (ps.length > 0) {
      shapes.add(new int[] {ps[ps.length - 1]});
      int[] row = new int[ps.length];
      java.util.Arrays.fill(row, 1);
      row[ps.length - 1] = ps[ps.length - 1];
      shapes.add(row);
    }
    int[] enlarging = new int[ps.length + 1];
    enlarging[0] = 2;
    System.arraycopy(ps, 0, enlarging, 1, ps.length);
    shapes.add(enlarging);
    return shapes;
  }

  /** The fused forms fail as the expressions they replace do, with the same messages. */
  @Test
  void theFusedFormsReportTheUsersExpression() {
    Tensor x = random(32, 29);
    Tensor w = random(20, 30);
    IllegalArgumentException fused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> x.linear(w, random(20)));
    IllegalArgumentException plain = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> x.matmul(w.transpose()));
    assertEquals(plain.getMessage(), fused.getMessage());
    assertEquals("matmul: shapes [32, 29] and [30, 20] do not align (29 != 30)", fused.getMessage());
    IllegalArgumentException bias = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> random(32, 30).linear(w, random(7)));
    assertEquals("add: shapes [32, 20] and [7] cannot be broadcast together (20 vs 7 at axis 1)", bias.getMessage());
    IllegalArgumentException product = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> x.matmulAdd(w, random(30)));
    assertEquals(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> x.matmul(w)).getMessage(),
        product.getMessage());
    IllegalArgumentException rowBias = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> random(32, 20).matmulAdd(w, random(7)));
    assertEquals("add: shapes [32, 30] and [7] cannot be broadcast together (30 vs 7 at axis 1)", rowBias.getMessage());
  }

  @Test
  void matmulOfATransposeGivesTheSameFloat32BitsOnSmallAndBlockedPaths() {
    java.util.Random r = new java.util.Random(3);
    for (int[] mkn : new int[][] {{32, 30, 20}, {32, 20, 30}, {7, 5, 3}, {64, 300, 200}, {130, 257, 129}}) {
      float[] av = new float[mkn[0] * mkn[1]];
      float[] wv = new float[mkn[2] * mkn[1]];
      for (int i = 0; i < av.length; i++) {
        av[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < wv.length; i++) {
        wv[i] = (float) r.nextGaussian();
      }
      Tensor a = Tensor.of(av, mkn[0], mkn[1]);
      Tensor w = Tensor.of(wv, mkn[2], mkn[1]);
      assertArrayEquals(a.matmul(w.transpose()).toFloatArray(), a.matmulTransposed(w).toFloatArray(), 0f,
          java.util.Arrays.toString(mkn));
      float[] bv = new float[mkn[2]];
      for (int i = 0; i < bv.length; i++) {
        bv[i] = (float) r.nextGaussian();
      }
      Tensor b = Tensor.of(bv, mkn[2]);
      assertArrayEquals(a.matmul(w.transpose()).add(b).toFloatArray(), a.linear(w, b).toFloatArray(), 0f,
          "linear " + java.util.Arrays.toString(mkn));
    }
  }

  @Test
  void matmulTransposedForms() {
    Tensor a = random(4, 3);
    Tensor b = random(4, 5);
    check(a, x -> x.matmulTransposeA(b), r -> TensorRules.matmulTransposeASelf(a, b, r));
    check(b, y -> a.matmulTransposeA(y), r -> TensorRules.matmulTransposeAOther(a, b, r));
    Tensor c = random(3, 4);
    Tensor d = random(5, 4);
    check(c, x -> x.matmulTransposeB(d), r -> TensorRules.matmulTransposeBSelf(c, d, r));
    check(d, y -> c.matmulTransposeB(y), r -> TensorRules.matmulTransposeBOther(c, d, r));
    Tensor batched = random(2, 4, 3);
    check(batched, x -> x.matmulTransposeA(b), r -> TensorRules.matmulTransposeASelf(batched, b, r));
    check(b, y -> batched.matmulTransposeA(y), r -> TensorRules.matmulTransposeAOther(batched, b, r));
    Tensor batchedD = random(2, 5, 4);
    check(c, x -> x.matmulTransposeB(batchedD), r -> TensorRules.matmulTransposeBSelf(c, batchedD, r));
    check(batchedD, y -> c.matmulTransposeB(y), r -> TensorRules.matmulTransposeBOther(c, batchedD, r));
  }

  @Test
  void softmaxFamily() {
    Tensor a = random(3, 4, 2);
    for (int axis : new int[] {0, 1, -1}) {
      check(a, x -> x.softmax(axis), r -> TensorRules.softmax(a, axis, r));
      check(a, x -> x.logSoftmax(axis), r -> TensorRules.logSoftmax(a, axis, r));
    }
  }

  /**
   * optax's softmax cross-entropy: the values and bits of {@code -sum(labels * logSoftmax)} along
   * any axis, both rules against central differences (labels one-hot and soft), and the shape
   * errors.
   */
  @Test
  void softmaxCrossEntropy() {
    Tensor logits = random(3, 4, 2);
    Tensor soft = uniform(0.1, 1, 3, 4, 2);
    for (int axis : new int[] {0, 1, -1}) {
      for (Tensor labels : new Tensor[] {soft, Tensor.oneHot(new int[] {2, 0, 3}, 4).reshape(3, 4, 1).broadcastTo(3, 4, 2)
          .astype(DType.FLOAT64)}) {
        Tensor expected = logits.logSoftmax(axis).mul(labels).sum(axis).neg();
        Tensor fused = logits.softmaxCrossEntropy(labels, axis);
        assertArrayEquals(expected.shape(), fused.shape());
        assertArrayEquals(expected.toDoubleArray(), fused.toDoubleArray(), 0);
        Tensor e32 = logits.astype(DType.FLOAT32).logSoftmax(axis).mul(labels.astype(DType.FLOAT32)).sum(axis).neg();
        Tensor f32 = logits.astype(DType.FLOAT32).softmaxCrossEntropy(labels.astype(DType.FLOAT32), axis);
        assertArrayEquals(e32.toFloatArray(), f32.toFloatArray(), 0f);
        Tensor l = labels;
        check(logits, x -> x.softmaxCrossEntropy(l, axis), r -> TensorRules.softmaxCrossEntropySelf(logits, l, axis, r));
        check(l, y -> logits.softmaxCrossEntropy(y, axis), r -> TensorRules.softmaxCrossEntropyLabels(logits, l, axis, r));
      }
    }
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> logits.softmaxCrossEntropy(random(3, 4), 1));
    assertEquals("softmaxCrossEntropy: the labels' shape [3, 4] must be the logits' [3, 4, 2]", e.getMessage());
  }

  @Test
  void conversionsAndElementAccess() {
    Tensor a = random(2, 3);
    check(a, x -> x.astype(DType.FLOAT64), r -> TensorRules.astype(a, DType.FLOAT64, r));
    check(a, x -> x.to(Device.CPU), r -> TensorRules.to(a, Device.CPU, r));
    Tensor one = random(1, 1);
    checkToDouble(one, Tensor::item, g -> TensorRules.item(one, g));
    int[] index = {1, 2};
    checkToDouble(a, x -> x.get(index), g -> TensorRules.get(a, index, g));
    // array results: probe with the first element's weight only
    checkToDouble(a, x -> x.toDoubleArray()[4] * 2 - x.toDoubleArray()[1],
        g -> TensorRules.toDoubleArray(a, weights(6, 4, 2 * g, 1, -g)));
    checkToDouble(a, x -> x.toDoubleMatrix()[1][0] * 3,
        g -> TensorRules.toDoubleMatrix(a, new double[][] {{0, 0, 0}, {3 * g, 0, 0}}));
    assertEquals(DType.FLOAT32, TensorRules.item(Tensor.ones(2, 1), 1.0).dtype());
    Tensor rank0 = Tensor.scalar(0.3, DType.FLOAT64);
    checkToDouble(rank0, Tensor::item, g -> TensorRules.item(rank0, g));
    checkToDouble(rank0, x -> x.get(), g -> TensorRules.get(rank0, new int[0], g));
    assertArrayEquals(new int[0], TensorRules.toDoubleArray(rank0, new double[] {1}).shape());
  }

  private static double[] weights(int n, int i, double wi, int j, double wj) {
    double[] w = new double[n];
    w[i] = wi;
    w[j] = wj;
    return w;
  }

  @Test
  void creationFromDifferentiableValues() {
    double[] values = {0.5, -1, 2, 3, 1.5, -0.25};
    checkArray(values, v -> Tensor.of(v, DType.FLOAT64, 2, 3), r -> TensorRules.ofArray(values, new int[] {2, 3}, r));
    checkArray(values, v -> Tensor.of(v, DType.FLOAT64, 3, 2),
        r -> TensorRules.ofArrayWithDType(values, DType.FLOAT64, new int[] {3, 2}, r));
    double[][] rows = {{1, 2}, {3, 4}, {5, 6}};
    Tensor rowsAdjoint = random(3, 2);
    assertArrayEquals(rowsAdjoint.toDoubleMatrix(), TensorRules.ofRows(rows, rowsAdjoint));
    assertArrayEquals(rowsAdjoint.toDoubleMatrix(), TensorRules.ofRowsWithDType(rows, DType.FLOAT64, rowsAdjoint));

    checkScalar(0.7, v -> Tensor.scalar(v, DType.FLOAT64), r -> TensorRules.scalarWithDType(0.7, DType.FLOAT64, r));
    assertEquals(2.5, TensorRules.scalar(0.7, Tensor.scalar(2.5)), 1e-6);
    int[] shape = {2, 3};
    checkScalar(0.7, v -> Tensor.full(shape, v, DType.FLOAT64), r -> TensorRules.fullValueWithDType(shape, 0.7, DType.FLOAT64, r));
    assertEquals(6, TensorRules.fullValue(shape, 0.7, Tensor.ones(2, 3)), 1e-6);
    Tensor like = random(3, 2);
    checkScalar(0.7, v -> Tensor.fullLike(like, v), r -> TensorRules.fullLikeValue(like, 0.7, r));
    check(like, x -> Tensor.fullLike(x, 0.7), r -> TensorRules.fullLikeLike(like, 0.7, r));
    check(like, Tensor::zerosLike, r -> TensorRules.zerosLike(like, r));
    check(like, Tensor::onesLike, r -> TensorRules.onesLike(like, r));

    checkScalar(0.3, v -> Tensor.arange(v, 4.1, 0.5, DType.FLOAT64), r -> TensorRules.arangeStartWithDType(0.3, 4.1, 0.5, DType.FLOAT64, r));
    checkScalar(4.1, v -> Tensor.arange(0.3, v, 0.5, DType.FLOAT64), r -> TensorRules.arangeStopWithDType(0.3, 4.1, 0.5, DType.FLOAT64, r));
    checkScalar(0.5, v -> Tensor.arange(0.3, 4.1, v, DType.FLOAT64), r -> TensorRules.arangeStepWithDType(0.3, 4.1, 0.5, DType.FLOAT64, r));
    Tensor eight = Tensor.arange(8);
    assertEquals(8, TensorRules.arangeStart(0, 8, 1, Tensor.onesLike(eight)), 1e-9);
    assertEquals(28, TensorRules.arangeStep(0, 8, 1, Tensor.onesLike(eight)), 1e-9);
    assertEquals(0, TensorRules.arangeStop(0, 8, 1, Tensor.onesLike(eight)), 0);
    checkScalar(-1.5, v -> Tensor.linspace(v, 2, 7, DType.FLOAT64), r -> TensorRules.linspaceStartWithDType(-1.5, 2, 7, DType.FLOAT64, r));
    checkScalar(2, v -> Tensor.linspace(-1.5, v, 7, DType.FLOAT64), r -> TensorRules.linspaceStopWithDType(-1.5, 2, 7, DType.FLOAT64, r));
    Tensor five = Tensor.ones(5);
    assertEquals(2.5, TensorRules.linspaceStart(0, 1, 5, five), 1e-6);
    assertEquals(2.5, TensorRules.linspaceStop(0, 1, 5, five), 1e-6);
  }
}
