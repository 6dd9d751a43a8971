package dev.adjoint.optim;

import dev.adjoint.tree.TreeDef;
import dev.adjoint.tree.TreeReader;
import dev.adjoint.tree.TreeWriter;

/** The def the processor would generate for {@link OptimizerStepBenchmark.Params} (found by this name). */
public final class OptimizerStepBenchmark_ParamsTreeDef implements TreeDef<OptimizerStepBenchmark.Params> {
  public static final OptimizerStepBenchmark_ParamsTreeDef INSTANCE = new OptimizerStepBenchmark_ParamsTreeDef();

  private OptimizerStepBenchmark_ParamsTreeDef() {}

  @Override
  public Class<OptimizerStepBenchmark.Params> type() {
    return OptimizerStepBenchmark.Params.class;
  }

  @Override
  public int leafCount(OptimizerStepBenchmark.Params tree) {
    return 6;
  }

  @Override
  public void flatten(OptimizerStepBenchmark.Params tree, TreeWriter out) {
    out.add(tree.w1());
    out.add(tree.b1());
    out.add(tree.w2());
    out.add(tree.b2());
    out.add(tree.w3());
    out.add(tree.b3());
  }

  @Override
  public OptimizerStepBenchmark.Params unflatten(OptimizerStepBenchmark.Params template, TreeReader in) {
    return new OptimizerStepBenchmark.Params(in.next(), in.next(), in.next(), in.next(), in.next(), in.next());
  }
}
