package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds restores whose value the adjoint sweep never reads: liveness, backwards over the adjoint
 * sweep. A variable is restored at each statement that overwrote it; when nothing the adjoint
 * sweep runs next reads the variable before it is restored again, the restore, and the save in the
 * forward sweep that feeds it, can go. This is what keeps an accumulating loop
 * ({@code s += x[i] * w[i]}) off the tape.
 */
final class DeadRestores {
  private final Set<Stmt> candidates;
  private final Set<Var> unaliasedArrays;
  private final Set<Stmt> dead = Collections.newSetFromMap(new IdentityHashMap<>());

  private DeadRestores(Set<Stmt> candidates, Set<Var> unaliasedArrays) {
    this.candidates = candidates;
    this.unaliasedArrays = unaliasedArrays;
  }

  /**
   * The restores among {@code restores} (compared by identity) that are dead in {@code reverse},
   * given that nothing after it reads a primal variable. {@code unaliasedArrays}: arrays that no
   * other variable can refer to, whose elements a loop may therefore track one by one.
   */
  static Set<Stmt> find(List<Stmt> reverse, Set<Stmt> restores, Set<Var> unaliasedArrays) {
    DeadRestores d = new DeadRestores(restores, unaliasedArrays);
    d.sequence(reverse, new HashSet<>());
    return d.dead;
  }

  /** Live variables before {@code stmts}, given those live after them. */
  private Set<Var> sequence(List<Stmt> stmts, Set<Var> liveOut) {
    Set<Var> live = new HashSet<>(liveOut);
    for (int i = stmts.size() - 1; i >= 0; i--) {
      live = statement(stmts.get(i), live);
    }
    return live;
  }

  private Set<Var> statement(Stmt s, Set<Var> liveOut) {
    if (s instanceof Block b) {
      return sequence(b.statements(), liveOut);
    }
    if (s instanceof Stmt.Assign a) {
      if (candidates.contains(s) && !liveOut.contains(a.target())) {
        dead.add(s);
        return liveOut;
      }
      Set<Var> live = new HashSet<>(liveOut);
      live.remove(a.target());
      reads(a.value(), live);
      return live;
    }
    if (s instanceof Stmt.Declare d) {
      Set<Var> live = new HashSet<>(liveOut);
      live.remove(d.var());
      if (d.init() != null) {
        reads(d.init(), live);
      }
      return live;
    }
    if (s instanceof Stmt.ArrayWrite w) {
      Var base = IrVars.baseVariable(w.array());
      if (candidates.contains(s) && base != null && !liveOut.contains(base)) {
        dead.add(s);
        return liveOut;
      }
      Set<Var> live = new HashSet<>(liveOut);
      readsOf(s, live);
      return live;
    }
    if (s instanceof Stmt.If i) {
      Set<Var> live = sequence(i.thenBlock().statements(), liveOut);
      live.addAll(sequence(i.elseBlock().statements(), liveOut));
      reads(i.condition(), live);
      return live;
    }
    if (s instanceof Stmt.Loop l) {
      return loop(l, liveOut);
    }
    Set<Var> live = new HashSet<>(liveOut);
    readsOf(s, live);
    return live;
  }

  /**
   * A loop runs its body zero or more times: what is live at its head is what is live after it,
   * plus what the condition reads, plus what the body (then the update) needs, to the fixed point.
   * Verdicts on restores inside the body count only from the round that ran with the final head.
   */
  private Set<Var> loop(Stmt.Loop l, Set<Var> liveOut) {
    List<Stmt> iteration = new ArrayList<>(l.body().statements());
    iteration.addAll(l.update().statements());
    Set<Var> head = new HashSet<>(liveOut);
    if (l.condition() != null) {
      reads(l.condition(), head);
    }
    Set<Var> perElement = elementsPerIteration(l, liveOut);
    Set<Var> readByBody = new HashSet<>();
    while (true) {
      Set<Stmt> before = identitySet();
      before.addAll(dead);
      Set<Var> next = sequence(iteration, head);
      // an iteration reads only its own element of these: what a later one restores is another
      for (Var a : perElement) {
        if (next.remove(a)) {
          readByBody.add(a);
        }
      }
      next.addAll(head);
      if (next.equals(head)) {
        break;
      }
      dead.clear();
      dead.addAll(before);
      head = next;
    }
    head.addAll(readByBody);
    return sequence(l.init().statements(), head);
  }

  /**
   * The unaliased arrays that each iteration of {@code l} touches only at the element (or row) of
   * the loop's index, where the index moves by one each iteration and nothing else assigns it,
   * and that nothing after the loop reads. A restore of such an element is dead once its own
   * iteration no longer reads it: the other iterations read other elements. (Typically
   * {@code hidden[j] = Math.tanh(z)} into a fresh local array: no tape.)
   */
  private Set<Var> elementsPerIteration(Stmt.Loop l, Set<Var> liveOut) {
    Var index = steppedIndex(l);
    if (index == null || IrVars.assigned(l.body().statements()).contains(index)) {
      return Set.of();
    }
    List<Stmt> whole = new ArrayList<>(l.body().statements());
    whole.addAll(l.update().statements());
    if (l.condition() != null) {
      whole.add(new Stmt.Evaluate(l.condition(), l.pos()));
    }
    Set<Var> assigned = IrVars.assigned(whole);
    Set<Var> out = new HashSet<>();
    for (Var a : unaliasedArrays) {
      // an array created again in each iteration is another array in each: no element argument
      if (!liveOut.contains(a) && !assigned.contains(a) && ElementAccess.only(a, whole, index)) {
        out.add(a);
      }
    }
    return out;
  }

  /** The loop's index, when its update alone steps it by one (as {@link CountedLoop} recognizes). */
  private static Var steppedIndex(Stmt.Loop l) {
    if (l.update().statements().size() != 1 || !(l.update().statements().get(0) instanceof Stmt.Assign a)) {
      return null;
    }
    return CountedLoop.step(a, a.target()) != null ? a.target() : null;
  }

  private void readsOf(Stmt s, Set<Var> live) {
    Map<Var, Integer> lengths = new java.util.HashMap<>();
    Map<Var, Integer> mentions = new java.util.HashMap<>();
    IrWalk.stmt(s, x -> {}, e -> count(e, lengths, mentions));
    addReads(lengths, mentions, live);
  }

  /**
   * Adds what {@code e} reads to {@code live}; an unaliased array read only for its length is not
   * a read of its elements (it is declared once, so its length never changes), and element
   * restores are what this analysis is about.
   */
  private void reads(Expr e, Set<Var> live) {
    Map<Var, Integer> lengths = new java.util.HashMap<>();
    Map<Var, Integer> mentions = new java.util.HashMap<>();
    IrWalk.exprs(e, x -> count(x, lengths, mentions));
    addReads(lengths, mentions, live);
  }

  private static void count(Expr e, Map<Var, Integer> lengths, Map<Var, Integer> mentions) {
    if (e instanceof Expr.Local l) {
      mentions.merge(l.var(), 1, Integer::sum);
    } else if (e instanceof Expr.ArrayLength n && n.array() instanceof Expr.Local l) {
      lengths.merge(l.var(), 1, Integer::sum);
    }
  }

  private void addReads(Map<Var, Integer> lengths, Map<Var, Integer> mentions, Set<Var> live) {
    for (Map.Entry<Var, Integer> m : mentions.entrySet()) {
      boolean onlyLength = m.getValue().equals(lengths.get(m.getKey())) && unaliasedArrays.contains(m.getKey());
      if (!onlyLength) {
        live.add(m.getKey());
      }
    }
  }

  /** {@code stmts} without the statements in {@code remove} (compared by identity), at any depth. */
  static List<Stmt> without(List<Stmt> stmts, Set<Stmt> remove) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (remove.contains(s)) {
        continue;
      }
      out.add(without(s, remove));
    }
    return out;
  }

  private static Stmt without(Stmt s, Set<Stmt> remove) {
    if (s instanceof Block b) {
      return new Block(without(b.statements(), remove));
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), new Block(without(i.thenBlock().statements(), remove)),
          new Block(without(i.elseBlock().statements(), remove)), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), new Block(without(l.init().statements(), remove)), l.condition(),
          new Block(without(l.update().statements(), remove)), new Block(without(l.body().statements(), remove)), l.pos());
    }
    return s;
  }

  /** Identity set helper. */
  static Set<Stmt> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /** The saves of the dead restores. */
  static Set<Stmt> savesOf(Set<Stmt> deadRestores, Map<Stmt, List<Stmt>> savesByRestore) {
    Set<Stmt> out = identitySet();
    for (Stmt r : deadRestores) {
      out.addAll(savesByRestore.getOrDefault(r, List.of()));
    }
    return out;
  }
}
