package dev.adjoint.tree;

/**
 * How a parameter tree of type {@code T} comes apart into leaves and goes back together, without
 * reflection: the processor writes one for each record it differentiates with respect to
 * ({@code ParamsTreeDef} beside {@code Params}), and {@link Trees#def} finds it.
 *
 * <p>Leaves are visited depth first, in declaration order: a tensor is one leaf, a double or float
 * component one scalar leaf, a {@code double[]} one leaf, a list its elements in order. Components
 * that carry no derivative (ints, strings) are not leaves; {@link #unflatten} takes them from the
 * template.
 */
public interface TreeDef<T> {
  /** The tree's class. */
  Class<T> type();

  /** The number of leaves of {@code tree} (lists make it depend on the instance). */
  int leafCount(T tree);

  /** Writes the leaves of {@code tree}, in order. */
  void flatten(T tree, TreeWriter out);

  /** A tree shaped like {@code template} whose leaves are read, in order, from {@code in}. */
  T unflatten(T template, TreeReader in);
}
