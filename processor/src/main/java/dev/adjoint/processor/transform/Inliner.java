package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrRewriter;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.normalize.ControlFlowNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Replaces calls by the called method's body, where the body is known and the caller asks for
 * it: higher derivatives differentiate through rule methods and other differentiable methods by
 * inlining them. Calls are inlined where their values are computed (assignments, returns, pushed
 * values); branch and loop conditions are never differentiated, so their calls stay.
 */
public final class Inliner {
  private static final int MAX_DEPTH = 24;

  private final FunctionLibrary library;
  private final Predicate<Expr.Call> wanted;
  private final Names names;
  private boolean changed;

  private Inliner(FunctionLibrary library, Predicate<Expr.Call> wanted, Names names) {
    this.library = library;
    this.wanted = wanted;
    this.names = names;
  }

  /** Inlines the wanted calls (and those inside what it inlines) until none is left. */
  public static Function inline(Function f, FunctionLibrary library, Predicate<Expr.Call> wanted) {
    Inliner inliner = new Inliner(library, wanted, Names.of(f));
    Function current = f;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      inliner.changed = false;
      current = current.withBody(inliner.block(current.body()));
      if (!inliner.changed) {
        return current;
      }
    }
    throw new UnsupportedTransform(f.pos(),
        "cannot inline the calls of " + f.name() + " for a higher derivative: they recurse (or nest deeper than " + MAX_DEPTH + ")");
  }

  /**
   * Inlines the wanted calls of {@code f} one level deep (calls in what it inlines stay); returns
   * {@code f} itself when there was none.
   */
  public static Function inlineOnce(Function f, FunctionLibrary library, Predicate<Expr.Call> wanted) {
    Inliner inliner = new Inliner(library, wanted, Names.of(f));
    Function inlined = f.withBody(inliner.block(f.body()));
    return inliner.changed ? inlined : f;
  }

  private Block block(Block b) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : b.statements()) {
      List<Stmt> before = new ArrayList<>();
      Stmt rewritten = statement(s, before);
      out.addAll(before);
      out.add(rewritten);
    }
    return new Block(out);
  }

  private Stmt statement(Stmt s, List<Stmt> before) {
    if (s instanceof Block b) {
      return block(b);
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), block(i.thenBlock()), block(i.elseBlock()), i.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), block(l.init()), l.condition(), block(l.update()), block(l.body()), l.pos());
    }
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(d.var(), value(d.init(), before), d.pos());
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.target(), value(a.value(), before), a.pos());
    }
    if (s instanceof Stmt.ArrayWrite w) {
      return new Stmt.ArrayWrite(w.array(), w.index(), value(w.value(), before), w.pos());
    }
    if (s instanceof Stmt.Accumulate a) {
      return new Stmt.Accumulate(a.target(), value(a.value(), before), a.pos());
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(value(r.value(), before), r.pos());
    }
    if (s instanceof Stmt.Push p) {
      return new Stmt.Push(value(p.value(), before), p.pos());
    }
    return s;
  }

  private Expr value(Expr e, List<Stmt> before) {
    if (e == null) {
      return null;
    }
    return new IrRewriter() {
      @Override
      public Expr rewrite(Expr x) {
        if (x instanceof Expr.Conditional c) {
          if (!containsWanted(c.whenTrue()) && !containsWanted(c.whenFalse())) {
            return new Expr.Conditional(rewrite(c.condition()), c.whenTrue(), c.whenFalse(), c.type(), c.pos());
          }
          // only one branch may run its inlined body: lower ?: to if/else
          Expr condition = rewrite(c.condition());
          List<Stmt> yes = new ArrayList<>();
          List<Stmt> no = new ArrayList<>();
          Expr a = value(c.whenTrue(), yes);
          Expr b = value(c.whenFalse(), no);
          Var chosen = names.fresh("choice", c.type());
          yes.add(new Stmt.Assign(chosen, a, c.pos()));
          no.add(new Stmt.Assign(chosen, b, c.pos()));
          before.add(new Stmt.Declare(chosen, Exprs.zero(c.type()), c.pos()));
          before.add(new Stmt.If(condition, new Block(yes), new Block(no), c.pos()));
          return Exprs.local(chosen);
        }
        Expr rebuilt = children(x);
        if (rebuilt instanceof Expr.Call c && wanted.test(c)) {
          Function body = library.bodyOf(c.method());
          if (body != null) {
            changed = true;
            return expand(c, body, before);
          }
        }
        return rebuilt;
      }
    }.rewrite(e);
  }

  private boolean containsWanted(Expr e) {
    boolean[] found = {false};
    IrWalk.exprs(e, x -> found[0] |= x instanceof Expr.Call c && wanted.test(c) && library.bodyOf(c.method()) != null);
    return found[0];
  }

  private Expr expand(Expr.Call call, Function callee, List<Stmt> before) {
    Function single = ControlFlowNormalizer.normalize(callee);
    java.util.Set<Var> reassigned = IrVars.assigned(single.body().statements());
    Map<Var, Var> renames = new HashMap<>();
    List<Stmt> bindings = new ArrayList<>();
    for (int i = 0; i < single.parameters().size(); i++) {
      Var p = single.parameters().get(i);
      Expr argument = call.arguments().get(i);
      if (argument instanceof Expr.Local l && !reassigned.contains(p)) {
        // the body only reads the parameter: it can read the caller's variable directly
        renames.put(p, l.var());
      } else {
        Var copy = names.fresh(p.name(), p.type());
        renames.put(p, copy);
        // the adjoint sweep's comment names what this statement is: the callee's parameter
        Pos binding = new Pos(call.pos().id(), call.pos().line(),
            call.method().simpleOwner() + "." + call.method().name() + "'s parameter " + p.name());
        bindings.add(new Stmt.Declare(copy, argument, binding));
      }
    }
    IrWalk.stmt(single.body(), s -> {
      if (s instanceof Stmt.Declare d) {
        renames.computeIfAbsent(d.var(), v -> names.fresh(v.name(), v.type()));
      }
    }, x -> {});
    IrRewriter rename = IrRewriter.renaming(renames);
    before.add(new Stmt.Comment("inlined: " + call.method().simpleOwner() + "." + call.method().name()
        + (callee.pos().isKnown() ? " (line " + callee.pos().line() + ")" : "")));
    before.addAll(bindings);
    List<Stmt> stmts = single.body().statements();
    for (int i = 0; i < stmts.size() - 1; i++) {
      before.add(rename.rewrite(stmts.get(i)));
    }
    Stmt.Return ret = (Stmt.Return) stmts.get(stmts.size() - 1);
    Expr returned = rename.rewrite(ret.value());
    if (returned instanceof Expr.Local) {
      return returned;
    }
    Var result = names.fresh(call.method().name(), single.returnType());
    before.add(new Stmt.Declare(result, returned, ret.pos()));
    return Exprs.local(result);
  }
}
