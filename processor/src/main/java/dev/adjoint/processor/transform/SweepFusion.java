package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the adjoint of a counted loop inside the loop itself, iteration by iteration, when nothing
 * makes it wait for the end of the forward sweep (the two sweeps "jammed" into one loop).
 *
 * <p>Why: a loop over independent elements (a loss summed over a batch, a residual per sample)
 * otherwise runs twice, and its adjoint either keeps every iteration's values on the tape or
 * computes them again. Fused, each iteration's values are still in registers when its adjoint
 * runs: one pass over the data, no tape. The gradient of {@code huber} or {@code mse} then costs
 * little more than the function.
 *
 * <p>A loop is fused when all of these hold (checked on the statements as generated, so they are
 * conservative rather than clever):
 * <ul>
 *   <li>its adjoint iterations may run in any order ({@link IndependentIterations}) once the
 *       restores that only later iterations would read are gone: fused, each iteration's adjoint
 *       runs right after its forward half, so those restores (and the saves feeding them) are not
 *       needed, and dropping them leaves the values the next forward iteration expects;
 *   <li>its adjoint writes only adjoints and its own temporaries, and reads nothing that the
 *       forward statements after the loop write;
 *   <li>the adjoint of everything after the loop, which must now run before it, reads nothing
 *       that the loop or the statements after it write, takes nothing off the tape, and writes
 *       only adjoints;
 *   <li>the adjoint of the statements before the loop reads nothing those dropped restores wrote
 *       (it used to see the values from before the loop, restored; now it would see those after
 *       it).
 * </ul>
 */
final class SweepFusion {
  private SweepFusion() {}

  /** What the reverse-mode builder knows that the fusion needs. */
  interface Facts {
    /** An adjoint, or a variable holding an adjoint value. */
    boolean isAdjoint(Var v);

    /** A loop value the adjoint sweep computes again instead of keeping it. */
    boolean isRecomputed(Var v);

    /** Whether the loop at {@code pos} is one counted loop (one forward, one adjoint loop). */
    boolean isCountedLoop(Pos pos);

    /** The variables one iteration of the forward loop owns: those its body declares, and their adjoints. */
    Set<Var> iterationOwn(Stmt.Loop forwardLoop);

    /** Whether {@code s} restores a value the forward sweep saved. */
    boolean isRestore(Stmt s);

    /** The saves in the forward sweep that feed {@code restore}. */
    List<Stmt> savesOf(Stmt restore);

    /** Arrays no other variable can refer to (see {@link DeadRestores#find}). */
    Set<Var> unaliasedArrays();
  }

  /**
   * The sweeps after fusion: {@code forward} holds the fused loops, and before each the adjoint
   * statements moved up for it; {@code reverse} is what is left of the adjoint sweep;
   * {@code movedReads} are the variables the moved adjoint statements and the fused loops read
   * from outside their own scope (for hoisting).
   */
  record Result(List<Stmt> forward, List<Stmt> reverse, boolean fusedAny, Set<Var> movedReads) {}

  static Result apply(List<Stmt> forward, List<Stmt> reverse, Facts facts) {
    List<Stmt> f = new ArrayList<>(forward);
    List<Stmt> r = new ArrayList<>(reverse);
    boolean fusedAny = false;
    Set<Var> movedReads = new LinkedHashSet<>();
    for (int k = f.size() - 1; k >= 0; k--) {
      if (!(f.get(k) instanceof Stmt.Loop loop) || !facts.isCountedLoop(loop.pos())) {
        continue;
      }
      int m = onlyLoopAt(r, loop.pos());
      if (m < 0 || onlyLoopAt(f, loop.pos()) != k) {
        continue;
      }
      Fused fused = fuse(f, k, r, m, facts);
      if (fused == null) {
        continue;
      }
      List<Stmt> moved = new ArrayList<>(r.subList(0, m));
      if (!moved.isEmpty() && moved.get(moved.size() - 1) instanceof Stmt.Comment) {
        moved.remove(moved.size() - 1); // the adjoint loop's own heading
      }
      movedReads.addAll(IrVars.reads(moved));
      // the adjoint half sees the loop body's own top-level variables; those the forward half
      // declares inside a branch of the body it does not: they must be declared further out
      Set<Var> halfReads = ReverseMode.readsIn(fused.adjointHalf());
      List<Stmt> inScope = new ArrayList<>(loop.init().statements());
      inScope.addAll(loop.body().statements());
      for (Stmt s : inScope) {
        if (s instanceof Stmt.Declare d) {
          halfReads.remove(d.var());
        }
      }
      movedReads.addAll(halfReads);
      List<Stmt> next = new ArrayList<>(f.subList(0, k));
      if (!moved.isEmpty()) {
        next.add(new Stmt.Comment("the loop at line " + loop.pos().line()
            + " runs its adjoint as it goes, so the adjoint of what follows it comes first"));
        next.addAll(moved);
      }
      next.add(fused.loop());
      next.addAll(f.subList(k + 1, f.size()));
      f = next; // f[0..k) is unchanged: the search goes on below the fused loop
      r = new ArrayList<>(r.subList(m + 1, r.size()));
      fusedAny = true;
    }
    return new Result(f, r, fusedAny, movedReads);
  }

  /** The index of the one top-level loop at {@code pos} in {@code stmts}, or -1 (none, or several). */
  private static int onlyLoopAt(List<Stmt> stmts, Pos pos) {
    int found = -1;
    for (int i = 0; i < stmts.size(); i++) {
      if (stmts.get(i) instanceof Stmt.Loop l && l.pos().equals(pos)) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  /** A fused loop, and the adjoint half at the end of its body. */
  private record Fused(Stmt.Loop loop, List<Stmt> adjointHalf) {}

  /** The fused loop for forward loop {@code f[k]} and its adjoint {@code r[m]}, or null. */
  private static Fused fuse(List<Stmt> f, int k, List<Stmt> r, int m, Facts facts) {
    Stmt.Loop forwardLoop = (Stmt.Loop) f.get(k);
    Stmt.Loop adjointLoop = (Stmt.Loop) r.get(m);
    List<Stmt> fromLoop = f.subList(k, f.size());
    List<Stmt> afterLoop = f.subList(k + 1, f.size());
    List<Stmt> adjointBefore = r.subList(0, m);
    List<Stmt> adjointAfter = r.subList(m + 1, r.size());
    if (jumps(forwardLoop.body().statements())) {
      return null; // the adjoint half at the end of the body must run in every iteration
    }

    // the adjoint of what follows the loop moves in front of it
    if (takesFromTape(adjointBefore) || !writesOnlyAdjoints(adjointBefore, facts)
        || meets(IrVars.reads(adjointBefore), writes(fromLoop))
        || meets(writes(adjointBefore), mentions(fromLoop))) {
      return null;
    }

    // one iteration's adjoint, without the restores only later iterations would have read
    List<Stmt> body = adjointLoop.body().statements();
    Set<Stmt> restores = DeadRestores.identitySet();
    IrWalk.stmts(body, s -> {
      if (facts.isRestore(s)) {
        restores.add(s);
      }
    }, e -> {});
    Set<Stmt> deadRestores = DeadRestores.find(body, restores, facts.unaliasedArrays());
    if (deadRestores.size() != restores.size()) {
      return null; // the iteration's own adjoint reads a restored value: it must run backwards
    }
    List<Stmt> adjointHalf = withoutRecomputation(DeadRestores.without(body, deadRestores), facts);
    Var index = indexOf(forwardLoop);
    if (index == null || takesFromTape(adjointHalf) || !writesOnlyAdjoints(adjointHalf, facts)
        || !IndependentIterations.check(adjointHalf, index, facts.iterationOwn(forwardLoop))
        || meets(IrVars.reads(adjointHalf), writes(afterLoop))
        || meets(writes(adjointHalf), mentions(afterLoop))
        || meets(IrVars.reads(adjointAfter), writes(new ArrayList<>(deadRestores)))) {
      return null;
    }

    Set<Stmt> saves = DeadRestores.identitySet();
    for (Stmt restore : deadRestores) {
      saves.addAll(facts.savesOf(restore));
    }
    List<Stmt> fusedBody = BranchMerge.apply(DeadRestores.without(forwardLoop.body().statements(), saves), adjointHalf);
    return new Fused(new Stmt.Loop(forwardLoop.label(), forwardLoop.kind(), forwardLoop.init(), forwardLoop.condition(),
        forwardLoop.update(), new Block(fusedBody), forwardLoop.pos()), adjointHalf);
  }

  /**
   * {@code body} without its leading comments and the assignments that compute a loop value
   * again: fused, the forward half has just computed it.
   */
  private static List<Stmt> withoutRecomputation(List<Stmt> body, Facts facts) {
    List<Stmt> out = new ArrayList<>();
    boolean leading = true;
    for (Stmt s : body) {
      if (leading && (s instanceof Stmt.Comment || s instanceof Stmt.Assign a && facts.isRecomputed(a.target()))) {
        continue;
      }
      leading = false;
      out.add(s);
    }
    return out;
  }

  private static Var indexOf(Stmt.Loop loop) {
    if (loop.init().statements().isEmpty()) {
      return null;
    }
    Stmt first = loop.init().statements().get(0);
    return first instanceof Stmt.Declare d ? d.var() : first instanceof Stmt.Assign a ? a.target() : null;
  }

  private static boolean jumps(List<Stmt> stmts) {
    boolean[] found = {false};
    IrWalk.stmts(stmts, s -> found[0] |= s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return,
        e -> {});
    return found[0];
  }

  private static boolean takesFromTape(List<Stmt> stmts) {
    boolean[] found = {false};
    IrWalk.stmts(stmts, s -> {}, e -> found[0] |= e instanceof Expr.Pop);
    return found[0];
  }

  /** Whether every variable {@code stmts} write, other than those they declare, is an adjoint. */
  private static boolean writesOnlyAdjoints(List<Stmt> stmts, Facts facts) {
    Set<Var> declared = declared(stmts);
    for (Var v : writes(stmts)) {
      if (!declared.contains(v) && !facts.isAdjoint(v)) {
        return false;
      }
    }
    return true;
  }

  private static Set<Var> declared(List<Stmt> stmts) {
    Set<Var> out = new LinkedHashSet<>();
    IrWalk.stmts(stmts, s -> {
      if (s instanceof Stmt.Declare d) {
        out.add(d.var());
      }
    }, e -> {});
    return out;
  }

  /** Variables assigned, accumulated into, or whose elements are written. */
  private static Set<Var> writes(List<Stmt> stmts) {
    Set<Var> out = IrVars.assigned(stmts);
    out.addAll(IrVars.arraysWritten(stmts));
    IrWalk.stmts(stmts, s -> {
      if (s instanceof Stmt.Accumulate a && a.target() instanceof Expr.Local l) {
        out.add(l.var());
      }
    }, e -> {});
    return out;
  }

  private static Set<Var> mentions(List<Stmt> stmts) {
    Set<Var> out = writes(stmts);
    out.addAll(IrVars.reads(stmts));
    return out;
  }

  private static boolean meets(Set<Var> a, Set<Var> b) {
    return !Collections.disjoint(a, b);
  }
}
