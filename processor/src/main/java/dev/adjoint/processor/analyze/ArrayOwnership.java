package dev.adjoint.processor.analyze;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds writes into arrays the method does not own: a parameter's array, or a local that may
 * refer to one. Such a write would change the caller's data behind its back (and the derivative
 * code runs the method's statements again), so it is an error; the fix is to copy first.
 */
public final class ArrayOwnership {
  private ArrayOwnership() {}

  /** The writes into arrays that may belong to the caller, with the parameter they may reach. */
  public record Violation(Stmt.ArrayWrite write, Var array) {}

  public static List<Violation> check(Function f) {
    Map<Var, List<Expr>> sources = new HashMap<>();
    IrWalk.stmt(f.body(), s -> {
      if (s instanceof Stmt.Declare d && d.var().type() instanceof Type.Array && d.init() != null) {
        sources.computeIfAbsent(d.var(), v -> new ArrayList<>()).add(d.init());
      } else if (s instanceof Stmt.Assign a && a.target().type() instanceof Type.Array) {
        sources.computeIfAbsent(a.target(), v -> new ArrayList<>()).add(a.value());
      }
    }, e -> {});
    Set<Var> foreign = new HashSet<>();
    for (Var p : f.parameters()) {
      if (p.type() instanceof Type.Array) {
        foreign.add(p);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<Var, List<Expr>> e : sources.entrySet()) {
        if (foreign.contains(e.getKey())) {
          continue;
        }
        for (Expr value : e.getValue()) {
          if (mayReferToForeign(value, foreign)) {
            foreign.add(e.getKey());
            changed = true;
            break;
          }
        }
      }
    }
    List<Violation> out = new ArrayList<>();
    collect(f.body(), foreign, out);
    return out;
  }

  private static boolean mayReferToForeign(Expr value, Set<Var> foreign) {
    if (value instanceof Expr.NewArray || value instanceof Expr.ArrayClone || value instanceof Expr.ArrayLiteral) {
      return false;
    }
    if (value instanceof Expr.Conditional c) {
      return mayReferToForeign(c.whenTrue(), foreign) || mayReferToForeign(c.whenFalse(), foreign);
    }
    Var base = IrVars.baseVariable(value);
    // an array from anywhere else (a call, a field) may be shared too
    return base == null || foreign.contains(base);
  }

  private static void collect(Block body, Set<Var> foreign, List<Violation> out) {
    IrWalk.stmt(body, s -> {
      if (s instanceof Stmt.ArrayWrite w) {
        Var base = IrVars.baseVariable(w.array());
        if (base == null || foreign.contains(base)) {
          out.add(new Violation(w, base));
        }
      }
    }, e -> {});
  }
}
