package dev.adjoint.processor.transform;

import dev.adjoint.processor.GradNames;
import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forward mode for gradients with respect to a few scalar parameters: builds the same
 * {@code fVjp(params..., resultBar)} as {@link ReverseMode}, but with no tape and no second
 * sweep. Each variable {@code v} that depends on the differentiated parameters carries one
 * tangent per parameter {@code p}, {@code vDotP = dv/dp} ({@code vDot} when there is one
 * parameter), updated in the same pass as {@code v}.
 *
 * <p>The update is written in partials form: for {@code v = e}, the derivatives of {@code e} with
 * respect to each variable {@code u} it reads are computed once, from the primal values alone,
 * then each tangent is {@code vDotP = partialU * uDotP + ...}. The tangents' dependency chain
 * from one loop iteration to the next then holds one multiply-add per term, as short as the
 * primal's, instead of the product rule's nested terms. The partials come from {@link
 * ReverseMode.LocalPartials}: the same rules as the adjoint sweep, so there is one set of
 * derivative formulas.
 *
 * <p>A {@code ?:} whose branches carry derivatives is first lifted into an {@code if} that
 * assigns a variable, so each branch gets its own partials. What this transform does not handle
 * (arrays or records that carry derivatives, calls to other {@code @Differentiable} methods that
 * were not inlined) raises an {@link UnsupportedTransform} at the expression; the caller falls
 * back to reverse mode, or reports it when forward mode was asked for.
 */
public final class ForwardMode extends StatementExpander {
  /**
   * The most differentiated parameters for which the processor picks forward mode by itself. Each
   * parameter adds a tangent update to every statement that computes an active value, while
   * reverse mode pays a tape and a second sweep once, whatever the number of parameters. With two
   * parameters the logistic map's forward-mode gradient costs about 1.4x the function against
   * reverse mode's 2.2x (processor README); two is as far as that was measured.
   * {@code mode = FORWARD} allows more.
   */
  public static final int MAX_DIRECTIONS = 2;

  private final Function primal;
  private final List<Var> wrt;
  private final Activity activity;
  /** Activity with respect to each differentiated parameter alone: where its tangents are zero. */
  private final List<Activity> perDirection = new ArrayList<>();
  private final Names names;
  private final ReverseMode.LocalPartials localPartials;
  private final Set<Var> assigned;
  private final Map<Var, List<Var>> tangents = new HashMap<>();
  /** The variable that holds the partial with respect to each variable (by name and type). */
  private final Map<String, Var> partialVars = new LinkedHashMap<>();

  private ForwardMode(Function primal, List<Var> wrt, Names names, RecordAdjoints records) {
    this.primal = primal;
    this.wrt = wrt;
    this.names = names;
    this.activity = Activity.of(primal, wrt);
    for (Var w : wrt) {
      perDirection.add(Activity.of(primal, List.of(w)));
    }
    this.localPartials = new ReverseMode.LocalPartials(primal, activity, records, names);
    this.assigned = IrVars.assigned(primal.body().statements());
  }

  /** Whether forward mode can be asked for: every differentiated parameter is a double or float. */
  public static boolean scalarParameters(List<Var> wrt) {
    return !wrt.isEmpty() && wrt.stream().allMatch(w -> w.type().isFloating());
  }

  /** Whether the processor picks forward mode by itself for this (normalized) method. */
  public static boolean preferred(Function normalized, List<Var> wrt) {
    return scalarParameters(wrt) && wrt.size() <= MAX_DIRECTIONS && normalized.returnType().isFloating()
        && hasLoop(normalized.body());
  }

  private static boolean hasLoop(Block body) {
    boolean[] found = {false};
    IrWalk.stmt(body, s -> found[0] |= s instanceof Stmt.Loop, e -> {});
    return found[0];
  }

  /**
   * The VJP of {@code normalized} (one final return, see {@code ControlFlowNormalizer}) in forward
   * mode, with {@code spec}'s parameters (all {@code double} or {@code float}), name and records.
   *
   * @throws UnsupportedTransform at the first construct forward mode does not handle
   */
  public static Function vjp(Function normalized, ReverseMode.Spec spec) {
    if (!scalarParameters(spec.wrt())) {
      throw new UnsupportedTransform(normalized.pos(), "forward mode differentiates with respect to double and float parameters only");
    }
    if (!normalized.returnType().isFloating()) {
      throw new UnsupportedTransform(normalized.pos(), "forward mode needs a method that returns a double or a float");
    }
    Names names = Names.of(normalized);
    Function lifted = ConditionalLifting.apply(normalized, Activity.of(normalized, spec.wrt()), names);
    ForwardMode t = new ForwardMode(lifted, spec.wrt(), names, spec.records());
    t.checkSupported();
    return t.build(spec);
  }

  // ------------------------------------------------------------------------- what is supported

  /** Refuses, at the first offending place, what the tangent code cannot carry. */
  private void checkSupported() {
    IrWalk.stmt(primal.body(), s -> {
      if (s instanceof Stmt.ArrayWrite w) {
        Var base = IrVars.baseVariable(w.array());
        if (base == null || activity.isActive(base)) {
          throw new UnsupportedTransform(w.pos(), "forward mode carries derivatives through double and float variables only,"
              + " not through array elements: use mode = REVERSE");
        }
      }
    }, e -> {});
    IrWalk.stmt(primal.body(), s -> {
      Var target = s instanceof Stmt.Declare d ? d.var() : s instanceof Stmt.Assign a ? a.target() : null;
      if (target != null && activity.isActive(target) && !target.type().isFloating()) {
        throw new UnsupportedTransform(s.pos(), "forward mode carries derivatives through double and float variables only, but '"
            + target.name() + "' (a " + target.type() + ") depends on the differentiated parameters: use mode = REVERSE");
      }
    }, e -> {});
  }

  /**
   * Refuses a call to another {@code @Differentiable} method left in {@code e} (recursive, or
   * nested too deeply to inline) where the partials would meet it: its generated code gives a
   * vector-Jacobian product, not a partial derivative. Calls in conditions and indices are fine.
   */
  private void checkCalls(Expr e) {
    if (!e.type().isFloating() || !activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Call c) {
      if (c.method().derivative() instanceof CallDerivative.Generated) {
        throw new UnsupportedTransform(c.pos(), "forward mode cannot differentiate through this call to "
            + c.method().simpleOwner() + "." + c.method().name() + " (recursive, or nested too deeply to inline): use mode = REVERSE");
      }
      c.arguments().forEach(this::checkCalls);
    } else if (e instanceof Expr.Unary u) {
      checkCalls(u.operand());
    } else if (e instanceof Expr.Binary b) {
      checkCalls(b.left());
      checkCalls(b.right());
    } else if (e instanceof Expr.Cast c) {
      checkCalls(c.operand());
    }
  }

  // ------------------------------------------------------------------------- assembly

  private Function build(ReverseMode.Spec spec) {
    List<Stmt> stmts = primal.body().statements();
    Stmt.Return ret = (Stmt.Return) stmts.get(stmts.size() - 1);
    List<Stmt> body = new ArrayList<>();
    // parameters the body assigns carry tangent variables from the start
    for (Var p : primal.parameters()) {
      if (assigned.contains(p) && p.type().isFloating()) {
        for (int d = 0; d < wrt.size(); d++) {
          if (perDirection.get(d).isActive(p)) {
            body.add(new Stmt.Declare(tangent(p, d), p.equals(wrt.get(d)) ? Exprs.one(p.type()) : Exprs.zero(p.type()), Pos.NONE));
          }
        }
      }
    }
    body.addAll(block(stmts.subList(0, stmts.size() - 1)));

    // the value and its tangents
    Expr result = ret.value();
    List<Stmt> tail = new ArrayList<>();
    Expr value = result;
    if (!(result instanceof Expr.Local || result instanceof Expr.Literal)) {
      Var v = names.fresh("value", primal.returnType());
      tail.add(new Stmt.Declare(v, result, ret.pos()));
      value = Exprs.local(v);
    }
    Map<Var, Expr> refs = partialReferences(partialsOf(result, value, tail), null, tail);
    Var resultBar = names.fresh("resultBar", primal.returnType());
    List<Expr> gradient = new ArrayList<>();
    for (int d = 0; d < wrt.size(); d++) {
      Expr dot = castTo(primal.returnType(), tangentSum(refs, d, null));
      if (!Exprs.isTrivial(dot)) {
        Var valueDot = names.fresh("valueDot" + suffix(d), primal.returnType());
        tail.add(new Stmt.Declare(valueDot, dot, ret.pos()));
        dot = Exprs.local(valueDot);
      }
      gradient.add(castTo(wrt.get(d).type(), Exprs.mul(Exprs.local(resultBar), dot)));
    }
    if (!tail.isEmpty()) {
      body.add(ReverseMode.comment(ret.pos(), "value and tangents of"));
      body.addAll(tail);
    }
    Expr grad = spec.gradientType() == null ? gradient.get(0) : new Expr.NewRecord(spec.gradientType(), gradient, Pos.NONE);
    body.add(new Stmt.Return(new Expr.NewRecord(spec.valueAndGradType(), List.of(value, grad), Pos.NONE), Pos.NONE));

    List<Stmt> out = new ArrayList<>();
    out.addAll(legend());
    for (Var p : partialVars.values()) {
      out.add(new Stmt.Declare(p, null, Pos.NONE));
    }
    out.addAll(body);
    List<Var> params = new ArrayList<>(primal.parameters());
    params.add(resultBar);
    return new Function(spec.vjpName(), params, spec.valueAndGradType(), new Block(out), primal.pos());
  }

  /** The comments that open the method: what the tangent and partial names mean. */
  private List<Stmt> legend() {
    List<Stmt> out = new ArrayList<>();
    if (wrt.size() == 1) {
      String w = wrt.get(0).name();
      out.add(new Stmt.Comment("forward mode, no tape: each variable v that depends on '" + w + "' carries its tangent"));
      out.add(new Stmt.Comment("vDot = dv/d" + w + ", updated beside it"));
    } else {
      StringBuilder params = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (int d = 0; d < wrt.size(); d++) {
        String sep = d == 0 ? "" : d == wrt.size() - 1 ? (d == 1 ? " " : ", ") : ", ";
        String and = d == wrt.size() - 1 && d > 0 ? "or " : "";
        String also = d == wrt.size() - 1 && d > 0 ? "and " : "";
        params.append(sep).append(and).append("'").append(wrt.get(d).name()).append("'");
        dots.append(sep).append(also).append("vDot").append(suffix(d)).append(" = dv/d").append(wrt.get(d).name());
      }
      out.add(new Stmt.Comment("forward mode, no tape: each variable v that depends on " + params + " carries its tangents"));
      out.add(new Stmt.Comment(dots + ", updated beside it"));
    }
    if (!partialVars.isEmpty()) {
      out.add(new Stmt.Comment("partialU: the derivative of the value a statement assigns with respect to u"));
    }
    return out;
  }

  private String suffix(int direction) {
    return wrt.size() == 1 ? "" : GradNames.capitalize(wrt.get(direction).name());
  }

  private Var tangent(Var v, int direction) {
    List<Var> ts = tangents.computeIfAbsent(v, k -> new ArrayList<>());
    while (ts.size() < wrt.size()) {
      ts.add(null);
    }
    if (ts.get(direction) == null) {
      ts.set(direction, names.fresh(v.name() + "Dot" + suffix(direction), v.type()));
    }
    return ts.get(direction);
  }

  /** {@code v}'s tangent in a direction, as read: a variable, or a constant for an untouched parameter. */
  private Expr tangentRead(Var v, int direction) {
    if (!perDirection.get(direction).isActive(v)) {
      return Exprs.zero(v.type());
    }
    if (primal.parameters().contains(v) && !assigned.contains(v)) {
      return v.equals(wrt.get(direction)) ? Exprs.one(v.type()) : Exprs.zero(v.type());
    }
    return Exprs.local(tangent(v, direction));
  }

  // ------------------------------------------------------------------------- statements

  @Override
  void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Block b) {
      out.add(nested(b));
    } else if (s instanceof Stmt.Declare d) {
      if (!activity.isActive(d.var())) {
        out.add(s);
      } else if (d.init() == null) {
        out.add(s);
        for (int k = 0; k < wrt.size(); k++) {
          if (perDirection.get(k).isActive(d.var())) {
            out.add(new Stmt.Declare(tangent(d.var(), k), null, d.pos()));
          }
        }
      } else {
        assignment(d.var(), d.init(), true, s, out);
      }
    } else if (s instanceof Stmt.Assign a) {
      if (activity.isActive(a.target())) {
        assignment(a.target(), a.value(), false, s, out);
      } else {
        out.add(s);
      }
    } else if (s instanceof Stmt.If i) {
      out.add(new Stmt.If(i.condition(), nested(i.thenBlock()), nested(i.elseBlock()), i.pos()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Loop(l.label(), l.kind(), nested(l.init()), l.condition(), nested(l.update()), nested(l.body()), l.pos()));
    } else if (s instanceof Stmt.ArrayWrite || s instanceof Stmt.Comment) {
      out.add(s); // checkSupported refused writes into arrays that carry derivatives
    } else {
      throw new UnsupportedTransform(s.pos(), "forward mode does not handle this statement: use mode = REVERSE");
    }
  }

  /**
   * {@code v = value} with its tangents. Where {@code value} does not read {@code v}, the
   * statement runs first and its partials after it (a rule that wants a call's result finds it
   * in {@code v}); otherwise the partials and tangents read the old values, and {@code v} is
   * assigned last.
   */
  private void assignment(Var v, Expr value, boolean declares, Stmt original, List<Stmt> out) {
    boolean readsItself = IrVars.reads(value).contains(v);
    List<Stmt> tangentCode = new ArrayList<>();
    Expr result = null;
    Stmt primalStmt = original;
    if (!readsItself) {
      result = Exprs.local(v);
    } else if (value instanceof Expr.Call c && CallDerivative.rulesTakeResult(c) && activity.isActive(value)) {
      // v = f(v) whose rule wants f's result: keep it in a temporary until the tangents are done
      Var kept = names.fresh(v.name() + "Result", v.type());
      tangentCode.add(new Stmt.Declare(kept, value, original.pos()));
      result = Exprs.local(kept);
      primalStmt = new Stmt.Assign(v, result, original.pos());
    }
    Map<Var, Expr> refs = partialReferences(partialsOf(value, result, tangentCode), v, tangentCode);
    for (int d = 0; d < wrt.size(); d++) {
      if (!perDirection.get(d).isActive(v)) {
        continue;
      }
      Expr dot = castTo(v.type(), tangentSum(refs, d, v));
      Var vDot = tangent(v, d);
      if (!declares && dot instanceof Expr.Local l && l.var().equals(vDot)) {
        continue; // unchanged in this direction
      }
      tangentCode.add(declares ? new Stmt.Declare(vDot, dot, original.pos()) : new Stmt.Assign(vDot, dot, original.pos()));
    }
    if (!readsItself) {
      out.add(primalStmt);
    }
    if (original.pos().isKnown() && !original.pos().source().isEmpty()) {
      // a line split into several statements (a call's result kept in a temporary) is named once
      Stmt heading = ReverseMode.comment(original.pos(), "tangents of");
      if (!out.contains(heading)) {
        out.add(heading);
      }
    }
    out.addAll(tangentCode);
    if (readsItself) {
      out.add(primalStmt);
    }
  }

  /**
   * How the tangent sums refer to each partial: trivial ones (a constant, a variable) as they
   * are, the others through a variable {@code partialU} assigned here. Partials no tangent uses
   * (every term zero) are left out.
   */
  private Map<Var, Expr> partialReferences(Map<Var, Expr> partials, Var target, List<Stmt> out) {
    Map<Var, Expr> refs = new LinkedHashMap<>();
    // the target's own term first: vDot = partialV * vDot + ... reads as the recurrence it is
    if (target != null && partials.containsKey(target)) {
      refs.put(target, partials.get(target));
    }
    refs.putAll(partials);
    for (Map.Entry<Var, Expr> e : refs.entrySet()) {
      Var u = e.getKey();
      Expr p = e.getValue();
      boolean used = false;
      for (int d = 0; d < wrt.size(); d++) {
        used |= !Exprs.isZero(tangentRead(u, d));
      }
      if (!used) {
        e.setValue(null);
      } else if (!Exprs.isTrivial(p)) {
        Var holder = partialVars.computeIfAbsent(u.name() + " " + p.type(),
            k -> names.fresh("partial" + GradNames.capitalize(u.name()), p.type()));
        out.add(new Stmt.Assign(holder, p, Pos.NONE));
        e.setValue(Exprs.local(holder));
      }
    }
    refs.values().removeIf(java.util.Objects::isNull);
    return refs;
  }

  /** {@code sum over u of partial_u * uDot} in one direction; zero when no term is left. */
  private Expr tangentSum(Map<Var, Expr> refs, int direction, Var target) {
    Expr sum = null;
    for (Map.Entry<Var, Expr> e : refs.entrySet()) {
      Expr dot = tangentRead(e.getKey(), direction);
      if (Exprs.isZero(dot)) {
        continue;
      }
      Expr term = Exprs.mul(e.getValue(), dot);
      sum = sum == null ? term : Exprs.add(sum, term);
    }
    return sum == null ? Exprs.zero(target == null ? primal.returnType() : target.type()) : sum;
  }

  private static Expr castTo(Type t, Expr e) {
    if (e.type().equals(t)) {
      return e;
    }
    if (e instanceof Expr.Literal l && l.value() instanceof Number n) {
      return Expr.Literal.of(n.doubleValue(), t);
    }
    return new Expr.Cast(t, e, Pos.NONE);
  }

  /**
   * The local partials of {@code value} (whose value sits in {@code result}), their temporaries
   * added to {@code code}; none where {@code value} is inactive.
   */
  private Map<Var, Expr> partialsOf(Expr value, Expr result, List<Stmt> code) {
    if (!activity.isActive(value)) {
      return Map.of();
    }
    checkCalls(value);
    ReverseMode.Partials p = localPartials.of(value, result);
    code.addAll(p.temporaries());
    return p.partials();
  }
}
