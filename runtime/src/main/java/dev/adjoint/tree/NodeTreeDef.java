package dev.adjoint.tree;

/**
 * A {@link TreeDef} that is one {@link Node}: the built-in defs of a bare {@code Tensor}, a
 * {@code Tensor[]} and a {@code List} tree.
 */
final class NodeTreeDef<T> implements TreeDef<T> {
  private final Class<T> type;
  private final Node node;
  private final String name;

  NodeTreeDef(Class<T> type, Node node, String name) {
    this.type = type;
    this.node = node;
    this.name = name;
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public int leafCount(T tree) {
    return node.count(tree, name);
  }

  @Override
  public void flatten(T tree, TreeWriter out) {
    node.flatten(tree, out, name);
  }

  @Override
  public T unflatten(T template, TreeReader in) {
    return type.cast(node.unflatten(template, in, name));
  }

  @Override
  public String toString() {
    return "TreeDef[" + name + "]";
  }
}
