package dev.adjoint.processor.normalize;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrRewriter;
import dev.adjoint.processor.ir.IrWalk;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Gives a call nested inside another expression a variable of its own where the adjoint sweep
 * would otherwise evaluate it again. Why: the adjoint of {@code length * (1 - Math.cos(angle))}
 * multiplies by {@code 1 - Math.cos(angle)}, and a rule receives its call's arguments; with the
 * call's value in a variable the adjoint sweep reads the forward sweep's value instead of
 * computing it a second time.
 *
 * <ul>
 *   <li>Tensor-valued calls always move out: {@code x.matmul(w).add(b).tanh()} becomes {@code
 *       matmul = x.matmul(w); add = matmul.add(b); add.tanh()}, so no matrix product runs twice.
 *   <li>Scalar calls with a derivative rule move out where the adjoint reads their value: as a
 *       factor or divisor, as the argument of another call, or because its rule takes the result
 *       ({@code exp}, {@code tanh}...). Other calls under {@code +} and {@code -} stay, as do cheap functions ({@code abs}, {@code max}, ...) and calls in conditions.
 * </ul>
 */
public final class CallTemporaries {
  /** Functions of {@code java.lang.Math} cheaper to evaluate again than to keep (on the tape, in loops). */
  private static final java.util.Set<String> CHEAP = java.util.Set.of(
      "abs", "max", "min", "signum", "floor", "ceil", "rint", "toRadians", "toDegrees");

  private final Names names;
  private final Predicate<Expr> active;

  private CallTemporaries(Names names, Predicate<Expr> active) {
    this.names = names;
    this.active = active;
  }

  /**
   * @param active whether an expression of {@code f} depends on the differentiated parameters
   *     (what the adjoint sweep differentiates), from activity analysis of {@code f}
   */
  public static Function apply(Function f, Predicate<Expr> active) {
    boolean[] calls = {false};
    IrWalk.stmt(f.body(), s -> {}, e -> calls[0] |= e instanceof Expr.Call);
    if (!calls[0]) {
      return f;
    }
    return f.withBody(new CallTemporaries(Names.of(f), active).block(f.body()));
  }

  private static boolean worthKeeping(Expr.Call c) {
    if (c.type().isTensor()) {
      return true;
    }
    if (!(c.method().derivative() instanceof CallDerivative.Rules) || !c.type().isFloating()) {
      return false;
    }
    return !(c.method().owner().equals("java.lang.Math") && CHEAP.contains(c.method().name()));
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
      return new Stmt.Declare(d.var(), top(d.init(), before, d), d.pos());
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.target(), top(a.value(), before, a), a.pos());
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(top(r.value(), before, r), r.pos());
    }
    if (s instanceof Stmt.ArrayWrite w) {
      return new Stmt.ArrayWrite(w.array(), w.index(), top(w.value(), before, w), w.pos());
    }
    return s;
  }

  /**
   * Rewrites a statement's value: its own outermost call stays; nested calls move out where
   * {@link #worthKeeping} and the adjoint reads their value.
   */
  private Expr top(Expr value, List<Stmt> before, Stmt owner) {
    if (value == null) {
      return null;
    }
    return rewrite(value, false, true, before, owner);
  }

  /**
   * @param valueRead whether the adjoint sweep reads {@code e}'s value (it is a factor, a divisor
   *     or a call's argument)
   */
  private Expr rewrite(Expr e, boolean valueRead, boolean outermost, List<Stmt> before, Stmt owner) {
    if (e instanceof Expr.Conditional) {
      return e; // only one branch runs: moving its calls out would run both
    }
    Expr rebuilt = new IrRewriter() {
      private boolean self = true;

      @Override
      public Expr rewrite(Expr child) {
        if (self) {
          self = false;
          return children(child);
        }
        return CallTemporaries.this.rewrite(child, adjointReads(e, child, valueRead), false, before, owner);
      }
    }.rewrite(e);
    if (!outermost && rebuilt instanceof Expr.Call c && worthKeeping(c)
        && (c.type().isTensor() || (active.test(e) && (valueRead || CallDerivative.rulesTakeResult(c))))) {
      Var temp = names.fresh(c.method().name(), c.type());
      before.add(new Stmt.Declare(temp, c, owner.pos()));
      return Exprs.local(temp);
    }
    return rebuilt;
  }

  /**
   * Whether the adjoint sweep reads the value of {@code child}, an operand of {@code parent}: a
   * factor whose partner carries a derivative, a divisor, or an argument of a differentiated call.
   */
  private boolean adjointReads(Expr parent, Expr child, boolean parentRead) {
    if (parent instanceof Expr.Binary b) {
      Expr other = child == b.left() ? b.right() : b.left();
      return switch (b.op()) {
        case ADD, SUBTRACT -> parentRead;
        case MULTIPLY -> active.test(other);
        case DIVIDE -> child == b.left() ? active.test(b.right()) : active.test(parent);
        default -> active.test(parent);
      };
    }
    if (parent instanceof Expr.Unary || parent instanceof Expr.Cast) {
      return parentRead;
    }
    return parent instanceof Expr.Call && active.test(parent);
  }
}
