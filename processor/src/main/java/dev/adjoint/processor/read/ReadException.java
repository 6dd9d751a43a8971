package dev.adjoint.processor.read;

import com.sun.source.tree.Tree;

/**
 * A construct outside the differentiable subset, or one the reader cannot type: reported as a
 * compile error at {@link #tree()} with a message saying what is wrong and what to write instead.
 */
public final class ReadException extends RuntimeException {
  private final transient Tree tree;

  public ReadException(Tree tree, String message) {
    super(message, null, false, false);
    this.tree = tree;
  }

  public Tree tree() {
    return tree;
  }
}
