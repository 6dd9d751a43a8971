package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the two halves of a fused loop iteration (see {@link SweepFusion}): its forward statements,
 * then its adjoint. When the forward half ends with a branch and the adjoint half starts with the
 * adjoint of that branch, taken on the same condition (which the branches leave alone, or the
 * reverse mode would have recorded it), each branch's adjoint moves into the branch itself:
 *
 * <pre>{@code
 * if (Math.abs(r) <= delta) {
 *   loss += 0.5 * r * r;
 *   // adjoint of line 50: loss += 0.5 * r * r
 *   rBar = (0.5 * r + 0.5 * r) * lossBar;
 * } else { ... }
 * }</pre>
 *
 * The condition is evaluated once per iteration instead of twice, as a person writes it.
 */
final class BranchMerge {
  static final String AT_ONCE = "adjoint of this iteration, at once: no iteration needs another's adjoint";

  private BranchMerge() {}

  static List<Stmt> apply(List<Stmt> forwardHalf, List<Stmt> adjointHalf) {
    int last = lastStatement(forwardHalf);
    int first = firstStatement(adjointHalf);
    List<Stmt> out = new ArrayList<>();
    if (last >= 0 && first >= 0 && forwardHalf.get(last) instanceof Stmt.If f && adjointHalf.get(first) instanceof Stmt.If a
        && f.condition().equals(a.condition())) {
      out.addAll(forwardHalf.subList(0, last));
      out.add(new Stmt.Comment("adjoint of this iteration, at once, each branch's inside the branch: no iteration needs another's adjoint"));
      out.add(new Stmt.If(f.condition(), joined(f.thenBlock(), a.thenBlock()), joined(f.elseBlock(), a.elseBlock()), f.pos()));
      out.addAll(forwardHalf.subList(last + 1, forwardHalf.size()));
      out.addAll(adjointHalf.subList(first + 1, adjointHalf.size()));
      return out;
    }
    out.addAll(forwardHalf);
    out.add(new Stmt.Comment(AT_ONCE));
    out.addAll(adjointHalf);
    return out;
  }

  private static Block joined(Block forward, Block adjoint) {
    List<Stmt> both = new ArrayList<>(forward.statements());
    both.addAll(adjoint.statements());
    return new Block(both);
  }

  private static int lastStatement(List<Stmt> stmts) {
    for (int i = stmts.size() - 1; i >= 0; i--) {
      if (!(stmts.get(i) instanceof Stmt.Comment)) {
        return i;
      }
    }
    return -1;
  }

  private static int firstStatement(List<Stmt> stmts) {
    for (int i = 0; i < stmts.size(); i++) {
      if (!(stmts.get(i) instanceof Stmt.Comment)) {
        return i;
      }
    }
    return -1;
  }
}
