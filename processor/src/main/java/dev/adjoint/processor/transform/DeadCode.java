package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes assignments to scalar variables whose values nothing reads, repeatedly, so that a
 * derivative keeps only the primal values it needs. Array writes, tape operations and calls'
 * effects stay: removing them could unbalance the tape or drop an aliased write.
 */
final class DeadCode {
  private DeadCode() {}

  static Function eliminate(Function f) {
    Function current = f;
    for (int round = 0; round < 50; round++) {
      Set<Var> read = readVariables(current.body());
      Block pruned = prune(current.body(), read);
      if (pruned.equals(current.body())) {
        return current;
      }
      current = current.withBody(pruned);
    }
    return current;
  }

  /** Variables read anywhere, except by the assignments that only update that same variable. */
  private static Set<Var> readVariables(Block body) {
    Set<Var> read = new HashSet<>();
    IrWalk.stmt(body, s -> {
      if (s instanceof Stmt.Assign a) {
        collectReads(a.value(), read, a.target());
      } else if (s instanceof Stmt.Declare d) {
        collectReads(d.init(), read, d.var());
      } else if (s instanceof Stmt.Accumulate acc && acc.target() instanceof Expr.Local l) {
        collectReads(acc.value(), read, l.var());
      } else if (s instanceof Stmt.Accumulate acc) {
        collectReads(acc.target(), read, null);
        collectReads(acc.value(), read, null);
      } else if (s instanceof Stmt.ArrayWrite w) {
        collectReads(w.array(), read, null);
        collectReads(w.index(), read, null);
        collectReads(w.value(), read, null);
      } else if (s instanceof Stmt.If i) {
        collectReads(i.condition(), read, null);
      } else if (s instanceof Stmt.Loop l) {
        collectReads(l.condition(), read, null);
      } else if (s instanceof Stmt.Return r) {
        collectReads(r.value(), read, null);
      } else if (s instanceof Stmt.Push p) {
        collectReads(p.value(), read, null);
      } else if (s instanceof Stmt.Evaluate e) {
        collectReads(e.expr(), read, null);
      }
    }, e -> {});
    return read;
  }

  private static void collectReads(Expr e, Set<Var> read, Var self) {
    IrWalk.exprs(e, x -> {
      if (x instanceof Expr.Local l && !l.var().equals(self)) {
        read.add(l.var());
      }
    });
  }

  private static Block prune(Block b, Set<Var> read) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : b.statements()) {
      Stmt kept = prune(s, read);
      if (kept != null) {
        out.add(kept);
      }
    }
    return new Block(out);
  }

  private static Stmt prune(Stmt s, Set<Var> read) {
    if (s instanceof Stmt.Declare d && isDead(d.var(), d.init(), read)) {
      return d.init() instanceof Expr.Pop p ? new Stmt.Evaluate(p, d.pos()) : null;
    }
    if (s instanceof Stmt.Assign a && isDead(a.target(), a.value(), read)) {
      return a.value() instanceof Expr.Pop p ? new Stmt.Evaluate(p, a.pos()) : null;
    }
    if (s instanceof Stmt.Accumulate acc && acc.target() instanceof Expr.Local l
        && !read.contains(l.var()) && !hasPop(acc.value()) && !(l.type() instanceof Type.Array)) {
      return null;
    }
    if (s instanceof Block b) {
      return prune(b, read);
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), prune(i.thenBlock(), read), prune(i.elseBlock(), read), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), prune(l.init(), read), l.condition(),
          prune(l.update(), read), prune(l.body(), read), l.pos());
    }
    return s;
  }

  private static boolean isDead(Var v, Expr value, Set<Var> read) {
    if (read.contains(v) || v.type() instanceof Type.Array || v.type() instanceof Type.Reference) {
      return false;
    }
    return value == null || !hasPop(value) || value instanceof Expr.Pop;
  }

  private static boolean hasPop(Expr e) {
    boolean[] found = {false};
    IrWalk.exprs(e, x -> found[0] |= x instanceof Expr.Pop);
    return found[0];
  }
}
