package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Moves to the top of the generated method the declarations of variables that the adjoint sweep
 * reads but that the forward sweep declares inside a nested block (a loop body, a branch), where
 * the adjoint sweep could not see them. Their declarations in the forward sweep become plain
 * assignments.
 */
record Hoisting(List<Stmt> declarations, List<Stmt> forward) {

  static Hoisting apply(List<Stmt> forward, Set<Var> readByAdjointSweep) {
    Set<Var> nested = new LinkedHashSet<>();
    for (Stmt s : forward) {
      if (!(s instanceof Stmt.Declare)) {
        IrWalk.stmt(s, x -> {
          if (x instanceof Stmt.Declare d && readByAdjointSweep.contains(d.var())) {
            nested.add(d.var());
          }
        }, e -> {});
      }
    }
    if (nested.isEmpty()) {
      return new Hoisting(List.of(), forward);
    }
    List<Stmt> declarations = new ArrayList<>();
    for (Var v : nested) {
      declarations.add(new Stmt.Declare(v, Exprs.zero(v.type()), Pos.NONE));
    }
    return new Hoisting(declarations, rewrite(forward, nested));
  }

  /**
   * {@code adjoint} with the hoisted variables' declarations turned into assignments as well: a
   * counted loop's adjoint declares its index again, which must not shadow the hoisted one.
   */
  List<Stmt> alsoIn(List<Stmt> adjoint) {
    Set<Var> hoisted = new LinkedHashSet<>();
    for (Stmt d : declarations) {
      hoisted.add(((Stmt.Declare) d).var());
    }
    return hoisted.isEmpty() ? adjoint : rewrite(adjoint, hoisted);
  }

  private static List<Stmt> rewrite(List<Stmt> stmts, Set<Var> hoisted) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      Stmt r = rewrite(s, hoisted);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private static Block rewrite(Block b, Set<Var> hoisted) {
    return new Block(rewrite(b.statements(), hoisted));
  }

  private static Stmt rewrite(Stmt s, Set<Var> hoisted) {
    if (s instanceof Stmt.Declare d && hoisted.contains(d.var())) {
      return d.init() == null ? null : new Stmt.Assign(d.var(), d.init(), d.pos());
    }
    if (s instanceof Block b) {
      return rewrite(b, hoisted);
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), rewrite(i.thenBlock(), hoisted), rewrite(i.elseBlock(), hoisted), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), rewrite(l.init(), hoisted), l.condition(),
          rewrite(l.update(), hoisted), rewrite(l.body(), hoisted), l.pos());
    }
    return s;
  }
}
