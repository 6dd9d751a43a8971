package dev.adjoint.processor;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.emit.TypeNames;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrRewriter;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.normalize.ControlFlowNormalizer;
import dev.adjoint.processor.normalize.CallTemporaries;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.transform.ForwardMode;
import dev.adjoint.processor.transform.FunctionLibrary;
import dev.adjoint.processor.transform.Inliner;
import dev.adjoint.processor.transform.RecordAdjoints;
import dev.adjoint.processor.transform.ReverseMode;
import dev.adjoint.processor.transform.TangentMode;
import dev.adjoint.processor.transform.UnsupportedTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks one {@code @Differentiable} method against its annotation, then runs the middle of the
 * pipeline on it: normalize control flow, activity analysis (warning about parameters whose
 * gradient is always zero), the gradient in reverse mode or, for a loop over one or two scalar
 * parameters, in forward mode ({@link ForwardMode}), and forward mode once per higher order.
 */
final class MethodCompiler {
  private final DifferentiableSignature sig;
  private final ExecutableElement element;
  private final MethodTree tree;
  private final JavacDiagnostics diagnostics;
  private final FunctionLibrary library;
  private final RecordAdjoints records;

  MethodCompiler(DifferentiableSignature sig, ExecutableElement element, MethodTree tree,
      JavacDiagnostics diagnostics, FunctionLibrary library, RecordAdjoints records) {
    this.records = records;
    this.sig = sig;
    this.element = element;
    this.tree = tree;
    this.diagnostics = diagnostics;
    this.library = library;
  }

  GradClassWriter.Method compile(Function f) {
    List<Var> wrt = checkSignature(f);
    if (wrt == null) {
      return null;
    }
    try {
      Function normalized = ControlFlowNormalizer.normalize(f);
      if (sig.order() > 1) {
        // higher derivatives differentiate generated code again; callees must be inlined for that
        normalized = ControlFlowNormalizer.normalize(
            Inliner.inline(normalized, library, c -> c.method().derivative() instanceof CallDerivative.Generated));
      } else {
        normalized = inlineDifferentiableCalls(normalized, wrt);
      }
      Activity beforeTemporaries = Activity.of(normalized, wrt);
      normalized = CallTemporaries.apply(normalized, beforeTemporaries::isActive);
      Activity activity = Activity.of(normalized, wrt);
      warnAboutZeroGradients(wrt, activity);
      ReverseMode.Spec spec = new ReverseMode.Spec(wrt, sig.valueAndGradType(), sig.gradientType(), GradNames.vjp(sig.base()), records);
      Function vjp = forwardMode(normalized, spec);
      boolean forward = vjp != null;
      if (vjp == null && !diagnostics.hasErrors()) {
        vjp = ReverseMode.vjp(normalized, activity, spec, diagnostics);
      }
      if (diagnostics.hasErrors()) {
        return null;
      }
      List<Function> higher = new ArrayList<>();
      if (sig.order() > 1) {
        Function g = gradientOf(vjp, wrt.get(0));
        for (int k = 2; k <= sig.order(); k++) {
          g = TangentMode.derivative(g, wrt.get(0), GradNames.higherGrad(sig.base(), k), library, diagnostics);
          higher.add(g);
        }
        if (diagnostics.hasErrors()) {
          return null;
        }
      }
      return new GradClassWriter.Method(sig.base(), javadocReference(f), f, wrt,
          sig.valueAndGradType(), sig.gradientType(), vjp, higher, forward);
    } catch (UnsupportedTransform e) {
      diagnostics.error(e.pos(), e.getMessage());
      return null;
    }
  }

  /**
   * The VJP in forward mode where the annotation asks for it, or where {@code mode = AUTO} and
   * {@link ForwardMode#preferred} says it pays; null for reverse mode. With AUTO, a construct
   * forward mode does not handle quietly leaves the method in reverse mode; with FORWARD it is
   * reported at the construct.
   */
  private Function forwardMode(Function normalized, ReverseMode.Spec spec) {
    String mode = sig.mode();
    boolean wanted = DifferentiableSignature.FORWARD.equals(mode)
        || (DifferentiableSignature.AUTO.equals(mode) && ForwardMode.preferred(normalized, spec.wrt()));
    if (!wanted) {
      return null;
    }
    try {
      return ForwardMode.vjp(normalized, spec);
    } catch (UnsupportedTransform e) {
      if (DifferentiableSignature.FORWARD.equals(mode)) {
        diagnostics.error(e.pos(), e.getMessage());
      }
      return null;
    } catch (RuntimeException e) {
      if (DifferentiableSignature.FORWARD.equals(mode)) {
        throw e; // a bug in forward mode, reported at the method
      }
      return null; // never let AUTO's choice stop a method that reverse mode compiles
    }
  }

  /** How many levels of nested calls are inlined into a first derivative. */
  private static final int INLINED_CALL_LEVELS = 3;

  /**
   * Replaces calls to other {@code @Differentiable} methods by their bodies, so that the
   * derivative keeps the values the callee's forward computation made. Calling the callee's VJP
   * instead (what remains for recursive calls, calls nested deeper than {@link
   * #INLINED_CALL_LEVELS}, and callees whose body is unknown) runs that computation a second time
   * in the adjoint sweep: for a network called by its loss, a whole extra forward pass per step.
   * A call is inlined only where it passes derivatives to parameters the callee declares in its
   * {@code wrt}, so the callee's contract is checked as before.
   */
  private Function inlineDifferentiableCalls(Function normalized, List<Var> wrt) {
    String self = GradNames.vjp(sig.base());
    String selfClass = DifferentiableSignature.gradClassOf((javax.lang.model.element.TypeElement) element.getEnclosingElement());
    Function current = normalized;
    for (int level = 0; level < INLINED_CALL_LEVELS; level++) {
      Activity activity = Activity.of(current, wrt);
      java.util.function.Predicate<Expr.Call> inlinable = c -> {
        if (!(c.method().derivative() instanceof CallDerivative.Generated g)
            || (g.vjpName().equals(self) && g.gradClass().equals(selfClass))) {
          return false;
        }
        boolean anyActive = false;
        for (int i = 0; i < c.arguments().size(); i++) {
          if (activity.isActive(c.arguments().get(i))) {
            anyActive = true;
            if (!g.wrt().get(i)) {
              return false; // reverse mode reports it at the call
            }
          }
        }
        return anyActive;
      };
      Function inlined = Inliner.inlineOnce(current, library, inlinable);
      if (inlined == current) {
        break;
      }
      current = ControlFlowNormalizer.normalize(inlined);
    }
    return current;
  }

  /** The differentiated parameters, or null after reporting what is wrong with the signature. */
  private List<Var> checkSignature(Function f) {
    Tree returnTree = tree.getReturnType() == null ? tree : tree.getReturnType();
    Type ret = f.returnType();
    if (ret == null || !(ret.isFloating() || ret.isTensor())) {
      diagnostics.errorAt(returnTree, "a @Differentiable method returns a double, a float or a scalar Tensor; "
          + element.getSimpleName() + " returns " + element.getReturnType());
    }
    if (!element.getTypeParameters().isEmpty()) {
      diagnostics.errorAt(tree, "generic @Differentiable methods are not supported: give the method concrete types");
    }
    List<Var> wrt = new ArrayList<>();
    for (String name : sig.wrt()) {
      Var v = f.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
      if (v == null) {
        diagnostics.errorAtAnnotation("wrt names '" + name + "', which is not a parameter of " + element.getSimpleName());
      } else if (!v.type().isDifferentiable()) {
        diagnostics.errorAtAnnotation("cannot differentiate with respect to '" + name + "': values of type "
            + v.type() + " carry no derivative (only double, float, their arrays, Tensors and records of them do)");
      } else {
        wrt.add(v);
      }
    }
    if (sig.wrt().isEmpty()) {
      diagnostics.errorAt(tree, element.getSimpleName()
          + " has no parameter to differentiate with respect to: give it a double, float, double[], Tensor or record parameter");
    }
    if (sig.order() < 1) {
      diagnostics.errorAtAnnotation("order must be 1 or more, not " + sig.order());
    } else if (sig.order() > 1 && (wrt.size() != 1 || !wrt.get(0).type().isPrimitive(Type.PrimitiveKind.DOUBLE)
        || !ret.isPrimitive(Type.PrimitiveKind.DOUBLE))) {
      diagnostics.errorAtAnnotation("order = " + sig.order()
          + " needs a method of one differentiated double parameter that returns a double; use wrt to name one parameter");
    }
    if (DifferentiableSignature.FORWARD.equals(sig.mode()) && !wrt.isEmpty() && !ForwardMode.scalarParameters(wrt)) {
      String arrays = wrt.stream().filter(w -> !w.type().isFloating()).map(w -> "'" + w.name() + "' (" + w.type() + ")")
          .collect(Collectors.joining(", "));
      diagnostics.errorAtAnnotation("mode = FORWARD differentiates with respect to double and float parameters only, not "
          + arrays + ": use mode = REVERSE (or AUTO), or name the scalar parameters in wrt");
    }
    return diagnostics.hasErrors() ? null : wrt;
  }

  private void warnAboutZeroGradients(List<Var> wrt, Activity activity) {
    for (Var w : wrt) {
      if (!activity.isUseful(w)) {
        Tree at = tree.getParameters().stream()
            .filter(p -> p.getName().contentEquals(w.name())).findFirst().map(p -> (Tree) p).orElse(tree);
        diagnostics.warningAt(at, "the gradient with respect to '" + w.name() + "' is always zero: the result of "
            + element.getSimpleName() + " does not depend on it differentiably (it only flows through an int cast, a comparison, or nowhere)");
      }
    }
  }

  /**
   * {@code fGrad}'s own IR: the VJP with a result adjoint of one that returns just the gradient.
   * Higher orders differentiate this.
   */
  static Function gradientOf(Function vjp, Var x) {
    List<Var> params = new ArrayList<>(vjp.parameters());
    Var seed = params.remove(params.size() - 1);
    Block body = (Block) IrRewriter.substituting(Map.of(seed, Exprs.one(seed.type()))).rewrite(vjp.body());
    List<Stmt> stmts = new ArrayList<>(body.statements());
    Stmt.Return ret = (Stmt.Return) stmts.remove(stmts.size() - 1);
    Expr.NewRecord result = (Expr.NewRecord) ret.value();
    stmts.add(new Stmt.Return(result.arguments().get(1), ret.pos()));
    return new Function(vjp.name(), params, x.type(), new Block(stmts), vjp.pos());
  }

  private String javadocReference(Function f) {
    return element.getSimpleName() + f.parameters().stream()
        .map(p -> TypeNames.of(p.type()).toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
