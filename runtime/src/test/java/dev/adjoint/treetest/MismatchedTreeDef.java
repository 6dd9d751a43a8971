package dev.adjoint.treetest;

/** Not a TreeDef of {@link Mismatched}: the lookup must say so instead of falling back silently. */
final class MismatchedTreeDef {
  public static final Object INSTANCE = "not a def";

  private MismatchedTreeDef() {}
}
