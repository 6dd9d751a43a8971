package dev.adjoint.processor.transform;

import dev.adjoint.processor.Diagnostics;
import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.MethodRef;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: turns a normalized function (structured control flow, one final return) into its
 * vector-Jacobian product, {@code fVjp(params..., resultBar)}, returning the value and the
 * gradient scaled by {@code resultBar}. The output is IR again, so it can be differentiated once
 * more for higher derivatives.
 *
 * <p>The generated method runs a forward sweep, the original code plus what the adjoint sweep
 * will need: values that statements overwrite are saved before they are lost (in a local outside
 * loops, on the tape inside them), taken branches and loop trip counts are recorded. The adjoint
 * sweep then visits the statements in reverse, restoring each overwritten value just before it
 * differentiates the statement that overwrote it, so every partial derivative is evaluated with
 * the values the forward sweep used. Counted loops ({@code for (int i = a; i < b; i++)} whose
 * bounds the body leaves alone) are mirrored as counted loops running backwards, with no tape.
 */
public final class ReverseMode {
  private static final String ADJOINTS = "dev.adjoint.tape.Adjoints";

  private final Function primal;
  private final Activity activity;
  private final Diagnostics diagnostics;
  private final Set<Var> needed;
  private final Names names;
  private final Map<Var, Var> adjoints = new LinkedHashMap<>();
  private final Set<Var> transformVars = new LinkedHashSet<>();
  /** Transform variables holding adjoint values (seeds, partials, pullbacks): on the adjoint chain. */
  private final Set<Var> adjointValued = new LinkedHashSet<>();
  private final Map<Var, Integer> declarationCounts = new HashMap<>();
  private final Set<Var> topLevelDeclared = new LinkedHashSet<>();
  /** Variables the adjoint sweep computes again in each iteration instead of restoring them. */
  private final Set<Var> recomputed = new LinkedHashSet<>();
  private final Map<Var, Integer> assignmentCounts = new HashMap<>();
  /** How many counted loops each source position produced (inlining can repeat one). */
  private final Map<Pos, Integer> countedLoops = new HashMap<>();
  /** For each reverse counted loop (by identity), its header run forwards, and what one iteration owns. */
  private final Map<Stmt, Stmt.Loop> ascendingForms = new java.util.IdentityHashMap<>();
  private final Map<Stmt, Set<Var>> iterationOwn = new java.util.IdentityHashMap<>();
  /**
   * Calls (by identity) whose value a variable holds when their adjoint is computed: the
   * variable the statement assigns, passed to rules that use the result.
   */
  private final Map<Expr, Expr> knownResults = new java.util.IdentityHashMap<>();
  /** Each restore statement (by identity) and the forward statements that saved its value. */
  private final Map<Stmt, List<Stmt>> savesByRestore = new java.util.IdentityHashMap<>();
  /** The assignments that compute a loop's value again in its adjoint (see recomputable). */
  private final Set<Stmt> recomputations = DeadRestores.identitySet();
  /** Buffers that the adjoint of each iteration fills again instead of restoring them. */
  private final RefilledBuffers.Found refills;

  /** What to build: which parameters to differentiate and the records that carry the result. */
  public record Spec(
      List<Var> wrt, Type.Reference valueAndGradType, Type.Reference gradientType, String vjpName,
      RecordAdjoints records) {
    public Spec {
      wrt = List.copyOf(wrt);
    }
  }

  /** Trial builds only find what must be saved; the final one also prunes dead restores. */
  private boolean finalBuild;

  private final RecordAdjoints records;

  private ReverseMode(Function primal, Activity activity, Diagnostics diagnostics, Set<Var> needed, RecordAdjoints records) {
    this(primal, activity, diagnostics, needed, records, Names.of(primal));
  }

  private ReverseMode(Function primal, Activity activity, Diagnostics diagnostics, Set<Var> needed, RecordAdjoints records,
      Names names) {
    this.records = records;
    this.primal = primal;
    this.activity = activity;
    this.diagnostics = diagnostics;
    this.needed = needed;
    this.names = names;
    IrWalk.stmt(primal.body(), s -> {
      if (s instanceof Stmt.Declare d) {
        declarationCounts.merge(d.var(), 1, Integer::sum);
      } else if (s instanceof Stmt.Assign a) {
        assignmentCounts.merge(a.target(), 1, Integer::sum);
      }
    }, e -> {});
    for (Stmt s : primal.body().statements()) {
      if (s instanceof Stmt.Declare d) {
        topLevelDeclared.add(d.var());
      }
    }
    this.refills = RefilledBuffers.find(primal.body().statements(), unaliasedArrays(), this::constantOnceDeclared);
  }

  /** Parameters never assigned, and variables declared once at the top level and never assigned. */
  private boolean constantOnceDeclared(Var v) {
    if (assignmentCounts.containsKey(v)) {
      return false;
    }
    return primal.parameters().contains(v)
        || topLevelDeclared.contains(v) && declarationCounts.getOrDefault(v, 0) == 1;
  }

  /**
   * Builds the VJP of {@code normalized} (see {@code ControlFlowNormalizer}). Problems such as a
   * call with no derivative are reported to {@code diagnostics} at their expression.
   */
  public static Function vjp(Function normalized, Activity activity, Spec spec, Diagnostics diagnostics) {
    Set<Var> needed = new LinkedHashSet<>();
    Diagnostics quiet = new CollectingDiagnostics();
    // what the adjoint sweep reads decides what the forward sweep must save; saving can make the
    // adjoint sweep read more (an index to restore an element), so iterate to the fixed point
    for (int round = 0; round < 20; round++) {
      ReverseMode attempt = new ReverseMode(normalized, activity, quiet, needed, spec.records());
      Function f = attempt.build(spec);
      Set<Var> reads = attempt.primalReadsOf(f);
      if (needed.containsAll(reads)) {
        break;
      }
      needed.addAll(reads);
    }
    ReverseMode last = new ReverseMode(normalized, activity, diagnostics, needed, spec.records());
    last.finalBuild = true;
    return last.build(spec);
  }

  /**
   * The local partial derivatives of scalar expressions, from the same rules as the adjoint
   * sweep: the adjoint of an expression under a seed of one adds, to each active variable the
   * expression reads, the derivative of the expression with respect to it. Forward mode
   * multiplies these by tangents. Only scalar variables: an expression that would pass an
   * adjoint to anything else (an array element, a call's pullback, a branch of {@code ?:}) is
   * refused with an {@link UnsupportedTransform}.
   */
  public static final class LocalPartials {
    private final ReverseMode reverse;

    /** {@code names} must be the one the caller takes its own fresh names from. */
    public LocalPartials(Function primal, Activity activity, RecordAdjoints records, Names names) {
      this.reverse = new ReverseMode(primal, activity, new CollectingDiagnostics(), Set.of(), records, names);
      this.reverse.finalBuild = true;
    }

    /**
     * The partials of the scalar expression {@code value}: first the temporaries they share
     * (declarations), then d value / d v for each active variable v, in order of first
     * appearance. {@code result} is an expression holding {@code value}'s own value, for the
     * rules that use a call's result (null: none). The seed is a double one, also for a float
     * value: rules take double seeds, and the caller narrows the tangent it sums.
     */
    public Partials of(Expr value, Expr result) {
      if (result != null) {
        reverse.knownResults.put(value, result);
      }
      List<Stmt> parts = new ArrayList<>();
      reverse.adjoint(value, Exprs.one(Type.DOUBLE), parts);
      List<Stmt> temporaries = new ArrayList<>();
      Map<Var, Expr> partials = new LinkedHashMap<>();
      Map<Var, Var> primalOf = new HashMap<>();
      reverse.adjoints.forEach((p, a) -> primalOf.put(a, p));
      for (Stmt s : parts) {
        if (s instanceof Stmt.Declare d && d.init() != null && d.var().type().isFloating()) {
          temporaries.add(s);
        } else if (s instanceof Stmt.Accumulate a && a.target() instanceof Expr.Local l && primalOf.containsKey(l.var())
            && l.type().isFloating()) {
          partials.merge(primalOf.get(l.var()), a.value(), Exprs::add);
        } else {
          throw new UnsupportedTransform(value.pos(), s instanceof Stmt.If
              ? "forward mode does not differentiate a ?: inside this expression"
              : "forward mode carries derivatives through double and float variables only, not through this expression");
        }
      }
      return new Partials(temporaries, partials);
    }
  }

  /** What {@link LocalPartials#of} gives: shared temporaries, then each variable's partial. */
  public record Partials(List<Stmt> temporaries, Map<Var, Expr> partials) {}

  /** The two halves a statement contributes: forward code, and adjoint code in adjoint order. */
  private record Sweeps(List<Stmt> forward, List<Stmt> reverse) {
    static final Sweeps NONE = new Sweeps(List.of(), List.of());
  }

  // ------------------------------------------------------------------------- assembly

  private Function build(Spec spec) {
    List<Stmt> stmts = primal.body().statements();
    Stmt.Return ret = (Stmt.Return) stmts.get(stmts.size() - 1);
    Sweeps body = block(stmts.subList(0, stmts.size() - 1), 0);

    Var resultBar = names.fresh("resultBar", adjointType(primal.returnType()));
    transformVars.add(resultBar);
    adjointValued.add(resultBar);
    Var value = names.fresh("value", primal.returnType());
    transformVars.add(value);

    List<Stmt> forward = new ArrayList<>(body.forward());
    forward.add(new Stmt.Declare(value, ret.value(), ret.pos()));

    List<Stmt> reverse = new ArrayList<>();
    if (primal.returnType().isTensor()) {
      // a plain gradient passes no adjoint: one, shaped and typed like the (scalar) result
      MethodRef seedFor = MethodRef.staticMethod(ADJOINTS, "seedFor", List.of(primal.returnType()), primal.returnType());
      Expr missing = new Expr.Binary(Operator.EQUAL, Exprs.local(resultBar), new Expr.Null(primal.returnType()), Type.BOOLEAN, Pos.NONE);
      reverse.add(new Stmt.If(missing, Block.of(new Stmt.Assign(resultBar,
          new Expr.Call(seedFor, List.of(Exprs.local(value)), Pos.NONE), Pos.NONE)), Block.EMPTY, Pos.NONE));
    }
    List<Stmt> resultAdjoint = new ArrayList<>();
    knownResults.put(ret.value(), Exprs.local(value));
    contribute(ret.value(), Exprs.local(resultBar), resultAdjoint);
    if (!resultAdjoint.isEmpty()) {
      reverse.add(comment(ret.pos(), "adjoint of"));
      reverse.addAll(resultAdjoint);
    }
    reverse.addAll(body.reverse());

    for (Var w : spec.wrt()) {
      adjointOf(w);
    }
    List<Stmt> out = new ArrayList<>();
    List<Stmt> scalarAdjoints = new ArrayList<>();
    for (Map.Entry<Var, Var> e : adjoints.entrySet()) {
      Var primalVar = e.getKey();
      Var adj = e.getValue();
      if (isAggregate(primalVar.type())) {
        boolean isParameter = primal.parameters().contains(primalVar);
        out.add(new Stmt.Declare(adj, isParameter ? adjointLike(Exprs.local(primalVar)) : new Expr.Null(adj.type()), Pos.NONE));
      } else {
        scalarAdjoints.add(new Stmt.Declare(adj, Exprs.zero(adj.type()), Pos.NONE));
      }
    }
    // drop the restores whose value the adjoint sweep never reads, with their saves
    Set<Stmt> restores = DeadRestores.identitySet();
    restores.addAll(savesByRestore.keySet());
    Set<Var> unaliasedArrays = finalBuild ? unaliasedArrays() : Set.of();
    Set<Stmt> deadRestores = finalBuild ? DeadRestores.find(reverse, restores, unaliasedArrays) : Set.of();
    boolean fused = false;
    Set<Var> readByAdjoint = new LinkedHashSet<>();
    if (finalBuild) {
      reverse = finish(reverse, deadRestores);
      forward = DeadRestores.without(forward, DeadRestores.savesOf(deadRestores, savesByRestore));
      SweepFusion.Result fusion = SweepFusion.apply(forward, reverse, fusionFacts(unaliasedArrays));
      forward = fusion.forward();
      reverse = fusion.reverse();
      fused = fusion.fusedAny();
      readByAdjoint.addAll(fusion.movedReads());
    }
    if (finalBuild) {
      reverse = withoutUnreadRecomputations(reverse);
    }
    readByAdjoint.addAll(readsIn(reverse));
    Hoisting hoisted = Hoisting.apply(forward, readByAdjoint);
    reverse = hoisted.alsoIn(reverse);
    out.addAll(hoisted.declarations());
    List<Stmt> sweeps = new ArrayList<>();
    if (fused) {
      sweeps.addAll(scalarAdjoints); // a fused loop runs adjoint code within the forward sweep
    }
    if (!forward.isEmpty()) {
      sweeps.add(new Stmt.Comment("forward sweep"));
    }
    sweeps.addAll(hoisted.forward());
    if (!fused || !reverse.isEmpty()) {
      sweeps.add(new Stmt.Comment("adjoint sweep: each block differentiates a source line, last line first"));
    }
    if (!fused) {
      sweeps.addAll(scalarAdjoints);
    }
    sweeps.addAll(reverse);
    if (finalBuild) {
      Set<Var> gradients = new LinkedHashSet<>();
      for (Var w : spec.wrt()) {
        gradients.add(adjointOf(w));
      }
      sweeps = LastIterationAdjoints.apply(EmptyHeadings.drop(FirstAccumulations.apply(sweeps, this::isAdjoint)), gradients,
          this::isAdjoint);
    }
    out.addAll(sweeps);

    Expr grad;
    if (spec.gradientType() == null) {
      grad = gradientOf(spec.wrt().get(0));
    } else {
      List<Expr> parts = new ArrayList<>();
      for (Var w : spec.wrt()) {
        parts.add(gradientOf(w));
      }
      grad = new Expr.NewRecord(spec.gradientType(), parts, Pos.NONE);
    }
    out.add(new Stmt.Return(
        new Expr.NewRecord(spec.valueAndGradType(), List.of(Exprs.local(value), grad), Pos.NONE), Pos.NONE));

    List<Var> params = new ArrayList<>(primal.parameters());
    params.add(resultBar);
    return new Function(spec.vjpName(), params, spec.valueAndGradType(), new Block(out), primal.pos());
  }

  /**
   * {@code reverse} without the values computed again that nothing reads any more (the rule that
   * read one may have come to take a kept result instead); each could otherwise assign a variable
   * that the forward sweep declares in a block the adjoint sweep cannot see.
   */
  private List<Stmt> withoutUnreadRecomputations(List<Stmt> reverse) {
    while (true) {
      Set<Var> read = readsIn(reverse);
      Set<Stmt> unread = DeadRestores.identitySet();
      IrWalk.stmts(reverse, s -> {
        if (recomputations.contains(s) && !read.contains(((Stmt.Assign) s).target())) {
          unread.add(s);
        }
      }, e -> {});
      if (unread.isEmpty()) {
        return reverse;
      }
      reverse = DeadRestores.without(reverse, unread);
    }
  }

  /** What the caller gets for parameter {@code w}: its adjoint, or zeros where none flowed back. */
  private Expr gradientOf(Var w) {
    Expr adjoint = Exprs.local(adjointOf(w));
    Type t = w.type();
    if (t.isTensor() || (t.isList() && adjoint.type() instanceof Type.Array)) {
      MethodRef orZeros = MethodRef.staticMethod(ADJOINTS, "orZeros", List.of(adjoint.type(), t), t);
      return new Expr.Call(orZeros, List.of(adjoint, Exprs.local(w)), Pos.NONE);
    }
    if (t instanceof Type.Reference r && r.isRecord()) {
      MethodRef toGradient = new MethodRef(adjoint.type().toString(), "toGradient", List.of(adjoint.type(), t),
          List.of("this", "primal"), t, false, CallDerivative.NONE);
      return new Expr.Call(toGradient, List.of(adjoint, Exprs.local(w)), Pos.NONE);
    }
    if (t.isList()) {
      Type.Reference elementAdjoint = (Type.Reference) ((Type.Reference) adjoint.type()).arguments().get(0);
      MethodRef gradients = MethodRef.staticMethod(elementAdjoint.name(), "gradients", List.of(adjoint.type(), t), t);
      return new Expr.Call(gradients, List.of(adjoint, Exprs.local(w)), Pos.NONE);
    }
    return adjoint;
  }

  static Stmt comment(Pos pos, String what) {
    if (!pos.isKnown() || pos.source().isEmpty()) {
      return new Stmt.Comment(what);
    }
    return new Stmt.Comment(what + " line " + pos.line() + ": " + header(pos.source()));
  }

  /** A branch's or loop's source up to its body: {@code for (int i = 0; i < n; i++)}. */
  private static String header(String source) {
    int brace = source.indexOf(" {");
    return brace > 0 && (source.startsWith("if") || source.startsWith("for") || source.startsWith("while")
        || source.startsWith("do") || source.contains(": for") || source.contains(": while"))
        ? source.substring(0, brace)
        : source;
  }

  /** Variables the adjoint sweep reads that the forward sweep must keep right: the source's own. */
  private Set<Var> primalReadsOf(Function f) {
    Set<Var> out = new LinkedHashSet<>();
    Set<Var> adjointVars = new LinkedHashSet<>(adjoints.values());
    int start = -1;
    List<Stmt> body = f.body().statements();
    for (int i = 0; i < body.size(); i++) {
      if (body.get(i) instanceof Stmt.Comment c && c.text().startsWith("adjoint sweep")) {
        start = i;
      }
    }
    for (Var v : readsIn(body.subList(start + 1, body.size()))) {
      if (!adjointVars.contains(v) && !transformVars.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * Variables {@code stmts} read outside the scope of a declaration of theirs in {@code stmts}
   * (free variables). Scopes matter: two loops may each declare an {@code int i}, and the adjoint
   * of one may read the other's, which the forward sweep must then keep.
   */
  static Set<Var> readsIn(List<Stmt> stmts) {
    Set<Var> free = new LinkedHashSet<>();
    freeReads(stmts, new java.util.HashSet<>(), free);
    return free;
  }

  private static void freeReads(List<Stmt> stmts, Set<Var> inScope, Set<Var> free) {
    Set<Var> scope = new java.util.HashSet<>(inScope);
    for (Stmt s : stmts) {
      freeReads(s, scope, free);
      if (s instanceof Stmt.Declare d) {
        scope.add(d.var());
      }
    }
  }

  private static void freeReads(Stmt s, Set<Var> scope, Set<Var> free) {
    if (s instanceof Block b) {
      freeReads(b.statements(), scope, free);
    } else if (s instanceof Stmt.If i) {
      exprReads(i.condition(), scope, free);
      freeReads(i.thenBlock().statements(), scope, free);
      freeReads(i.elseBlock().statements(), scope, free);
    } else if (s instanceof Stmt.Loop l) {
      Set<Var> loopScope = new java.util.HashSet<>(scope);
      for (Stmt init : l.init().statements()) {
        freeReads(init, loopScope, free);
        if (init instanceof Stmt.Declare d) {
          loopScope.add(d.var());
        }
      }
      exprReads(l.condition(), loopScope, free);
      freeReads(l.body().statements(), loopScope, free);
      freeReads(l.update().statements(), loopScope, free);
    } else {
      IrWalk.stmt(s, x -> {}, e -> {
        if (e instanceof Expr.Local x && !scope.contains(x.var())) {
          free.add(x.var());
        }
      });
    }
  }

  private static void exprReads(Expr e, Set<Var> scope, Set<Var> free) {
    IrWalk.exprs(e, x -> {
      if (x instanceof Expr.Local l && !scope.contains(l.var())) {
        free.add(l.var());
      }
    });
  }

  // ------------------------------------------------------------------------- adjoint variables

  private Var adjointOf(Var v) {
    return adjoints.computeIfAbsent(v, p -> names.fresh(p.name() + "Bar", adjointType(p.type())));
  }

  private Type adjointType(Type t) {
    Type a = records.adjointType(t);
    if (a == null) {
      throw new UnsupportedTransform(Pos.NONE, "values of type " + t + " cannot carry a derivative");
    }
    return a;
  }

  /** Arrays, records and lists: their adjoints are objects that follow them when they are shared. */
  private static boolean isAggregate(Type t) {
    return t instanceof Type.Array || (t instanceof Type.Reference r && (r.isRecord() || t.isList()));
  }

  /**
   * Where the adjoint of a place lives: {@code xBar} for {@code x}, {@code mBar[i]} for
   * {@code m[i]}, {@code pBar.weights} for {@code p.weights()}, {@code layersBar.get(i)} for a
   * record in a list (or {@code wsBar[i]} for a tensor in one).
   */
  private Expr adjointPlace(Expr e) {
    if (e instanceof Expr.Local l) {
      return Exprs.local(adjointOf(l.var()));
    }
    if (e instanceof Expr.ArrayRead r) {
      return new Expr.ArrayRead(adjointPlace(r.array()), r.index(), r.pos());
    }
    if (e instanceof Expr.Conditional c) {
      Expr a = adjointPlace(c.whenTrue());
      return new Expr.Conditional(c.condition(), a, adjointPlace(c.whenFalse()), a.type(), c.pos());
    }
    if (e instanceof Expr.Get g && g.target().type() instanceof Type.Reference r && r.isRecord()) {
      return new Expr.Field(adjointPlace(g.target()), g.name(), adjointType(g.type()), g.pos());
    }
    if (e instanceof Expr.ListGet g) {
      Expr list = adjointPlace(g.list());
      if (list.type() instanceof Type.Array) {
        return new Expr.ArrayRead(list, g.index(), g.pos());
      }
      return new Expr.ListGet(list, g.index(), adjointType(g.type()), g.pos());
    }
    throw new UnsupportedTransform(e.pos(), "this expression cannot carry a derivative here; assign it to a local variable first");
  }

  /** A zero adjoint shaped like an aggregate value (array, record, list). */
  private Expr adjointLike(Expr value) {
    Type t = value.type();
    if (t instanceof Type.Array) {
      return zerosLike(value);
    }
    Type adjoint = adjointType(t);
    if (t instanceof Type.Reference r && r.isRecord()) {
      return new Expr.NewRecord((Type.Reference) adjoint, List.of(value), Pos.NONE);
    }
    if (adjoint instanceof Type.Array) {
      MethodRef size = new MethodRef(Type.LIST, "size", List.of(t), List.of("this"), Type.INT, false, CallDerivative.NONE);
      return new Expr.NewArray(adjoint, List.of(new Expr.Call(size, List.of(value), Pos.NONE)), Pos.NONE);
    }
    Type.Reference elementAdjoint = (Type.Reference) ((Type.Reference) adjoint).arguments().get(0);
    MethodRef listFor = MethodRef.staticMethod(elementAdjoint.name(), "listFor", List.of(t), adjoint);
    return new Expr.Call(listFor, List.of(value), Pos.NONE);
  }

  private static Expr zerosLike(Expr array) {
    if (array.type().arrayDepth() == 1) {
      return new Expr.NewArray(array.type(), List.of(new Expr.ArrayLength(array, Pos.NONE)), Pos.NONE);
    }
    MethodRef zeros = MethodRef.staticMethod(ADJOINTS, "zerosLike", List.of(array.type()), array.type());
    return new Expr.Call(zeros, List.of(array), Pos.NONE);
  }

  // ------------------------------------------------------------------------- statements

  private Sweeps block(List<Stmt> stmts, int loopDepth) {
    List<Stmt> forward = new ArrayList<>();
    List<List<Stmt>> reverseParts = new ArrayList<>();
    for (Stmt s : stmts) {
      Sweeps sw;
      try {
        sw = statement(s, loopDepth);
      } catch (UnsupportedTransform e) {
        diagnostics.error(e.pos().isKnown() ? e.pos() : s.pos(), e.getMessage());
        sw = new Sweeps(List.of(s), List.of());
      }
      forward.addAll(sw.forward());
      reverseParts.add(sw.reverse());
    }
    Collections.reverse(reverseParts);
    List<Stmt> reverse = new ArrayList<>();
    reverseParts.forEach(reverse::addAll);
    return new Sweeps(forward, reverse);
  }

  private Sweeps statement(Stmt s, int loopDepth) {
    if (s instanceof Block b) {
      Sweeps inner = block(b.statements(), loopDepth);
      return new Sweeps(List.of(new Block(inner.forward())), inner.reverse());
    }
    if (s instanceof Stmt.Declare d) {
      boolean overwrites = loopDepth > 0 || declarationCounts.getOrDefault(d.var(), 0) > 1;
      if (d.init() == null) {
        if (!needed.contains(d.var())) {
          return new Sweeps(List.of(d), List.of());
        }
        // a saved variable must hold a value before its first assignment is saved; where the
        // declaration runs again (in a loop), that zero overwrites the value the adjoint of the
        // previous iteration reads, so it is saved and restored like any other assignment
        Expr zero = Exprs.zero(d.var().type());
        Stmt declared = new Stmt.Declare(d.var(), zero, d.pos());
        return overwrites ? assignment(d.var(), zero, true, loopDepth, declared, d.pos()) : new Sweeps(List.of(declared), List.of());
      }
      return assignment(d.var(), d.init(), overwrites, loopDepth, d, d.pos());
    }
    if (s instanceof Stmt.Assign a) {
      return assignment(a.target(), a.value(), true, loopDepth, a, a.pos());
    }
    if (s instanceof Stmt.ArrayWrite w) {
      return arrayWrite(w, loopDepth);
    }
    if (s instanceof Stmt.If i) {
      return branch(i, loopDepth);
    }
    if (s instanceof Stmt.Loop l) {
      CountedLoop counted = CountedLoop.match(l);
      return counted != null ? countedLoop(l, counted, loopDepth) : generalLoop(l, loopDepth);
    }
    if (s instanceof Stmt.Comment) {
      return new Sweeps(List.of(s), List.of());
    }
    throw new UnsupportedTransform(s.pos(), "statement not expected in a normalized method: " + s.getClass().getSimpleName());
  }

  /** Saves {@code place}'s value before it is overwritten, and the statement that restores it. */
  private record Save(List<Stmt> forward, List<Stmt> restore) {}

  private Save save(Expr place, int loopDepth, Pos pos) {
    Type t = place.type();
    Stmt saveStmt;
    Stmt restore;
    if (loopDepth > 0) {
      saveStmt = new Stmt.Push(place, pos);
      restore = store(place, new Expr.Pop(t), pos);
    } else {
      String base = place instanceof Expr.Local l ? l.var().name() : IrVars.baseVariable(place).name() + "Element";
      Var saved = names.fresh(base + "Before", t);
      transformVars.add(saved);
      saveStmt = new Stmt.Declare(saved, place, pos);
      restore = store(place, Exprs.local(saved), pos);
    }
    savesByRestore.put(restore, List.of(saveStmt));
    return new Save(List.of(saveStmt), List.of(restore));
  }

  private static Stmt store(Expr place, Expr value, Pos pos) {
    if (place instanceof Expr.Local l) {
      return new Stmt.Assign(l.var(), value, pos);
    }
    Expr.ArrayRead r = (Expr.ArrayRead) place;
    return new Stmt.ArrayWrite(r.array(), r.index(), value, pos);
  }

  private Sweeps assignment(Var v, Expr value, boolean overwrites, int loopDepth, Stmt original, Pos pos) {
    List<Stmt> forward = new ArrayList<>();
    List<Stmt> reverse = new ArrayList<>();
    boolean active = activity.isActive(v);
    // v = f(...) not reading v: the adjoint can use v's new value as f's result, restoring the
    // old value after it rather than before
    boolean resultKept = value instanceof Expr.Call && !isAggregate(v.type()) && !IrVars.reads(value).contains(v);
    List<Stmt> restoreLast = List.of();
    // an array variable that carries a derivative has an adjoint that aliases the adjoint of its
    // value (rowBar = mBar[k]); the adjoint sweep needs the alias of each iteration back even
    // where it never reads the array's own values
    boolean adjointAlias = hasAdjointAlias(v);
    if (overwrites && !recomputed.contains(v) && (needed.contains(v) || adjointAlias)) {
      Save saved = needed.contains(v) ? save(Exprs.local(v), loopDepth, pos) : null;
      if (saved != null) {
        forward.addAll(saved.forward());
      }
      if (adjointAlias) {
        // an aggregate and its adjoint are saved together; the tape gives them back in reverse order
        Save adjointSaved = save(Exprs.local(adjointOf(v)), loopDepth, pos);
        forward.addAll(adjointSaved.forward());
        reverse.addAll(adjointSaved.restore());
      }
      if (saved != null && resultKept) {
        restoreLast = saved.restore();
      } else if (saved != null) {
        if (active && value instanceof Expr.Call c && CallDerivative.rulesTakeResult(c) && !isAggregate(v.type())) {
          // v = f(v): f's rule wants the result, which the restore is about to overwrite
          Var kept = names.fresh(v.name() + "Result", v.type());
          transformVars.add(kept);
          reverse.add(new Stmt.Declare(kept, Exprs.local(v), pos));
          knownResults.put(value, Exprs.local(kept));
        }
        reverse.addAll(saved.restore());
      }
    }
    forward.add(original);
    if (active) {
      if (resultKept) {
        knownResults.put(value, Exprs.local(v));
      }
      if (isAggregate(v.type())) {
        arrayAssignment(v, value, forward, reverse);
      } else {
        scalarAssignment(v, value, overwrites, reverse);
      }
    }
    reverse.addAll(restoreLast);
    if (!reverse.isEmpty()) {
      reverse.add(0, comment(pos, "adjoint of"));
    }
    return new Sweeps(forward, reverse);
  }

  /**
   * The adjoint of {@code v = value}: passes v's adjoint on to what value reads, then zeroes it
   * (the value v had before no longer reaches the result through v). A first declaration that
   * runs once needs no zeroing: nothing before it uses the adjoint.
   */
  private void scalarAssignment(Var v, Expr value, boolean overwrites, List<Stmt> reverse) {
    if (v.type() instanceof Type.Reference) {
      // a tensor's adjoint stays null until something flows back into it; until then there is
      // nothing to pass on
      List<Stmt> guarded = new ArrayList<>();
      valueAdjoint(v, value, overwrites, guarded);
      if (!guarded.isEmpty()) {
        Expr flowed = new Expr.Binary(Operator.NOT_EQUAL, Exprs.local(adjointOf(v)), new Expr.Null(v.type()), Type.BOOLEAN, Pos.NONE);
        reverse.add(new Stmt.If(flowed, new Block(guarded), Block.EMPTY, Pos.NONE));
      }
      return;
    }
    valueAdjoint(v, value, overwrites, reverse);
  }

  /** The adjoint of {@code value} under {@code seed}, each target's like contributions merged. */
  private void contribute(Expr value, Expr seed, List<Stmt> reverse) {
    List<Stmt> parts = new ArrayList<>();
    adjoint(value, seed, parts);
    reverse.addAll(finalBuild ? CombinedContributions.apply(parts, this::isAdjoint) : parts);
  }

  private void valueAdjoint(Var v, Expr value, boolean overwrites, List<Stmt> reverse) {
    Var vBar = adjointOf(v);
    Expr rest = incrementOf(v, value);
    if (rest != null) {
      // v = v + rest: v's adjoint passes through unchanged
      contribute(rest, Exprs.local(vBar), reverse);
      return;
    }
    if (rest == null && (value instanceof Expr.Binary b && b.op() == Operator.SUBTRACT
        && b.left() instanceof Expr.Local l && l.var().equals(v)
        && !Activity.differentiableReads(b.right()).contains(v))) {
      contribute(b.right(), Exprs.neg(Exprs.local(vBar)), reverse);
      return;
    }
    if (!activity.isActive(value)) {
      if (overwrites) {
        reverse.add(new Stmt.Assign(vBar, Exprs.zero(vBar.type()), Pos.NONE));
      }
      return;
    }
    if (Activity.differentiableReads(value).contains(v)) {
      Var seed = names.fresh(vBar.name() + "Before", vBar.type());
      transformVars.add(seed);
      adjointValued.add(seed);
      reverse.add(new Stmt.Declare(seed, Exprs.local(vBar), Pos.NONE));
      reverse.add(new Stmt.Assign(vBar, Exprs.zero(vBar.type()), Pos.NONE));
      contribute(value, Exprs.local(seed), reverse);
      return;
    }
    contribute(value, Exprs.local(vBar), reverse);
    if (overwrites) {
      reverse.add(new Stmt.Assign(vBar, Exprs.zero(vBar.type()), Pos.NONE));
    }
  }

  /** For {@code v = v + e} or {@code v = e + v} (e not reading v), returns {@code e}; else null. */
  private static Expr incrementOf(Var v, Expr value) {
    Expr e = value;
    if (e instanceof Expr.Cast c && c.type().equals(v.type())) {
      e = c.operand();
    }
    if (!(e instanceof Expr.Binary b) || b.op() != Operator.ADD) {
      return null;
    }
    if (b.left() instanceof Expr.Local l && l.var().equals(v) && !Activity.differentiableReads(b.right()).contains(v)) {
      return b.right();
    }
    if (b.right() instanceof Expr.Local r && r.var().equals(v) && !Activity.differentiableReads(b.left()).contains(v)) {
      return b.left();
    }
    return null;
  }

  private void arrayAssignment(Var v, Expr value, List<Stmt> forward, List<Stmt> reverse) {
    Var vBar = adjointOf(v);
    Expr local = Exprs.local(v);
    if (value instanceof Expr.NewArray) {
      forward.add(new Stmt.Assign(vBar, zerosLike(local), Pos.NONE));
    } else if (value instanceof Expr.ArrayClone c) {
      forward.add(new Stmt.Assign(vBar, zerosLike(local), Pos.NONE));
      if (activity.isActive(c.array())) {
        reverse.add(new Stmt.Accumulate(adjointPlace(c.array()), Exprs.local(vBar), Pos.NONE));
      }
    } else if (value instanceof Expr.Local || value instanceof Expr.ArrayRead || value instanceof Expr.Conditional
        || value instanceof Expr.Get || value instanceof Expr.ListGet) {
      // the variable shares its value's storage, so it shares its adjoint too
      forward.add(new Stmt.Assign(vBar, adjointPlace(value), Pos.NONE));
    } else if (value instanceof Expr.Call c) {
      throw new UnsupportedTransform(value.pos(), c.method().simpleOwner() + "." + c.method().name()
          + " returns an array, and calls are differentiated through only when they return a double, a float or a Tensor: write its loops here, or make it return a Tensor");
    } else {
      throw new UnsupportedTransform(value.pos(),
          "an array that carries a derivative must come from new, clone() or another array variable");
    }
  }

  private Sweeps arrayWrite(Stmt.ArrayWrite w, int loopDepth) {
    Var base = IrVars.baseVariable(w.array());
    if (base == null) {
      throw new UnsupportedTransform(w.pos(), "write into an array held in a local variable");
    }
    if (w.value().type() instanceof Type.Array && activity.isActive(base)) {
      throw new UnsupportedTransform(w.pos(),
          "assigning a whole row of an array that carries a derivative is not supported; allocate it with new double[n][m] and write its elements");
    }
    List<Stmt> forward = new ArrayList<>();
    List<Stmt> reverse = new ArrayList<>();
    Expr.ArrayRead place = new Expr.ArrayRead(w.array(), w.index(), w.pos());
    // a[i] = f(...) not reading a: the element holds f's result until it is restored
    boolean resultKept = w.value() instanceof Expr.Call && !IrVars.reads(w.value()).contains(base);
    List<Stmt> restoreLast = List.of();
    if (needed.contains(base) && !refills.fillWrites().contains(w)) {
      Save saved = save(place, loopDepth, w.pos());
      forward.addAll(saved.forward());
      if (resultKept) {
        restoreLast = saved.restore();
      } else {
        reverse.addAll(saved.restore());
      }
    }
    forward.add(w);
    if (resultKept) {
      knownResults.put(w.value(), place);
    }
    if (activity.isActive(base)) {
      Expr.ArrayRead adjointPlace = new Expr.ArrayRead(adjointPlace(w.array()), w.index(), w.pos());
      if (activity.isActive(w.value())) {
        if (Activity.differentiableReads(w.value()).stream().anyMatch(v -> v.type() instanceof Type.Array)) {
          // the value may read the element it overwrites: take the adjoint out first
          Var seed = names.fresh(base.name() + "BarElement", adjointPlace.type());
          transformVars.add(seed);
          adjointValued.add(seed);
          reverse.add(new Stmt.Declare(seed, adjointPlace, Pos.NONE));
          reverse.add(store(adjointPlace, Exprs.zero(adjointPlace.type()), Pos.NONE));
          adjoint(w.value(), Exprs.local(seed), reverse);
        } else {
          adjoint(w.value(), adjointPlace, reverse);
          reverse.add(store(adjointPlace, Exprs.zero(adjointPlace.type()), Pos.NONE));
        }
      } else {
        reverse.add(store(adjointPlace, Exprs.zero(adjointPlace.type()), Pos.NONE));
      }
    }
    reverse.addAll(restoreLast);
    if (!reverse.isEmpty()) {
      reverse.add(0, comment(w.pos(), "adjoint of"));
    }
    return new Sweeps(forward, reverse);
  }

  private Sweeps branch(Stmt.If i, int loopDepth) {
    Sweeps then = block(i.thenBlock().statements(), loopDepth);
    Sweeps otherwise = block(i.elseBlock().statements(), loopDepth);
    if (then.reverse().isEmpty() && otherwise.reverse().isEmpty()) {
      return new Sweeps(
          List.of(new Stmt.If(i.condition(), new Block(then.forward()), new Block(otherwise.forward()), i.pos())),
          List.of());
    }
    List<Stmt> forward = new ArrayList<>();
    Expr taken;
    if (conditionSurvivesBranches(i)) {
      // the branches leave what the condition reads alone: the adjoint sweep, which sees the
      // values as they were after the branch, can evaluate it again
      forward.add(new Stmt.If(i.condition(), new Block(then.forward()), new Block(otherwise.forward()), i.pos()));
      taken = i.condition();
    } else if (loopDepth == 0) {
      Var flag = names.fresh("branch", Type.BOOLEAN);
      transformVars.add(flag);
      forward.add(new Stmt.Declare(flag, i.condition(), i.pos()));
      forward.add(new Stmt.If(Exprs.local(flag), new Block(then.forward()), new Block(otherwise.forward()), i.pos()));
      taken = Exprs.local(flag);
    } else {
      // pushed last, so that the adjoint sweep pops it before the branch's own saved values
      List<Stmt> yes = new ArrayList<>(then.forward());
      yes.add(new Stmt.Push(Expr.Literal.ofBoolean(true), Pos.NONE));
      List<Stmt> no = new ArrayList<>(otherwise.forward());
      no.add(new Stmt.Push(Expr.Literal.ofBoolean(false), Pos.NONE));
      forward.add(new Stmt.If(i.condition(), new Block(yes), new Block(no), i.pos()));
      taken = new Expr.Pop(Type.BOOLEAN);
    }
    List<Stmt> reverse = new ArrayList<>();
    reverse.add(comment(i.pos(), i.pos().isKnown() ? "adjoint of the branch taken at" : "adjoint of the branch taken"));
    reverse.add(new Stmt.If(taken, new Block(then.reverse()), new Block(otherwise.reverse()), i.pos()));
    return new Sweeps(forward, reverse);
  }

  /** Whether neither branch changes a variable or array the condition reads. */
  private static boolean conditionSurvivesBranches(Stmt.If i) {
    boolean[] pops = {false};
    IrWalk.exprs(i.condition(), e -> pops[0] |= e instanceof Expr.Pop);
    if (pops[0]) {
      return false;
    }
    List<Stmt> branches = List.of(i.thenBlock(), i.elseBlock());
    Set<Var> assigned = IrVars.assigned(branches);
    Set<Var> written = IrVars.arraysWritten(branches);
    for (Var v : IrVars.reads(i.condition())) {
      if (assigned.contains(v) || written.contains(v)) {
        return false;
      }
    }
    return true;
  }

  private Sweeps countedLoop(Stmt.Loop l, CountedLoop counted, int loopDepth) {
    countedLoops.merge(l.pos(), 1, Integer::sum);
    List<Stmt.Declare> recomputable = recomputable(l, counted.index());
    recomputable.forEach(d -> {
      recomputed.add(d.var());
      if (hasAdjointAlias(d.var())) {
        recomputed.add(adjointOf(d.var()));
      }
    });
    Sweeps body = block(l.body().statements(), loopDepth + 1);
    Stmt forward = new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), new Block(body.forward()), l.pos());
    if (body.reverse().isEmpty()) {
      return new Sweeps(List.of(forward), List.of());
    }
    List<Stmt.Loop> fills = refills.fillsByLoop().getOrDefault(l, List.of());
    if (!recomputable.isEmpty() || !fills.isEmpty()) {
      // cheaper than the tape: these values depend only on what the loop leaves alone
      List<Stmt> again = new ArrayList<>();
      if (!recomputable.isEmpty()) {
        again.add(new Stmt.Comment("values of this iteration, computed again instead of kept"));
        for (Stmt.Declare d : recomputable) {
          List<Stmt> recompute = new ArrayList<>();
          if (needed.contains(d.var())) {
            recompute.add(new Stmt.Assign(d.var(), d.init(), d.pos()));
          }
          if (hasAdjointAlias(d.var())) {
            recompute.add(new Stmt.Assign(adjointOf(d.var()), adjointPlace(d.init()), d.pos()));
          }
          recomputations.addAll(recompute);
          again.addAll(recompute);
        }
      }
      for (Stmt.Loop fill : fills) {
        again.add(new Stmt.Comment("the buffer this iteration reads, filled again instead of restored element by element"));
        again.add(fill);
      }
      again.addAll(body.reverse());
      body = new Sweeps(body.forward(), again);
    }
    Var i = counted.index();
    Stmt init = topLevelDeclared.contains(i)
        ? new Stmt.Assign(i, counted.lastValue(), Pos.NONE)
        : new Stmt.Declare(i, counted.lastValue(), Pos.NONE);
    Stmt.Loop reverseLoop = new Stmt.Loop(null, Stmt.LoopKind.FOR, Block.of(init), counted.reverseCondition(),
        Block.of(counted.reverseStep()), new Block(body.reverse()), l.pos());
    // the final build may run it forwards instead, once dead restores are gone (see finish)
    Stmt ascendingInit = topLevelDeclared.contains(i) ? new Stmt.Assign(i, counted.start(), Pos.NONE) : l.init().statements().get(0);
    ascendingForms.put(reverseLoop, new Stmt.Loop(null, Stmt.LoopKind.FOR, Block.of(ascendingInit), l.condition(), l.update(),
        Block.EMPTY, l.pos()));
    iterationOwn.put(reverseLoop, iterationOwn(l));
    List<Stmt> reverse = List.of(comment(l.pos(), "adjoint of the loop at"), reverseLoop);
    return new Sweeps(List.of(forward), reverse);
  }

  /**
   * The final adjoint sweep: without the dead restores, and with each counted loop whose
   * iterations turned out independent run in the source's ascending order.
   */
  private List<Stmt> finish(List<Stmt> stmts, Set<Stmt> dead) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (!dead.contains(s)) {
        out.add(finish(s, dead));
      }
    }
    return out;
  }

  private Stmt finish(Stmt s, Set<Stmt> dead) {
    if (s instanceof Block b) {
      return new Block(finish(b.statements(), dead));
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), new Block(finish(i.thenBlock().statements(), dead)),
          new Block(finish(i.elseBlock().statements(), dead)), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      List<Stmt> body = finish(l.body().statements(), dead);
      Stmt.Loop ascending = ascendingForms.get(s);
      if (ascending != null) {
        Stmt first = l.init().statements().get(0);
        Var index = first instanceof Stmt.Declare d ? d.var() : ((Stmt.Assign) first).target();
        if (IndependentIterations.check(body, index, iterationOwn.get(s))) {
          List<Stmt> commented = new ArrayList<>();
          commented.add(new Stmt.Comment("no iteration needs another's adjoint: they run in the source's order"));
          commented.addAll(body);
          return new Stmt.Loop(null, Stmt.LoopKind.FOR, ascending.init(), ascending.condition(), ascending.update(),
              new Block(commented), l.pos());
        }
      }
      return new Stmt.Loop(l.label(), l.kind(), new Block(finish(l.init().statements(), dead)), l.condition(),
          new Block(finish(l.update().statements(), dead)), new Block(body), l.pos());
    }
    return s;
  }

  private boolean isAdjoint(Var v) {
    return adjoints.containsValue(v) || adjointValued.contains(v);
  }

  private SweepFusion.Facts fusionFacts(Set<Var> unaliasedArrays) {
    return new SweepFusion.Facts() {
      @Override
      public boolean isAdjoint(Var v) {
        return ReverseMode.this.isAdjoint(v);
      }

      @Override
      public boolean isRecomputed(Var v) {
        return recomputed.contains(v);
      }

      @Override
      public boolean isCountedLoop(Pos pos) {
        return countedLoops.getOrDefault(pos, 0) == 1;
      }

      @Override
      public Set<Var> iterationOwn(Stmt.Loop forwardLoop) {
        return ReverseMode.this.iterationOwn(forwardLoop);
      }

      @Override
      public boolean isRestore(Stmt s) {
        return savesByRestore.containsKey(s);
      }

      @Override
      public List<Stmt> savesOf(Stmt restore) {
        return savesByRestore.getOrDefault(restore, List.of());
      }

      @Override
      public Set<Var> unaliasedArrays() {
        return unaliasedArrays;
      }
    };
  }

  /**
   * The method's own one-dimensional arrays ({@code new double[n]}, initializers) that it only
   * ever indexes or measures, so no other variable can refer to them or to a part of them.
   */
  private Set<Var> unaliasedArrays() {
    Set<Var> out = new LinkedHashSet<>();
    IrWalk.stmt(primal.body(), s -> {
      if (s instanceof Stmt.Declare d && (d.init() instanceof Expr.NewArray || d.init() instanceof Expr.ArrayLiteral)
          && d.var().type().arrayDepth() == 1
          && declarationCounts.getOrDefault(d.var(), 0) == 1 && !assignmentCounts.containsKey(d.var())) {
        out.add(d.var());
      }
    }, e -> {});
    out.removeIf(a -> !ElementAccess.only(a, primal.body().statements(), null));
    return out;
  }

  /** The variables one iteration of {@code l} owns: those its body declares, and their adjoints. */
  private Set<Var> iterationOwn(Stmt.Loop l) {
    Set<Var> own = new LinkedHashSet<>();
    IrWalk.stmt(l.body(), s -> {
      if (s instanceof Stmt.Declare d) {
        own.add(d.var());
        Var adjoint = adjoints.get(d.var());
        if (adjoint != null) {
          own.add(adjoint);
        }
      }
    }, e -> {});
    return own;
  }

  /**
   * The declarations at the top level of a counted loop's body whose values the adjoint sweep can
   * compute again: the variable is declared once and never reassigned, and its initializer reads
   * only the loop's index, variables and arrays the loop leaves alone, and earlier such
   * declarations. A value that calls a function other than {@code abs}, {@code min} or
   * {@code max} is kept instead: an {@code exp} or a {@code tanh} costs several times a push
   * and a pop, and keeping its result also spares the adjoint sweep the values its argument reads.
   */
  private List<Stmt.Declare> recomputable(Stmt.Loop l, Var index) {
    List<Stmt> loop = new ArrayList<>(l.body().statements());
    loop.addAll(l.update().statements());
    Set<Var> assignedInLoop = IrVars.assigned(loop);
    Set<Var> arraysWritten = IrVars.arraysWritten(loop);
    List<Stmt.Declare> out = new ArrayList<>();
    Set<Var> available = new LinkedHashSet<>();
    available.add(index);
    for (Stmt s : l.body().statements()) {
      if (!(s instanceof Stmt.Declare d) || d.init() == null
          || declarationCounts.getOrDefault(d.var(), 0) != 1 || assignmentCounts.containsKey(d.var())
          || d.var().type().isTensor()) {
        continue;
      }
      if (isAggregate(d.var().type())
          ? !(rowAlias(d) && (needed.contains(d.var()) || activity.isActive(d.var())))
          : !needed.contains(d.var())) {
        continue;
      }
      boolean[] ok = {true};
      IrWalk.exprs(d.init(), e -> {
        if (e instanceof Expr.Pop || e instanceof Expr.NewArray || e instanceof Expr.ArrayLiteral
            || e instanceof Expr.Call c && !isCheap(c)) {
          ok[0] = false;
        } else if (e instanceof Expr.Local x) {
          Var v = x.var();
          boolean invariant = !assignedInLoop.contains(v) && !arraysWritten.contains(v);
          ok[0] &= available.contains(v) || invariant;
        }
      });
      if (ok[0]) {
        out.add(d);
        available.add(d.var());
      }
    }
    return out;
  }

  /** Whether {@code v} is an array that carries a derivative: its adjoint aliases its value's. */
  private boolean hasAdjointAlias(Var v) {
    return isAggregate(v.type()) && activity.isActive(v);
  }

  /**
   * Whether {@code d} names a row of an array ({@code double[] weight = params[2 * k]}): taking the
   * row again costs less than keeping the reference, and its adjoint's, on the tape.
   */
  private static boolean rowAlias(Stmt.Declare d) {
    return d.var().type() instanceof Type.Array && d.init() instanceof Expr.ArrayRead r && r.array() instanceof Expr.Local;
  }

  /** Calls cheaper to evaluate again than to keep: a compare or a sign flip. */
  private static boolean isCheap(Expr.Call c) {
    String name = c.method().name();
    return c.method().owner().equals("java.lang.Math") && (name.equals("abs") || name.equals("min") || name.equals("max"));
  }

  private Sweeps generalLoop(Stmt.Loop l, int loopDepth) {
    Sweeps init = block(l.init().statements(), loopDepth);
    Sweeps body = block(l.body().statements(), loopDepth + 1);
    Sweeps update = block(l.update().statements(), loopDepth + 1);
    if (init.reverse().isEmpty() && body.reverse().isEmpty() && update.reverse().isEmpty()) {
      return new Sweeps(List.of(new Stmt.Loop(l.label(), l.kind(), new Block(init.forward()), l.condition(),
          new Block(update.forward()), new Block(body.forward()), l.pos())), List.of());
    }
    Var trips = names.fresh("trips", Type.INT);
    transformVars.add(trips);
    List<Stmt> forward = new ArrayList<>();
    forward.add(new Stmt.Declare(trips, Expr.Literal.ofInt(0), Pos.NONE));
    List<Stmt> countedBody = new ArrayList<>();
    countedBody.add(new Stmt.Assign(trips, Exprs.add(Exprs.local(trips), Expr.Literal.ofInt(1)), Pos.NONE));
    countedBody.addAll(body.forward());
    forward.add(new Stmt.Loop(l.label(), l.kind(), new Block(init.forward()), l.condition(),
        new Block(update.forward()), new Block(countedBody), l.pos()));
    Expr tripCount = Exprs.local(trips);
    if (loopDepth > 0) {
      forward.add(new Stmt.Push(Exprs.local(trips), Pos.NONE));
      tripCount = new Expr.Pop(Type.INT);
    }
    Var iteration = names.fresh("iteration", Type.INT);
    transformVars.add(iteration);
    List<Stmt> reverseBody = new ArrayList<>(update.reverse());
    reverseBody.addAll(body.reverse());
    Stmt reverseLoop = new Stmt.Loop(null, Stmt.LoopKind.FOR,
        Block.of(new Stmt.Declare(iteration, tripCount, Pos.NONE)),
        Exprs.compare(Operator.GREATER, Exprs.local(iteration), Expr.Literal.ofInt(0)),
        Block.of(new Stmt.Assign(iteration, Exprs.sub(Exprs.local(iteration), Expr.Literal.ofInt(1)), Pos.NONE)),
        new Block(reverseBody), l.pos());
    List<Stmt> reverse = new ArrayList<>();
    reverse.add(comment(l.pos(), "adjoint of the loop at"));
    reverse.add(reverseLoop);
    reverse.addAll(init.reverse());
    return new Sweeps(forward, reverse);
  }

  // ------------------------------------------------------------------------- expressions

  /**
   * Appends to {@code out} the statements that add {@code seed} times the derivative of {@code e}
   * to the adjoints of the active variables {@code e} reads.
   */
  private void adjoint(Expr e, Expr seed, List<Stmt> out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (isAggregate(e.type()) || e instanceof Expr.Get || e instanceof Expr.ListGet) {
      out.add(new Stmt.Accumulate(adjointPlace(e), seed, e.pos()));
      return;
    }
    if (e instanceof Expr.Local l) {
      out.add(new Stmt.Accumulate(Exprs.local(adjointOf(l.var())), seedLast(seed), e.pos()));
    } else if (e instanceof Expr.Unary u) {
      adjoint(u.operand(), u.op() == Operator.NEGATE ? Exprs.neg(seed) : seed, out);
    } else if (e instanceof Expr.Binary b) {
      binary(b, seed, out);
    } else if (e instanceof Expr.Conditional c) {
      Expr s = bind(seed, out);
      List<Stmt> yes = new ArrayList<>();
      List<Stmt> no = new ArrayList<>();
      adjoint(c.whenTrue(), s, yes);
      adjoint(c.whenFalse(), s, no);
      out.add(new Stmt.If(c.condition(), new Block(yes), new Block(no), c.pos()));
    } else if (e instanceof Expr.Cast c) {
      adjoint(c.operand(), seed, out);
    } else if (e instanceof Expr.ArrayRead r) {
      out.add(new Stmt.Accumulate(new Expr.ArrayRead(adjointPlace(r.array()), r.index(), r.pos()), seedLast(seed), r.pos()));
    } else if (e instanceof Expr.Call c) {
      call(c, seed, out);
    } else {
      throw new UnsupportedTransform(e.pos(), "cannot differentiate this expression");
    }
  }

  private void binary(Expr.Binary b, Expr seed, List<Stmt> out) {
    boolean left = activity.isActive(b.left());
    boolean right = activity.isActive(b.right());
    if (b.op() == Operator.MULTIPLY && b.left() instanceof Expr.Local l && b.right() instanceof Expr.Local r
        && l.var().equals(r.var()) && b.type().isFloating()) {
      // x * x: one contribution, 2 * x * seed
      adjoint(b.left(), Exprs.mul(Exprs.mul(Expr.Literal.of(2, b.type()), b.left()), seed), out);
      return;
    }
    Expr s = left && right ? bind(seed, out) : seed;
    switch (b.op()) {
      case ADD -> {
        adjoint(b.left(), s, out);
        adjoint(b.right(), s, out);
      }
      case SUBTRACT -> {
        adjoint(b.left(), s, out);
        adjoint(b.right(), Exprs.neg(s), out);
      }
      case MULTIPLY -> {
        adjoint(b.left(), Exprs.mul(s, b.right()), out);
        adjoint(b.right(), Exprs.mul(b.left(), s), out);
      }
      case DIVIDE -> {
        if (right) {
          // d(l/r)/dr = -(l/r)/r
          Expr quotient = bind(Exprs.div(s, b.right()), out);
          adjoint(b.left(), quotient, out);
          adjoint(b.right(), Exprs.neg(Exprs.mul(quotient, Exprs.div(b.left(), b.right()))), out);
        } else {
          adjoint(b.left(), Exprs.div(s, b.right()), out);
        }
      }
      case REMAINDER -> {
        // l % r = l - r * trunc(l / r); trunc is flat almost everywhere
        adjoint(b.left(), s, out);
        Expr truncated = new Expr.Cast(b.type(), new Expr.Cast(Type.LONG, Exprs.div(b.left(), b.right()), Pos.NONE), Pos.NONE);
        adjoint(b.right(), Exprs.neg(Exprs.mul(s, truncated)), out);
      }
      default -> throw new UnsupportedTransform(b.pos(), "operator " + b.op().symbol() + " has no derivative");
    }
  }

  /**
   * Holds a seed used more than once in a temporary, unless it is a short product that is cheaper
   * to repeat: a temporary would put its multiplications on the adjoint chain (see {@link SeedLast}).
   */
  private Expr bind(Expr seed, List<Stmt> out) {
    if (Exprs.isTrivial(seed) || isShortProduct(seed)) {
      return seed;
    }
    Var t = names.fresh("partial", seed.type());
    transformVars.add(t);
    adjointValued.add(t);
    out.add(new Stmt.Declare(t, seed, Pos.NONE));
    return Exprs.local(t);
  }

  /** Whether {@code e} is a scalar product of at most three plain operands (no calls). */
  private static boolean isShortProduct(Expr e) {
    if (!e.type().isFloating()) {
      return false;
    }
    int[] nodes = {0};
    boolean[] plain = {true};
    IrWalk.exprs(e, x -> {
      nodes[0]++;
      plain[0] &= x instanceof Expr.Local || x instanceof Expr.Literal || x instanceof Expr.ArrayRead
          || (x instanceof Expr.Binary b && (b.op() == Operator.MULTIPLY || b.op() == Operator.SUBTRACT || b.op() == Operator.ADD))
          || (x instanceof Expr.Unary u && u.op() == Operator.NEGATE);
    });
    return plain[0] && nodes[0] <= 7;
  }

  private Expr seedLast(Expr contribution) {
    return SeedLast.reorder(contribution, v -> adjointValued.contains(v) || adjoints.containsValue(v));
  }

  private void call(Expr.Call c, Expr seed, List<Stmt> out) {
    MethodRef m = c.method();
    CallDerivative d = m.derivative();
    List<Integer> activeArgs = new ArrayList<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      if (activity.isActive(c.arguments().get(i))) {
        activeArgs.add(i);
      }
    }
    if (d instanceof CallDerivative.Rules rules) {
      Expr s = activeArgs.size() > 1 ? bind(seed, out) : seed;
      for (int i : activeArgs) {
        MethodRef rule = rules.ruleFor(i);
        if (rule == null) {
          throw new UnsupportedTransform(c.pos(), noRule(m, i));
        }
        adjoint(c.arguments().get(i), rules.apply(i, c, knownResults.getOrDefault(c, c), s), out);
      }
    } else if (d instanceof CallDerivative.Generated g) {
      for (int i : activeArgs) {
        if (!g.wrt().get(i)) {
          throw new UnsupportedTransform(c.pos(), m.simpleOwner() + "." + m.name()
              + " is not differentiated with respect to '" + g.parameterNames().get(i)
              + "' (see its @Differentiable(wrt = ...)), but this call passes it a value that depends on the differentiated parameters");
        }
      }
      List<Type> vjpParams = new ArrayList<>(m.parameterTypes());
      vjpParams.add(adjointType(m.returnType()));
      MethodRef vjp = MethodRef.staticMethod(g.gradClass(), g.vjpName(), vjpParams, g.valueAndGradType());
      List<Expr> args = new ArrayList<>(c.arguments());
      args.add(seed);
      Var result = names.fresh(m.name() + "Pullback", g.valueAndGradType());
      transformVars.add(result);
      adjointValued.add(result);
      out.add(new Stmt.Declare(result, new Expr.Call(vjp, args, c.pos()), c.pos()));
      for (int i : activeArgs) {
        Type argType = m.parameterTypes().get(i);
        Expr grad = new Expr.Get(Exprs.local(result), "grad", g.singleWrt() ? argType : g.gradientType(), Pos.NONE);
        if (!g.singleWrt()) {
          grad = new Expr.Get(grad, g.parameterNames().get(i), argType, Pos.NONE);
        }
        adjoint(c.arguments().get(i), grad, out);
      }
    } else if (!activeArgs.isEmpty()) {
      throw new UnsupportedTransform(c.pos(), m.simpleOwner() + "." + m.name()
          + " has no derivative: annotate it @Differentiable, or give it a @DerivativeOf rule (see dev.adjoint.rules.MathRules for examples)");
    }
  }

  private static String noRule(MethodRef m, int i) {
    return "no derivative rule for " + m.simpleOwner() + "." + m.name() + " with respect to its parameter '"
        + m.parameterNames().get(i) + "': add a @DerivativeOf rule for it, or pass a value that does not depend on the differentiated parameters";
  }
}
