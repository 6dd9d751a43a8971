package dev.adjoint.treetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.TreeDef;
import dev.adjoint.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link Trees#def} finds defs: generated ones by name, built-in ones, the reflective fallback. */
class TreeDefLookupTest {

  @Test
  void findsTheGeneratedDefByItsName() {
    assertSame(MlpTreeDef.INSTANCE, Trees.def(Mlp.class));
  }

  @Test
  void findsTheGeneratedDefOfANestedRecordWithDollarReplacedByUnderscore() {
    assertSame(Outer_ParamsTreeDef.INSTANCE, Trees.def(Outer.Params.class));
  }

  @Test
  void treeOperationsGoThroughTheGeneratedDef() {
    Mlp a = new Mlp(Tensor.ones(2, 1), Tensor.ones(2), Tensor.ones(1, 2), Tensor.ones(1), "net");
    int before = MlpTreeDef.FLATTENS.get();
    Mlp sum = Trees.add(a, a);
    assertEquals(before + 2, MlpTreeDef.FLATTENS.get(), "one flatten per operand");
    assertEquals("net", sum.name());
    assertEquals(2.0, sum.w2().get(0, 1));
  }

  @Test
  void aDefIsComputedOncePerClass() {
    record Local(Tensor x) {}
    assertSame(Trees.def(Local.class), Trees.def(Local.class));
  }

  @Test
  void aClassByTheGeneratedNameThatIsNoDefOfTheRecordIsAnError() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trees.def(Mismatched.class));
    assertTrue(e.getMessage().contains("MismatchedTreeDef.INSTANCE is not a TreeDef<Mismatched>"), e.getMessage());
  }

  @Test
  void builtInDefs() {
    assertSame(Trees.tensorDef(), Trees.def(Tensor.class));
    assertSame(Trees.tensorArrayDef(), Trees.def(Tensor[].class));
    TreeDef<List<Tensor>> list = Trees.tensorListDef();
    assertEquals(2, list.leafCount(List.of(Tensor.ones(2), Tensor.ones(3))));
  }

  @Test
  void classesThatAreNoTreesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trees.def(String.class));
    assertTrue(e.getMessage().contains("java.lang.String is not a tree"), e.getMessage());
  }
}
