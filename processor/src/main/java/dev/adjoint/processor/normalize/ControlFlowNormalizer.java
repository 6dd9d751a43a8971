package dev.adjoint.processor.normalize;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;

/**
 * Rewrites {@code break}, {@code continue} and early {@code return} into boolean flags, so that
 * every loop and branch completes normally and the method has one {@code return} at its end.
 *
 * <p>Why: the reverse sweep mirrors the forward sweep's structure (an if for an if, a loop for a
 * loop). Jumps out of the middle of a block would force it to recover which statements ran in
 * each iteration; with flags, the statements after a jump are simply guarded by an {@code if},
 * whose taken branch the forward sweep records like any other. Methods without jumps pass
 * through unchanged, so their generated code reads like the source.
 */
public final class ControlFlowNormalizer {
  private final Names names;
  private final Deque<LoopFlags> loops = new ArrayDeque<>();
  private final Map<Stmt.Loop, LoopFlags> flagsOf = new HashMap<>();
  private Var result;
  private Var returned;
  private Type returnType;

  private ControlFlowNormalizer(Names names) {
    this.names = names;
  }

  /** The flags of one loop: set by a {@code break}/{@code continue} that targets it. */
  private static final class LoopFlags {
    final String label;
    Var broke;
    Var continued;

    LoopFlags(String label) {
      this.label = label;
    }
  }

  public static Function normalize(Function f) {
    if (isStructured(f.body())) {
      return f;
    }
    ControlFlowNormalizer n = new ControlFlowNormalizer(Names.of(f));
    n.returnType = f.returnType();
    n.result = n.names.fresh("returnValue", f.returnType());
    boolean tailOnly = returnsAreTail(f.body().statements(), true);
    if (!tailOnly) {
      n.returned = n.names.fresh("returned", Type.BOOLEAN);
    }
    Normalized body = n.block(f.body().statements());
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Declare(n.result, Exprs.zero(f.returnType()), Pos.NONE));
    if (n.returned != null) {
      out.add(new Stmt.Declare(n.returned, Expr.Literal.ofBoolean(false), Pos.NONE));
    }
    out.addAll(body.statements);
    out.add(new Stmt.Return(Exprs.local(n.result), f.body().statements().isEmpty()
        ? Pos.NONE
        : lastReturnPos(f.body())));
    return f.withBody(new Block(out));
  }

  private static Pos lastReturnPos(Block body) {
    Pos[] found = {Pos.NONE};
    IrWalk.stmt(body, s -> {
      if (s instanceof Stmt.Return r) {
        found[0] = r.pos();
      }
    }, e -> {});
    return found[0];
  }

  /** No break or continue anywhere, and the only return is the body's last statement. */
  static boolean isStructured(Block body) {
    List<Stmt> stmts = body.statements();
    boolean[] jumps = {false};
    int[] returns = {0};
    IrWalk.stmt(body, s -> {
      if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
        jumps[0] = true;
      } else if (s instanceof Stmt.Return) {
        returns[0]++;
      }
    }, e -> {});
    return !jumps[0]
        && returns[0] == 1
        && !stmts.isEmpty()
        && stmts.get(stmts.size() - 1) instanceof Stmt.Return;
  }

  /** Whether each return is the last thing its method runs (so it needs no flag). */
  private static boolean returnsAreTail(List<Stmt> stmts, boolean blockIsTail) {
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      boolean last = i == stmts.size() - 1;
      if (s instanceof Stmt.Return && !(last && blockIsTail)) {
        return false;
      }
      if (s instanceof Stmt.If branch) {
        if (!returnsAreTail(branch.thenBlock().statements(), last && blockIsTail)
            || !returnsAreTail(branch.elseBlock().statements(), last && blockIsTail)) {
          return false;
        }
      } else if (s instanceof Block b) {
        if (!returnsAreTail(b.statements(), last && blockIsTail)) {
          return false;
        }
      } else if (s instanceof Stmt.Loop loop && containsReturn(loop)) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsReturn(Stmt s) {
    boolean[] found = {false};
    IrWalk.stmt(s, x -> found[0] |= x instanceof Stmt.Return, e -> {});
    return found[0];
  }

  /** Normalized statements and the flags they may set that matter outside them. */
  private record Normalized(List<Stmt> statements, Set<Var> flags) {}

  private Normalized block(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    Set<Var> flags = new LinkedHashSet<>();
    for (int i = 0; i < stmts.size(); i++) {
      Normalized s = statement(stmts.get(i));
      out.addAll(s.statements);
      flags.addAll(s.flags);
      if (!s.flags.isEmpty() && i < stmts.size() - 1) {
        Normalized rest = block(stmts.subList(i + 1, stmts.size()));
        if (!rest.statements.isEmpty()) {
          // the rest of the block runs only if the statement did not jump away
          out.add(new Stmt.If(Exprs.not(anyOf(s.flags)), new Block(rest.statements), Block.EMPTY, stmts.get(i).pos()));
        }
        flags.addAll(rest.flags);
        break;
      }
    }
    return new Normalized(out, flags);
  }

  private static Expr anyOf(Set<Var> flags) {
    Expr e = null;
    for (Var f : flags) {
      e = Exprs.or(e, Exprs.local(f));
    }
    return e;
  }

  private Normalized statement(Stmt s) {
    if (s instanceof Block b) {
      Normalized inner = block(b.statements());
      return new Normalized(List.of(new Block(inner.statements)), inner.flags);
    }
    if (s instanceof Stmt.If i) {
      Normalized then = block(i.thenBlock().statements());
      Normalized otherwise = block(i.elseBlock().statements());
      Set<Var> flags = new LinkedHashSet<>(then.flags);
      flags.addAll(otherwise.flags);
      return new Normalized(
          List.of(new Stmt.If(i.condition(), new Block(then.statements), new Block(otherwise.statements), i.pos())),
          flags);
    }
    if (s instanceof Stmt.Loop l) {
      return loop(l);
    }
    if (s instanceof Stmt.Break b) {
      LoopFlags target = target(b.label());
      if (target.broke == null) {
        target.broke = names.fresh(flagName("break", target.label), Type.BOOLEAN);
      }
      return new Normalized(
          List.of(new Stmt.Assign(target.broke, Expr.Literal.ofBoolean(true), b.pos())), Set.of(target.broke));
    }
    if (s instanceof Stmt.Continue c) {
      LoopFlags target = target(c.label());
      if (target.continued == null) {
        target.continued = names.fresh(flagName("continue", target.label), Type.BOOLEAN);
      }
      return new Normalized(
          List.of(new Stmt.Assign(target.continued, Expr.Literal.ofBoolean(true), c.pos())),
          Set.of(target.continued));
    }
    if (s instanceof Stmt.Return r) {
      List<Stmt> out = new ArrayList<>();
      out.add(new Stmt.Assign(result, r.value(), r.pos()));
      if (returned == null) {
        return new Normalized(out, Set.of());
      }
      out.add(new Stmt.Assign(returned, Expr.Literal.ofBoolean(true), r.pos()));
      return new Normalized(out, Set.of(returned));
    }
    return new Normalized(List.of(s), Set.of());
  }

  private static String flagName(String kind, String label) {
    return label == null ? kind + "Loop" : kind + Character.toUpperCase(label.charAt(0)) + label.substring(1);
  }

  private LoopFlags target(String label) {
    for (LoopFlags f : loops) {
      if (label == null || label.equals(f.label)) {
        return f;
      }
    }
    throw new IllegalStateException("break or continue outside a loop: " + label);
  }

  private Normalized loop(Stmt.Loop l) {
    LoopFlags own = new LoopFlags(l.label());
    loops.push(own);
    Normalized body;
    try {
      body = block(l.body().statements());
    } finally {
      loops.pop();
    }
    Set<Var> escaping = new LinkedHashSet<>(body.flags);
    escaping.remove(own.broke);
    escaping.remove(own.continued);
    Set<Var> stops = new LinkedHashSet<>(escaping);
    if (own.broke != null && body.flags.contains(own.broke)) {
      stops.add(own.broke);
    }
    List<Stmt> out = new ArrayList<>();
    if (own.broke != null) {
      out.add(new Stmt.Declare(own.broke, Expr.Literal.ofBoolean(false), Pos.NONE));
    }
    if (own.continued != null) {
      out.add(new Stmt.Declare(own.continued, Expr.Literal.ofBoolean(false), Pos.NONE));
    }
    Expr condition = l.condition();
    Block update = l.update();
    List<Stmt> newBody = new ArrayList<>();
    if (own.continued != null) {
      newBody.add(new Stmt.Assign(own.continued, Expr.Literal.ofBoolean(false), Pos.NONE));
    }
    newBody.addAll(body.statements);
    if (!stops.isEmpty()) {
      Expr keepGoing = Exprs.not(anyOf(stops));
      condition = condition == null ? keepGoing : Exprs.and(keepGoing, condition);
      if (!update.isEmpty()) {
        update = Block.of(new Stmt.If(keepGoing, update, Block.EMPTY, l.pos()));
      }
    }
    out.add(new Stmt.Loop(null, l.kind(), l.init(), condition, update, new Block(newBody), l.pos()));
    return new Normalized(out, escaping);
  }
}
