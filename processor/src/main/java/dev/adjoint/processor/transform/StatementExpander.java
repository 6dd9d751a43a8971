package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * A rewrite of a method's statements in which each statement becomes zero or more statements (its
 * tangent updates before it, an {@code if} in place of a {@code ?:}...), blocks nested the same way.
 */
abstract class StatementExpander {
  /** The statements {@code stmts} become, in order. */
  final List<Stmt> block(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      statement(s, out);
    }
    return out;
  }

  final Block nested(Block b) {
    return new Block(block(b.statements()));
  }

  /** Appends to {@code out} what {@code s} becomes. */
  abstract void statement(Stmt s, List<Stmt> out);
}
