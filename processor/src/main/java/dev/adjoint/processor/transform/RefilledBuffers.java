package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Scratch arrays that a loop fills afresh in every iteration of the loop around it, the way numerical
 * code reuses a buffer instead of allocating one per iteration:
 *
 * <pre>{@code
 * for (int c = 0; c < k; c++) {
 *   for (int r = 0; r < d; r++) {
 *     centered[r] = points[i][r] - means[c][r];   // the fill
 *   }
 *   ... reads of centered ...
 * }
 * }</pre>
 *
 * The general scheme saves each element on the tape before the fill overwrites it and restores it
 * in the adjoint sweep: two tape operations per element and iteration, which cost ADBench's GMM
 * as much as the function itself. The adjoint of each iteration of the enclosing loop can instead
 * run the fill again, first thing: it reads only the fill's own index, the indices of the counted
 * loops around it (which the adjoint sweep runs through again) and values that nothing changes
 * from the fill's statement on. Tapenade calls this recomputation instead of storage; here it is
 * applied where it is exact: the buffer has no other writer and is read only after the fill,
 * inside the same iteration.
 */
final class RefilledBuffers {
  private final List<Stmt> topLevel;
  private final Set<Var> unaliasedArrays;
  private final Predicate<Var> constantOnceDeclared;
  private final Map<Stmt, List<Stmt.Loop>> fillsByLoop = new IdentityHashMap<>();
  private final Set<Stmt> fillWrites = DeadRestores.identitySet();

  private RefilledBuffers(List<Stmt> topLevel, Set<Var> unaliasedArrays, Predicate<Var> constantOnceDeclared) {
    this.topLevel = topLevel;
    this.unaliasedArrays = unaliasedArrays;
    this.constantOnceDeclared = constantOnceDeclared;
  }

  /** The fills found: by enclosing loop, and their writes (the statements not to save). */
  record Found(Map<Stmt, List<Stmt.Loop>> fillsByLoop, Set<Stmt> fillWrites) {
    static final Found NONE = new Found(Map.of(), Set.of());
  }

  /**
   * @param topLevel the method body's statements
   * @param unaliasedArrays the method's own arrays that nothing else can refer to
   * @param constantOnceDeclared variables whose value never changes once they hold one: parameters
   *     never assigned, and variables declared once at the top level and never assigned
   */
  static Found find(List<Stmt> topLevel, Set<Var> unaliasedArrays, Predicate<Var> constantOnceDeclared) {
    RefilledBuffers r = new RefilledBuffers(topLevel, unaliasedArrays, constantOnceDeclared);
    for (int t = 0; t < topLevel.size(); t++) {
      r.visit(topLevel.get(t), t, new HashSet<>());
    }
    return r.fillsByLoop.isEmpty() ? Found.NONE : new Found(r.fillsByLoop, r.fillWrites);
  }

  /** Looks for fills in the counted loops of {@code s}, which is inside top-level statement {@code t}. */
  private void visit(Stmt s, int t, Set<Var> indices) {
    if (s instanceof Block b) {
      b.statements().forEach(x -> visit(x, t, indices));
    } else if (s instanceof Stmt.If i) {
      visit(i.thenBlock(), t, indices);
      visit(i.elseBlock(), t, indices);
    } else if (s instanceof Stmt.Loop l) {
      CountedLoop counted = CountedLoop.match(l);
      if (counted == null) {
        return; // a general loop's adjoint does not run through its index again
      }
      Set<Var> inner = new HashSet<>(indices);
      inner.add(counted.index());
      List<Stmt> body = l.body().statements();
      for (int at = 0; at < body.size(); at++) {
        Stmt.ArrayWrite w = fill(body.get(at), body.subList(at + 1, body.size()), t, inner);
        if (w != null) {
          fillsByLoop.computeIfAbsent(l, x -> new ArrayList<>()).add((Stmt.Loop) body.get(at));
          fillWrites.add(w);
        }
      }
      body.forEach(x -> visit(x, t, inner));
    }
  }

  /**
   * The write of {@code candidate} when it is a fill whose buffer only {@code after} reads: a
   * counted loop whose body is {@code buffer[index] = value} alone.
   */
  private Stmt.ArrayWrite fill(Stmt candidate, List<Stmt> after, int t, Set<Var> enclosingIndices) {
    if (!(candidate instanceof Stmt.Loop l)) {
      return null;
    }
    CountedLoop counted = CountedLoop.match(l);
    List<Stmt> body = l.body().statements().stream().filter(s -> !(s instanceof Stmt.Comment)).toList();
    if (counted == null || body.size() != 1 || !(body.get(0) instanceof Stmt.ArrayWrite w)
        || !(w.array() instanceof Expr.Local buffer) || !unaliasedArrays.contains(buffer.var())
        || !(w.index() instanceof Expr.Local i) || !i.var().equals(counted.index())) {
      return null;
    }
    Var a = buffer.var();
    if (writesOf(a, topLevel) != 1 || elementReadsOf(a, topLevel) != elementReadsOf(a, after)) {
      return null;
    }
    Set<Var> allowed = new HashSet<>(enclosingIndices);
    allowed.add(counted.index());
    // arrays written from the fill's statement on may hold other values when the adjoint runs
    Set<Var> written = IrVars.arraysWritten(topLevel.subList(t, topLevel.size()));
    if (!recomputable(w.value(), allowed, a, written)) {
      return null;
    }
    // the same elements in every iteration: bounds that nothing around the fill changes
    if (!recomputable(counted.start(), Set.of(), a, written) || !recomputable(counted.end(), Set.of(), a, written)) {
      return null;
    }
    return w;
  }

  /**
   * Whether {@code e} has the same value when the adjoint sweep evaluates it again: it reads
   * {@code allowed} indices and constants (arrays among them unwritten from the fill on), takes
   * nothing off the tape, allocates nothing, and reads of the buffer only its length.
   */
  private boolean recomputable(Expr e, Set<Var> allowed, Var buffer, Set<Var> written) {
    boolean[] ok = {true};
    int[] mentions = {0};
    IrWalk.exprs(e, x -> {
      if (x instanceof Expr.ArrayLength n && n.array() instanceof Expr.Local l && l.var().equals(buffer)) {
        mentions[0]--; // its length never changes: the buffer is declared once and never assigned
      } else if (x instanceof Expr.Local l && l.var().equals(buffer)) {
        mentions[0]++;
      }
    });
    if (mentions[0] != 0) {
      return false;
    }
    IrWalk.exprs(e, x -> {
      if (x instanceof Expr.Pop || x instanceof Expr.NewArray || x instanceof Expr.ArrayLiteral) {
        ok[0] = false;
      } else if (x instanceof Expr.Call c && !(c.method().derivative() instanceof CallDerivative.Rules)) {
        ok[0] = false;
      } else if (x instanceof Expr.Local l) {
        Var v = l.var();
        boolean constant = constantOnceDeclared.test(v) && !written.contains(v);
        ok[0] &= v.equals(buffer) || allowed.contains(v) || constant;
      }
    });
    return ok[0];
  }

  private static int writesOf(Var a, List<Stmt> stmts) {
    int[] n = {0};
    IrWalk.stmts(stmts, s -> {
      if ((s instanceof Stmt.ArrayWrite w && a.equals(IrVars.baseVariable(w.array())))
          || (s instanceof Stmt.Accumulate acc && !(acc.target() instanceof Expr.Local) && a.equals(IrVars.baseVariable(acc.target())))) {
        n[0]++;
      }
    }, e -> {});
    return n[0];
  }

  private static int elementReadsOf(Var a, List<Stmt> stmts) {
    int[] n = {0};
    IrWalk.stmts(stmts, s -> {}, e -> {
      if (e instanceof Expr.ArrayRead r && r.array() instanceof Expr.Local l && l.var().equals(a)) {
        n[0]++;
      }
    });
    return n[0];
  }
}
