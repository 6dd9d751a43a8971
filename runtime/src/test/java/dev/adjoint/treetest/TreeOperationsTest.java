package dev.adjoint.treetest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leafwise arithmetic on trees, and the errors for trees that do not fit together. */
class TreeOperationsTest {

  record Params(Tensor w, Tensor b, double s) {}

  private static Params params(double w0, double b0, double s) {
    return new Params(Tensor.of(new double[] {w0, w0 + 1, w0 + 2, w0 + 3}, DType.FLOAT32, 2, 2),
        Tensor.of(new double[] {b0, b0 - 1}, DType.FLOAT32, 2), s);
  }

  @Test
  void addSubScaleZerosLike() {
    Params a = params(1, 10, 0.5);
    Params b = params(2, 20, 1.5);
    Params sum = Trees.add(a, b);
    assertArrayEquals(new float[] {3, 5, 7, 9}, sum.w().toFloatArray());
    assertArrayEquals(new float[] {30, 28}, sum.b().toFloatArray());
    assertEquals(2.0, sum.s());
    Params diff = Trees.sub(b, a);
    assertArrayEquals(new float[] {1, 1, 1, 1}, diff.w().toFloatArray());
    assertEquals(1.0, diff.s());
    Params scaled = Trees.scale(a, -2);
    assertArrayEquals(new float[] {-20, -18}, scaled.b().toFloatArray());
    assertEquals(-1.0, scaled.s());
    Params zeros = Trees.zerosLike(a);
    assertArrayEquals(new int[] {2, 2}, zeros.w().shape());
    assertEquals(DType.FLOAT32, zeros.w().dtype());
    assertEquals(0.0, zeros.s());
  }

  @Test
  void zipAppliesAnyFunctionPairwise() {
    Params a = params(1, 10, 0.5);
    Params product = Trees.zip(a, a, Tensor::mul);
    assertArrayEquals(new float[] {1, 4, 9, 16}, product.w().toFloatArray());
    assertEquals(0.25, product.s());
  }

  @Test
  void globalNormIsTheNormOfAllNumbersTogether() {
    Params a = params(1, 10, 0.5);
    double expected = Math.sqrt(1 + 4 + 9 + 16 + 100 + 81 + 0.25);
    assertEquals(expected, Trees.globalNorm(a), 1e-6);
  }

  @Test
  void shapeMismatchesNameTheLeafAndBothShapes() {
    Params a = params(1, 10, 0.5);
    Params b = new Params(a.w(), Tensor.zeros(3), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trees.add(a, b));
    assertEquals("Trees.add: leaf 1 has shape [2] in the first tree and [3] in the second", e.getMessage());
  }

  @Test
  void leafCountMismatchesAreReported() {
    List<Tensor> three = List.of(Tensor.ones(1), Tensor.ones(1), Tensor.ones(1));
    List<Tensor> two = List.of(Tensor.ones(1), Tensor.ones(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trees.sub(three, two));
    assertEquals("Trees.sub: 3 leaves in the first tree, 2 in the second", e.getMessage());
  }

  @Test
  void treesOfDifferentTypesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trees.<Object>add(params(1, 1, 1), Tensor.ones(1)));
    assertEquals(true, e.getMessage().startsWith("Trees.add: trees of different types"), e.getMessage());
  }

  @Test
  void failuresOfTheLeafOperationNameTheLeaf() {
    Params a = params(1, 10, 0.5);
    Params b = new Params(a.w(), a.b().astype(DType.FLOAT64), 0.5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trees.add(a, b));
    assertEquals(true, e.getMessage().startsWith("Trees.add: leaf 1: add: dtypes float32 and float64 differ"),
        e.getMessage());
  }

  @Test
  void unflattenChecksTheLeavesAgainstTheTemplate() {
    Params a = params(1, 10, 0.5);
    Tensor[] leaves = Trees.leaves(a);
    leaves[0] = leaves[0].mul(3);
    Params rebuilt = Trees.unflatten(a, leaves);
    assertArrayEquals(new float[] {3, 6, 9, 12}, rebuilt.w().toFloatArray());

    Tensor[] wrongShape = {Tensor.zeros(4), leaves[1], leaves[2]};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trees.unflatten(a, wrongShape));
    assertEquals("Trees.unflatten: leaf 0 has shape [2, 2] in the template and [4] in the leaves given", e.getMessage());

    Tensor[] tooFew = {leaves[0], leaves[1]};
    e = assertThrows(IllegalArgumentException.class, () -> Trees.unflatten(a, tooFew));
    assertEquals("Trees.unflatten: 3 leaves in the template, 2 in the leaves given", e.getMessage());
  }
}
