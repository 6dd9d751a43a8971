package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the "adjoint of line N" headings that no code follows (a line whose adjoint turned out
 * empty once dead restores and inactive values were gone): a heading should introduce code.
 */
final class EmptyHeadings {
  private EmptyHeadings() {}

  private static final String PREFIX = "adjoint of";

  static List<Stmt> drop(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>(stmts.size());
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      if (s instanceof Stmt.Comment c && c.text().startsWith(PREFIX)
          && (i + 1 == stmts.size() || stmts.get(i + 1) instanceof Stmt.Comment)) {
        continue;
      }
      out.add(nested(s));
    }
    return out;
  }

  private static Stmt nested(Stmt s) {
    if (s instanceof Block b) {
      return new Block(drop(b.statements()));
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), new Block(drop(i.thenBlock().statements())),
          new Block(drop(i.elseBlock().statements())), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(),
          new Block(drop(l.body().statements())), l.pos());
    }
    return s;
  }
}
