package dev.adjoint.treetest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reflective fallback on package-private records of another package (as user records are):
 * nested records, lists, doubles, floats and arrays are leaves in declaration order; other
 * components are kept from the template.
 */
class ReflectiveTreeDefTest {

  record Layer(Tensor w, Tensor b) {}

  record Net(List<Layer> layers, double scale, String name, int seed) {}

  record Mixed(Tensor a, Layer inner, double[] v, List<Tensor> extras, float f, float[] fs, Tensor[] arr,
      List<Double> ds) {}

  record Node(Tensor value, List<Node> children) {}

  record Unsupported(double[][] m) {}

  record Holder(Tensor a) {}

  private static Tensor t(double... values) {
    return Tensor.of(values, DType.FLOAT32, values.length);
  }

  private static Net net() {
    return new Net(List.of(new Layer(t(1, 2), t(3)), new Layer(t(4, 5, 6), t(7))), 0.5, "tiny", 42);
  }

  @Test
  void leavesComeDepthFirstInDeclarationOrder() {
    Tensor[] leaves = Trees.leaves(net());
    assertEquals(5, leaves.length);
    assertArrayEquals(new float[] {1, 2}, leaves[0].toFloatArray());
    assertArrayEquals(new float[] {3}, leaves[1].toFloatArray());
    assertArrayEquals(new float[] {4, 5, 6}, leaves[2].toFloatArray());
    assertArrayEquals(new float[] {7}, leaves[3].toFloatArray());
    assertEquals(0, leaves[4].rank(), "a double is a scalar leaf");
    assertEquals(DType.FLOAT64, leaves[4].dtype());
    assertEquals(0.5, leaves[4].item());
    assertEquals(5, Trees.leafCount(net()));
  }

  @Test
  void unflattenRebuildsTheRecordKeepingComponentsThatAreNoLeaves() {
    Net doubled = Trees.map(net(), x -> x.mul(2));
    assertEquals("tiny", doubled.name());
    assertEquals(42, doubled.seed());
    assertEquals(1.0, doubled.scale());
    assertEquals(2, doubled.layers().size());
    assertArrayEquals(new float[] {8, 10, 12}, doubled.layers().get(1).w().toFloatArray());
    assertThrows(UnsupportedOperationException.class, () -> doubled.layers().add(null), "rebuilt lists are unmodifiable");
  }

  @Test
  void everySupportedComponentKind() {
    Mixed m = new Mixed(t(1), new Layer(t(2), t(3)), new double[] {4, 5}, List.of(t(6), t(7)), 8f,
        new float[] {9, 10}, new Tensor[] {t(11), t(12)}, List.of(13.0, 14.0));
    Tensor[] leaves = Trees.leaves(m);
    assertEquals(12, leaves.length);
    double[] firsts = new double[leaves.length];
    for (int i = 0; i < leaves.length; i++) {
      firsts[i] = leaves[i].toDoubleArray()[0];
    }
    assertArrayEquals(new double[] {1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14}, firsts);
    assertEquals(DType.FLOAT64, leaves[3].dtype(), "double[] is a float64 vector");
    assertArrayEquals(new int[] {2}, leaves[3].shape());
    assertEquals(DType.FLOAT64, leaves[6].dtype(), "a float is a float64 scalar, as TreeWriter writes scalars");
    assertEquals(DType.FLOAT32, leaves[7].dtype(), "float[] is a float32 vector");

    Mixed plusOne = Trees.map(m, x -> x.add(1));
    assertArrayEquals(new double[] {5, 6}, plusOne.v());
    assertEquals(9f, plusOne.f());
    assertArrayEquals(new float[] {10, 11}, plusOne.fs());
    assertEquals(13.0, plusOne.arr()[1].item());
    assertEquals(List.of(14.0, 15.0), plusOne.ds());
    assertEquals(4.0, plusOne.inner().b().item());
    assertArrayEquals(new double[] {4, 5}, m.v(), "the input is untouched");
  }

  @Test
  void recursiveRecords() {
    Node tree = new Node(t(1), List.of(new Node(t(2), List.of()), new Node(t(3), List.of(new Node(t(4), List.of())))));
    Tensor[] leaves = Trees.leaves(tree);
    assertEquals(4, leaves.length);
    assertEquals(4.0, leaves[3].item());
    Node negated = Trees.map(tree, Tensor::neg);
    assertEquals(-4.0, negated.children().get(1).children().get(0).value().item());
  }

  @Test
  void unsupportedComponentsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trees.def(Unsupported.class));
    assertTrue(e.getMessage().contains("Unsupported.m has type double[][]"), e.getMessage());
  }

  @Test
  void nullLeavesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trees.leaves(new Holder(null)));
    assertTrue(e.getMessage().contains("Holder.a is null"), e.getMessage());
  }

  @Test
  void bareTensorsArraysAndListsAreTrees() {
    Tensor x = t(1, 2);
    assertSame(x, Trees.leaves(x)[0]);
    assertArrayEquals(new float[] {2, 4}, Trees.scale(x, 2).toFloatArray());

    Tensor[] array = {t(1), t(2, 3)};
    Tensor[] arrayTimes3 = Trees.scale(array, 3);
    assertEquals(9.0, arrayTimes3[1].get(1));

    List<Object> mixed = List.of(t(1), new Layer(t(2), t(3)), List.of(t(4)), 5.0);
    assertEquals(5, Trees.leafCount(mixed));
    List<Object> negated = Trees.map(mixed, Tensor::neg);
    assertEquals(-3.0, ((Layer) negated.get(1)).b().item());
    assertEquals(-4.0, ((List<?>) negated.get(2)).get(0) instanceof Tensor z ? z.item() : 0);
    assertEquals(-5.0, negated.get(3));
  }
}
