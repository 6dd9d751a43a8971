package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gradients with respect to records of tensors, nested records, lists of layers and doubles come
 * back as records of the same type, checked leaf by leaf against central differences.
 */
class ParameterTreesTest {
  private static Program program;
  private final Random random = new Random();

  @BeforeAll
  static void compile() {
    program = Program.compile("trees.M", """
        package trees;
        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;
        import java.util.List;

        record Layer(Tensor w, Tensor b) {}

        record Net(List<Layer> layers, double scale, String name) {}

        record Mixed(Tensor a, Layer inner, double[] v, List<Tensor> extras) {}

        public class M {
          @Differentiable(wrt = "net")
          static double loss(Net net, Tensor x, Tensor y) {
            Tensor h = x;
            for (Layer layer : net.layers()) {
              h = h.matmul(layer.w()).add(layer.b()).tanh();
            }
            return h.sub(y).square().mean().item() * net.scale();
          }

          @Differentiable
          static double mixed(Mixed m, double c) {
            double s = m.a().mul(m.inner().w()).sum().item();
            for (int i = 0; i < m.v().length; i++) {
              s += m.v()[i] * c * i;
            }
            Layer inner = m.inner();
            s += inner.b().square().sum().item();
            for (int i = 0; i < m.extras().size(); i++) {
              s += m.extras().get(i).exp().mean().item() * m.v()[0];
            }
            return s;
          }

          @Differentiable(wrt = "net")
          static double viaCall(Net net, Tensor x, Tensor y) {
            return loss(net, x, y) * 2 + net.scale();
          }
        }
        """);
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

  private Object record(String name, Object... components) {
    try {
      Class<?> c = program.load(name);
      Constructor<?> ctor = c.getDeclaredConstructors()[0];
      ctor.setAccessible(true);
      return ctor.newInstance(components);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Object net() {
    Object l1 = record("trees.Layer", tensor(3, 4), tensor(4));
    Object l2 = record("trees.Layer", tensor(4, 2), tensor(2));
    return record("trees.Net", List.of(l1, l2), 1.5, "tiny");
  }

  @Test
  void gradientOfANetworkIsANetworkOfGradients() {
    Object net = net();
    Tensor x = tensor(5, 3);
    Tensor y = tensor(5, 2);
    Object g = program.call("trees.MGrad", "lossGrad", net, x, y);
    assertEquals(net.getClass(), g.getClass(), "the gradient is a Net");
    assertEquals("tiny", g.toString().replaceAll(".*name=(\\w+).*", "$1"), "components without derivatives are kept");
    TreeLeaves.checkTreeGradient(a -> (double) program.call("trees.M", "loss", a), g, new Object[] {net, x, y}, 0);
  }

  @Test
  void nestedRecordsArraysAndListsOfTensors() {
    Object m = record("trees.Mixed", tensor(2, 2), record("trees.Layer", tensor(2, 2), tensor(3)),
        new double[] {0.3, -0.2, 0.7}, List.of(tensor(2), tensor(3)));
    Object g = program.call("trees.MGrad", "mixedGrad", m, 0.8);
    Object mGrad;
    try {
      java.lang.reflect.Method accessor = g.getClass().getMethod("m");
      accessor.setAccessible(true);
      mGrad = accessor.invoke(g);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertSame(m.getClass(), mGrad.getClass());
    TreeLeaves.checkTreeGradient(a -> (double) program.call("trees.M", "mixed", a), mGrad, new Object[] {m, 0.8}, 0);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void generatedTreeDefsFlattenAndRebuildTrees() throws ReflectiveOperationException {
    Object net = net();
    dev.adjoint.tree.TreeDef def = (dev.adjoint.tree.TreeDef) program.load("trees.NetTreeDef").getField("INSTANCE").get(null);
    assertEquals(net.getClass(), def.type());
    assertEquals(5, def.leafCount(net), "two layers of (w, b), and scale; the name is no leaf");
    dev.adjoint.tree.TreeWriter out = new dev.adjoint.tree.TreeWriter(def.leafCount(net));
    def.flatten(net, out);
    Tensor[] leaves = out.leaves();
    assertEquals(List.of(3, 4), java.util.Arrays.stream(leaves[0].shape()).boxed().toList());
    assertEquals(1.5, leaves[4].item());
    dev.adjoint.tree.TreeReader in = new dev.adjoint.tree.TreeReader(leaves);
    Object rebuilt = def.unflatten(net, in);
    in.finish();
    assertEquals(net, rebuilt, "the same leaves rebuild the same tree");
    // a gradient is a tree of the same shape: its leaves line up with the parameters'
    Object g = program.call("trees.MGrad", "lossGrad", net, tensor(2, 3), tensor(2, 2));
    assertEquals(def.leafCount(net), def.leafCount(g));
  }

  @Test
  void callsPassTreeGradientsBack() {
    Object net = net();
    Tensor x = tensor(4, 3);
    Tensor y = tensor(4, 2);
    Object g = program.call("trees.MGrad", "viaCallGrad", net, x, y);
    TreeLeaves.checkTreeGradient(a -> (double) program.call("trees.M", "viaCall", a), g, new Object[] {net, x, y}, 0);
  }
}
