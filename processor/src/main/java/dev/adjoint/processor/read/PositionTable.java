package dev.adjoint.processor.read;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.Pos;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out IR positions for source trees and maps them back: positions carry the line and the
 * source text that generated code quotes in its comments.
 */
public final class PositionTable {
  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private final List<Tree> trees = new ArrayList<>();
  private final CharSequence source;

  public PositionTable(Trees trees, CompilationUnitTree unit) {
    this.unit = unit;
    this.positions = trees.getSourcePositions();
    CharSequence text;
    try {
      text = unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException e) {
      text = "";
    }
    this.source = text;
  }

  public CompilationUnitTree unit() {
    return unit;
  }

  /**
   * A position for {@code tree}. Statements carry their source text, folded onto one line (the
   * comments of generated code quote it); expressions need only their place.
   */
  public Pos of(Tree tree) {
    int id = trees.size();
    trees.add(tree);
    return new Pos(id, lineOf(tree), actsAsStatement(tree) ? textOf(tree) : "");
  }

  private int lineOf(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    LineMap lines = unit.getLineMap();
    return start >= 0 && lines != null ? (int) lines.getLineNumber(start) : -1;
  }

  private static boolean actsAsStatement(Tree tree) {
    return tree instanceof StatementTree
        || tree instanceof com.sun.source.tree.AssignmentTree
        || tree instanceof com.sun.source.tree.CompoundAssignmentTree
        || tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT
        || tree.getKind() == Tree.Kind.PREFIX_DECREMENT || tree.getKind() == Tree.Kind.POSTFIX_DECREMENT;
  }

  /**
   * The tree behind a position, or null for synthesized positions and for positions another
   * table handed out (code inlined from a method read elsewhere: its ids mean other trees here,
   * which the line number gives away).
   */
  public Tree tree(Pos pos) {
    if (!pos.isKnown() || pos.id() >= trees.size()) {
      return null;
    }
    Tree tree = trees.get(pos.id());
    return lineOf(tree) == pos.line() ? tree : null;
  }

  public String textOf(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    if (start < 0 || end < start || end > source.length()) {
      return "";
    }
    StringBuilder text = new StringBuilder((int) (end - start));
    boolean space = false;
    for (int i = (int) start; i < end; i++) {
      char c = source.charAt(i);
      if (Character.isWhitespace(c)) {
        space = text.length() > 0;
      } else {
        if (space) {
          text.append(' ');
          space = false;
        }
        text.append(c);
      }
    }
    return text.toString();
  }
}
