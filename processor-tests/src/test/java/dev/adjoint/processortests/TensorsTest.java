package dev.adjoint.processortests;

import static dev.adjoint.processortests.GradientAssertions.assertGradient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tensor code through the processor: gradients against central differences in float64. */
class TensorsTest {
  private static final String CLASS = "tensors.N";
  private static Program program;
  private final Random random = new Random();

  @BeforeAll
  static void compile() {
    program = Program.compile(CLASS, """
        package tensors;
        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;
        public class N {
          @Differentiable static double mse(Tensor w, Tensor b, Tensor x, Tensor y) {
            Tensor h = x.matmul(w).add(b).tanh();
            return h.sub(y).square().mean().item();
          }

          @Differentiable static double crossEntropy(Tensor w, Tensor x, Tensor labels) {
            return x.matmul(w).softmaxCrossEntropy(labels, 1).mean().item();
          }

          @Differentiable static Tensor scalarTensor(Tensor w, Tensor x) {
            return x.matmul(w).sigmoid().sum();
          }

          @Differentiable static double layers(Tensor w1, Tensor b1, Tensor w2, Tensor x, int depth) {
            Tensor h = x;
            for (int i = 0; i < depth; i++) {
              h = h.matmul(w1).add(b1).relu().add(h);
            }
            return h.matmul(w2).logSoftmax(1).sum().item() * -1.0;
          }

          @Differentiable static double mixed(Tensor w, double scale, Tensor x) {
            double s = 0;
            Tensor z = x.mul(scale).matmul(w);
            if (z.sum().item() > 0) {
              s = z.exp().mean().item();
            } else {
              s = z.softplus().mean().item() * scale;
            }
            return s + scale * scale;
          }

          @Differentiable static double reshapes(Tensor w) {
            Tensor r = w.reshape(3, 2).transpose();
            return r.pow(3.0).sum(1).max().item() + w.sqrt().mean().item();
          }

          @Differentiable static double transposedWeights(Tensor w, Tensor b, Tensor x) {
            return x.matmul(w.transpose()).add(b).tanh().sum().item();
          }

          @Differentiable static double transposedProduct(Tensor w, Tensor x) {
            Tensor h = x.matmul(w.transpose());
            return h.tanh().sum().item();
          }

          @Differentiable(wrt = "w") static double stack(Tensor w, Tensor x, int depth) {
            Tensor h = x;
            for (int i = 0; i < depth; i++) {
              h = h.matmul(w).tanh();
            }
            return h.sum().item();
          }

          @Differentiable static double stackWithInput(Tensor w, Tensor x, int depth) {
            Tensor h = x;
            for (int i = 0; i < depth; i++) {
              h = h.matmul(w).tanh();
            }
            return h.sum().item();
          }

          @Differentiable static Tensor vectorResult(Tensor w) {
            return w.tanh();
          }

          @Differentiable static double unused(Tensor used, Tensor unusedTensor) {
            return used.square().sum().item();
          }
        }
        """);
  }

  /**
   * {@code x.matmul(w.transpose())} compiles to {@code x.matmulTransposed(w)} (no transposed copy)
   * and {@code x.matmul(w.transpose()).add(b)} to {@code x.linear(w, b)}: the generated code says
   * so, and the gradients are right for a matrix {@code w} (read in place) and for a vector and a
   * 3-D {@code w} (the transpose taken at run time), with biases that broadcast into the product
   * and one that enlarges it.
   */
  @Test
  void denseLayersCompileToFusedOperations() {
    String source = program.generatedSource("tensors.NGrad");
    String linear = GeneratedMethods.vjpOf(source, "transposedWeights");
    String product = GeneratedMethods.vjpOf(source, "transposedProduct");
    assertTrue(linear.contains("x.linear(w, b)"), linear);
    assertTrue(product.contains("x.matmulTransposed(w)"), product);
    for (String vjp : new String[] {linear, product}) {
      assertTrue(vjp.lines().filter(line -> !line.strip().startsWith("//")).noneMatch(line -> line.contains(".transpose(")), vjp);
    }
    for (int trial = 0; trial < 3; trial++) {
      assertGradient(program, CLASS, "transposedWeights", tensor(4, 3), tensor(4), tensor(5, 3));
      assertGradient(program, CLASS, "transposedWeights", tensor(4, 3), tensor(5, 4), tensor(5, 3));
      assertGradient(program, CLASS, "transposedWeights", tensor(4, 3), tensor(2, 5, 4), tensor(5, 3));
      assertGradient(program, CLASS, "transposedWeights", tensor(3), tensor(5), tensor(5, 3));
      assertGradient(program, CLASS, "transposedWeights", tensor(4, 3, 2), tensor(2, 5, 4), tensor(5, 3));
      assertGradient(program, CLASS, "transposedProduct", tensor(4, 3), tensor(5, 3));
      assertGradient(program, CLASS, "transposedProduct", tensor(3), tensor(5, 3));
    }
  }

  /**
   * {@code x.matmul(w).add(b)} (JAX's {@code x @ w + b}) compiles to {@code x.matmulAdd(w, b)},
   * which adds a row bias in the product's backend call; the gradients are right for a row bias
   * (fused), a full and a {@code [1, n]} bias, a vector and a batched {@code x}, and a vector
   * {@code w} (these take the unfused path at run time).
   */
  @Test
  void jaxStyleDenseLayersCompileToMatmulAdd() {
    String source = program.generatedSource("tensors.NGrad");
    String mse = GeneratedMethods.vjpOf(source, "mse");
    String layers = GeneratedMethods.vjpOf(source, "layers");
    assertTrue(mse.contains("x.matmulAdd(w, b)"), mse);
    assertTrue(layers.contains(".matmulAdd(w1, b1)"), layers);
    for (int trial = 0; trial < 2; trial++) {
      assertGradient(program, CLASS, "mse", tensor(3, 2), tensor(2), tensor(5, 3), tensor(5, 2));
      assertGradient(program, CLASS, "mse", tensor(3, 2), tensor(5, 2), tensor(5, 3), tensor(5, 2));
      assertGradient(program, CLASS, "mse", tensor(3, 2), tensor(1, 2), tensor(5, 3), tensor(5, 2));
      assertGradient(program, CLASS, "mse", tensor(3, 2), tensor(2), tensor(3), tensor(2));
      assertGradient(program, CLASS, "mse", tensor(3, 2), tensor(2), tensor(4, 5, 3), tensor(4, 5, 2));
      assertGradient(program, CLASS, "mse", tensor(3), tensor(5), tensor(5, 3), tensor(5));
    }
  }

  /**
   * A layer loop whose first input is not differentiated: the adjoint of layer 0's input is
   * skipped in the loop's last adjoint iteration (nothing reads it), and only there; with the
   * input differentiated it is kept. Both gradients against central differences.
   */
  @Test
  void theUndifferentiatedInputOfALayerLoopGetsNoAdjoint() {
    String source = program.generatedSource("tensors.NGrad");
    String stack = GeneratedMethods.vjpOf(source, "stack");
    String withInput = GeneratedMethods.vjpOf(source, "stackWithInput");
    assertTrue(stack.contains("if (i != 0) {"), stack);
    assertTrue(!withInput.contains("if (i != 0) {"), withInput);
    for (int trial = 0; trial < 3; trial++) {
      for (int depth : new int[] {0, 1, 3}) {
        Tensor w = tensor(3, 3).mul(0.5);
        Tensor x = tensor(4, 3);
        GradientAssertions.assertGradientWrt(program, CLASS, "stack", new int[] {0}, w, x, depth);
        GradientAssertions.assertGradientWrt(program, CLASS, "stackWithInput", new int[] {0, 1}, w, x, depth);
      }
    }
  }

  private Tensor tensor(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() * 2 - 1;
    }
    return Tensor.of(v, DType.FLOAT64, shape);
  }

  private Tensor positive(int... shape) {
    Tensor t = tensor(shape);
    return t.abs().add(0.5);
  }

  /** optax's softmax cross-entropy through the generated code, with respect to the weights and the labels. */
  @Test
  void softmaxCrossEntropyLoss() {
    for (int k = 0; k < 3; k++) {
      assertGradient(program, CLASS, "crossEntropy", tensor(3, 4), tensor(5, 3), positive(5, 4));
    }
  }

  @Test
  void denseLayerWithBroadcastBias() {
    for (int k = 0; k < 3; k++) {
      assertGradient(program, CLASS, "mse", tensor(3, 2), tensor(2), tensor(5, 3), tensor(5, 2));
    }
  }

  @Test
  void scalarTensorResults() {
    Tensor w = tensor(3, 1);
    Tensor x = tensor(4, 3);
    Object g = program.call("tensors.NGrad", "scalarTensorGrad", w, x);
    GradientCheck.check(a -> ((Tensor) program.call(CLASS, "scalarTensor", a)).item(), g, new Object[] {w, x}, 0, 1);
  }

  @Test
  void loopsOverLayersWithResidualConnections() {
    for (int depth = 0; depth < 4; depth++) {
      GradientAssertions.assertGradientWrt(program, CLASS, "layers", new int[] {0, 1, 2, 3},
          tensor(3, 3), tensor(3), tensor(3, 4), tensor(2, 3), depth);
    }
  }

  @Test
  void tensorsMixedWithScalarsAndBranches() {
    for (int k = 0; k < 4; k++) {
      assertGradient(program, CLASS, "mixed", tensor(3, 2), random.nextDouble() + 0.5, tensor(4, 3));
    }
  }

  @Test
  void reshapingAndReductions() {
    for (int k = 0; k < 3; k++) {
      assertGradient(program, CLASS, "reshapes", positive(2, 3));
    }
  }

  @Test
  void parametersThatGetNoGradientGetZeros() {
    Tensor used = tensor(2, 2);
    Tensor other = tensor(3);
    Object g = program.call("tensors.NGrad", "unusedGrad", used, other);
    assertTrue(g.toString().contains("unusedTensor"));
    GradientCheck.check(a -> ((Number) program.call(CLASS, "unused", a)).doubleValue(), g, new Object[] {used, other}, 0, 1);
  }

  @Test
  void aGradientOfANonScalarResultIsRefused() {
    Tensor w = tensor(3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> program.call("tensors.NGrad", "vectorResultGrad", w));
    assertTrue(e.getMessage().contains("shape [3, 2]"), e.getMessage());
    // with an adjoint of the result's shape, the VJP is what it is for
    Tensor seed = tensor(3, 2);
    Object vjp = program.call("tensors.NGrad", "vectorResultVjp", w, seed);
    double[] expected = w.tanh().square().rsub(1.0).mul(seed).toDoubleArray();
    double[] got = null;
    try {
      java.lang.reflect.Method grad = vjp.getClass().getMethod("grad");
      grad.setAccessible(true);
      got = ((Tensor) grad.invoke(vjp)).toDoubleArray();
    } catch (ReflectiveOperationException ex) {
      throw new AssertionError(ex);
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got, 1e-12);
  }
}
