package dev.adjoint.treetest;

import dev.adjoint.tree.TreeDef;
import dev.adjoint.tree.TreeReader;
import dev.adjoint.tree.TreeWriter;

/** What the processor writes for the nested record {@code Outer.Params}. */
final class Outer_ParamsTreeDef implements TreeDef<Outer.Params> {
  public static final Outer_ParamsTreeDef INSTANCE = new Outer_ParamsTreeDef();

  private Outer_ParamsTreeDef() {}

  @Override
  public Class<Outer.Params> type() {
    return Outer.Params.class;
  }

  @Override
  public int leafCount(Outer.Params tree) {
    return 2;
  }

  @Override
  public void flatten(Outer.Params tree, TreeWriter out) {
    out.add(tree.a());
    out.add(tree.s());
  }

  @Override
  public Outer.Params unflatten(Outer.Params template, TreeReader in) {
    return new Outer.Params(in.next(), in.nextDouble());
  }
}
