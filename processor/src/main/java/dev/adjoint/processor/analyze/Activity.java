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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activity analysis: which variables carry derivative information from the differentiated
 * parameters to the result. A variable is <em>varied</em> if its value depends differentiably on a
 * differentiated parameter, <em>useful</em> if the result depends differentiably on it, and
 * <em>active</em> if both; only active variables get adjoints in generated code.
 *
 * <p>The analysis is flow-insensitive (a variable is active if any of its assignments is), which
 * may keep an adjoint that is always zero but never drops one that is not. Arrays that alias each
 * other (one assigned from another, or a row of a matrix) share their activity.
 */
public final class Activity {
  private final Set<Var> varied = new LinkedHashSet<>();
  private final Set<Var> useful = new LinkedHashSet<>();
  private final Map<Var, Var> aliasParent = new HashMap<>();

  private Activity() {}

  /** Analyses {@code f} for derivatives with respect to {@code wrt}. */
  public static Activity of(Function f, Collection<Var> wrt) {
    Activity a = new Activity();
    List<Flow> flows = new ArrayList<>();
    List<Expr> results = new ArrayList<>();
    collect(f.body(), flows, results);
    for (Flow flow : flows) {
      if (flow.kind == FlowKind.ALIAS) {
        a.union(flow.target, flow.aliasOf);
      }
    }
    for (Var w : wrt) {
      if (w.type().isDifferentiable()) {
        a.varied.add(a.find(w));
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Flow flow : flows) {
        Var target = a.find(flow.target);
        if (a.varied.contains(target)) {
          continue;
        }
        for (Var source : flow.sources) {
          if (a.varied.contains(a.find(source))) {
            a.varied.add(target);
            changed = true;
            break;
          }
        }
      }
    }
    for (Expr r : results) {
      for (Var v : differentiableReads(r)) {
        a.useful.add(a.find(v));
      }
    }
    changed = true;
    while (changed) {
      changed = false;
      for (Flow flow : flows) {
        if (!a.useful.contains(a.find(flow.target))) {
          continue;
        }
        for (Var source : flow.sources) {
          changed |= a.useful.add(a.find(source));
        }
      }
    }
    return a;
  }

  /** Whether {@code v} needs an adjoint. */
  public boolean isActive(Var v) {
    Var root = find(v);
    return v.type().isDifferentiable() && varied.contains(root) && useful.contains(root);
  }

  /** Whether the result depends differentiably on {@code v} (for the always-zero warning). */
  public boolean isUseful(Var v) {
    return useful.contains(find(v));
  }

  public boolean isVaried(Var v) {
    return varied.contains(find(v));
  }

  /** Whether {@code e} depends differentiably on an active variable. */
  public boolean isActive(Expr e) {
    if (!e.type().isDifferentiable()) {
      return false;
    }
    for (Var v : differentiableReads(e)) {
      if (isActive(v)) {
        return true;
      }
    }
    return false;
  }

  private Var find(Var v) {
    Var p = aliasParent.get(v);
    if (p == null) {
      return v;
    }
    Var root = find(p);
    aliasParent.put(v, root);
    return root;
  }

  private void union(Var a, Var b) {
    Var ra = find(a);
    Var rb = find(b);
    if (!ra.equals(rb)) {
      aliasParent.put(ra, rb);
    }
  }

  private enum FlowKind {
    VALUE,
    ALIAS
  }

  /** A value flowing into {@code target} from {@code sources}; ALIAS when they share storage. */
  private record Flow(FlowKind kind, Var target, Set<Var> sources, Var aliasOf) {}

  private static void collect(Block body, List<Flow> flows, List<Expr> results) {
    IrWalk.stmt(body, s -> {
      if (s instanceof Stmt.Declare d && d.init() != null) {
        addFlow(flows, d.var(), d.init());
      } else if (s instanceof Stmt.Assign a) {
        addFlow(flows, a.target(), a.value());
      } else if (s instanceof Stmt.ArrayWrite w) {
        Var base = IrVars.baseVariable(w.array());
        if (base != null) {
          flows.add(new Flow(FlowKind.VALUE, base, differentiableReads(w.value()), null));
          if (w.value().type() instanceof Type.Array) {
            Var source = arraySource(w.value());
            if (source != null) {
              flows.add(new Flow(FlowKind.ALIAS, base, Set.of(), source));
            }
          }
        }
      } else if (s instanceof Stmt.Accumulate acc) {
        Var base = IrVars.baseVariable(acc.target());
        if (base != null) {
          flows.add(new Flow(FlowKind.VALUE, base, differentiableReads(acc.value()), null));
        }
      } else if (s instanceof Stmt.Return r && r.value() != null) {
        results.add(r.value());
      }
    }, e -> {});
  }

  private static void addFlow(List<Flow> flows, Var target, Expr value) {
    flows.add(new Flow(FlowKind.VALUE, target, differentiableReads(value), null));
    if (isAggregate(target.type())) {
      Var source = arraySource(value);
      if (source != null) {
        flows.add(new Flow(FlowKind.ALIAS, target, Set.of(), source));
      }
    }
  }

  /** Arrays, records and lists: values whose parts other variables may share. */
  static boolean isAggregate(Type t) {
    return t instanceof Type.Array || (t instanceof Type.Reference r && (r.isRecord() || t.isList()));
  }

  /** The array variable whose storage an array-valued expression shares, if any. */
  private static Var arraySource(Expr value) {
    if (value instanceof Expr.Local || value instanceof Expr.ArrayRead || value instanceof Expr.Get
        || value instanceof Expr.ListGet) {
      return IrVars.baseVariable(value);
    }
    return null;
  }

  /**
   * The variables whose derivatives flow into {@code e}: not those read only by an index, a
   * condition, a comparison or an integer cast, nor arguments a callee does not differentiate.
   */
  public static Set<Var> differentiableReads(Expr e) {
    Set<Var> out = new LinkedHashSet<>();
    dr(e, out);
    return out;
  }

  private static void dr(Expr e, Set<Var> out) {
    if (!e.type().isDifferentiable()) {
      return;
    }
    if (e instanceof Expr.Local l) {
      out.add(l.var());
    } else if (e instanceof Expr.Unary u) {
      dr(u.operand(), out);
    } else if (e instanceof Expr.Binary b) {
      dr(b.left(), out);
      dr(b.right(), out);
    } else if (e instanceof Expr.Conditional c) {
      dr(c.whenTrue(), out);
      dr(c.whenFalse(), out);
    } else if (e instanceof Expr.Cast c) {
      dr(c.operand(), out);
    } else if (e instanceof Expr.ArrayRead a) {
      dr(a.array(), out);
    } else if (e instanceof Expr.ArrayClone c) {
      dr(c.array(), out);
    } else if (e instanceof Expr.ArrayLiteral a) {
      a.elements().forEach(x -> dr(x, out));
    } else if (e instanceof Expr.Get g) {
      dr(g.target(), out);
    } else if (e instanceof Expr.ListGet g) {
      dr(g.list(), out);
    } else if (e instanceof Expr.NewRecord n) {
      n.arguments().forEach(a -> dr(a, out));
    } else if (e instanceof Expr.Call c) {
      // every argument counts, even where the callee has no rule: using an active value there is
      // then reported as an error by the transform, instead of silently giving a zero derivative
      c.arguments().forEach(a -> dr(a, out));
    }
  }
}
