package dev.adjoint.processor;

import dev.adjoint.processor.ir.Pos;

/**
 * Where the analyses and transforms report problems, by IR position. The processor maps
 * positions back to source trees, so each message lands at the offending expression.
 */
public interface Diagnostics {
  void error(Pos pos, String message);

  void warning(Pos pos, String message);

  /** Whether any error has been reported through this sink. */
  boolean hasErrors();
}
