package dev.adjoint.treetest;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tree.TreeDef;
import dev.adjoint.tree.TreeReader;
import dev.adjoint.tree.TreeWriter;

/** What the processor writes for {@link Mlp}: plain calls, no reflection. */
final class MlpTreeDef implements TreeDef<Mlp> {
  public static final MlpTreeDef INSTANCE = new MlpTreeDef();

  /** Counts flattens so that tests can see this def is the one used. */
  static final java.util.concurrent.atomic.AtomicInteger FLATTENS = new java.util.concurrent.atomic.AtomicInteger();

  private MlpTreeDef() {}

  @Override
  public Class<Mlp> type() {
    return Mlp.class;
  }

  @Override
  public int leafCount(Mlp tree) {
    return 4;
  }

  @Override
  public void flatten(Mlp tree, TreeWriter out) {
    FLATTENS.incrementAndGet();
    out.add(tree.w1());
    out.add(tree.b1());
    out.add(tree.w2());
    out.add(tree.b2());
  }

  @Override
  public Mlp unflatten(Mlp template, TreeReader in) {
    Tensor w1 = in.next();
    Tensor b1 = in.next();
    Tensor w2 = in.next();
    Tensor b2 = in.next();
    return new Mlp(w1, b1, w2, b2, template.name());
  }
}
