package dev.adjoint.processor.rules;

import dev.adjoint.processor.GradNames;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.MethodRef;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.read.AnnotationValues;
import dev.adjoint.processor.read.DerivativeLookup;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.TypeMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Finds how a called method is differentiated. A {@code @Differentiable} method is called through
 * its generated VJP. Otherwise its {@code @DerivativeOf} rules are looked for in: the classes of
 * this compilation, the method's own class, the classes named by {@code @DerivativeRules} on the
 * class being differentiated, and the runtime's built-in rule classes. Rules are data found
 * through {@code Elements}, in source or class files alike.
 */
public final class RuleCatalog {
  /** The runtime's rule classes, consulted when they are on the class path. */
  public static final List<String> BUILT_IN = List.of("dev.adjoint.rules.MathRules", "dev.adjoint.rules.TensorRules");

  private final TypeMapper types;
  private final java.util.function.Function<ExecutableElement, List<String>> storedParameterNames;
  private final Map<String, List<ExecutableElement>> rulesByPrimitive = new HashMap<>();
  /** A callee's derivative, worked out once per method (calls to it are many). */
  private final Map<ExecutableElement, CallDerivative> generatedByMethod = new HashMap<>();
  private final Set<String> scanned = new HashSet<>();

  /**
   * @param storedParameterNames a method's parameter names as its stored IR has them, or null:
   *     class files compiled without {@code -parameters} call them arg0, arg1...
   */
  public RuleCatalog(TypeMapper types, Collection<? extends ExecutableElement> rulesInCompilation,
      java.util.function.Function<ExecutableElement, List<String>> storedParameterNames) {
    this.types = types;
    this.storedParameterNames = storedParameterNames;
    for (ExecutableElement rule : rulesInCompilation) {
      index(rule);
    }
    for (String name : BUILT_IN) {
      TypeElement t = types.elements().getTypeElement(name);
      if (t != null) {
        scan(t);
      }
    }
  }

  /** A view for differentiating the methods of {@code using}, which may name more rule classes. */
  public DerivativeLookup forClass(TypeElement using) {
    for (javax.lang.model.element.Element e = using; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      AnnotationMirror extra = AnnotationValues.find(t, AnnotationValues.DERIVATIVE_RULES);
      if (extra != null) {
        for (TypeElement rules : AnnotationValues.types(extra, "value")) {
          scan(rules);
        }
      }
    }
    return this::derivativeOf;
  }

  private void scan(TypeElement owner) {
    if (!scanned.add(owner.getQualifiedName().toString())) {
      return;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      if (AnnotationValues.find(m, AnnotationValues.DERIVATIVE_OF) != null) {
        index(m);
      }
    }
  }

  private void index(ExecutableElement rule) {
    AnnotationMirror a = AnnotationValues.find(rule, AnnotationValues.DERIVATIVE_OF);
    TypeElement target = AnnotationValues.type(a, "value");
    String method = AnnotationValues.string(a, "method", "");
    if (target != null) {
      rulesByPrimitive.computeIfAbsent(key(target, method), k -> new ArrayList<>()).add(rule);
    }
  }

  private static String key(TypeElement owner, String method) {
    return owner.getQualifiedName() + "#" + method;
  }

  CallDerivative derivativeOf(ExecutableElement method, MethodRef ref) {
    if (AnnotationValues.find(method, AnnotationValues.DIFFERENTIABLE) != null) {
      return generatedByMethod.computeIfAbsent(method, this::generated);
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    scan(owner);
    Set<ExecutableElement> candidates = new LinkedHashSet<>(
        rulesByPrimitive.getOrDefault(key(owner, method.getSimpleName().toString()), List.of()));
    if (!ref.isStatic()) {
      TypeElement receiver = types.elements().getTypeElement(ref.owner());
      if (receiver != null && !receiver.equals(owner)) {
        scan(receiver);
        candidates.addAll(rulesByPrimitive.getOrDefault(key(receiver, method.getSimpleName().toString()), List.of()));
      }
    }
    List<MethodRef> perParameter = new ArrayList<>();
    List<Boolean> resultOnly = new ArrayList<>();
    for (int i = 0; i < ref.parameterTypes().size(); i++) {
      perParameter.add(null);
      resultOnly.add(false);
    }
    boolean any = false;
    for (ExecutableElement rule : candidates) {
      int wrt = matches(rule, method, ref);
      if (wrt >= 0 && perParameter.get(wrt) == null) {
        perParameter.set(wrt, ruleRef(rule));
        resultOnly.set(wrt, takesResultAlone(rule));
        any = true;
      }
    }
    return any ? new CallDerivative.Rules(perParameter, resultOnly) : CallDerivative.NONE;
  }

  /** Whether javac made the names up (arg0, arg1...) because the class file has none. */
  private static boolean hasSyntheticNames(ExecutableElement method) {
    List<? extends VariableElement> params = method.getParameters();
    for (int i = 0; i < params.size(); i++) {
      if (!params.get(i).getSimpleName().contentEquals("arg" + i)) {
        return false;
      }
    }
    return !params.isEmpty();
  }

  /** Whether {@code rule} (already matched) takes the primitive's result and its adjoint alone. */
  private static boolean takesResultAlone(ExecutableElement rule) {
    AnnotationMirror annotation = AnnotationValues.find(rule, AnnotationValues.DERIVATIVE_OF);
    return AnnotationValues.bool(annotation, "usesResult", false) && rule.getParameters().size() == 2;
  }

  /** The primitive parameter a rule differentiates, or -1 if the rule is for another overload. */
  private int matches(ExecutableElement rule, ExecutableElement primitive, MethodRef ref) {
    if (!rule.getModifiers().contains(Modifier.STATIC)) {
      return -1;
    }
    List<? extends VariableElement> params = rule.getParameters();
    AnnotationMirror annotation = AnnotationValues.find(rule, AnnotationValues.DERIVATIVE_OF);
    int n = ref.parameterTypes().size();
    boolean usesResult = AnnotationValues.bool(annotation, "usesResult", false);
    // the primitive's parameters, its result where the rule uses it, the result's adjoint; or,
    // with usesResult, the result and its adjoint alone
    int arguments = usesResult && params.size() == 2 ? 0 : n;
    int extra = usesResult ? 2 : 1;
    if (params.size() != arguments + extra) {
      return -1;
    }
    for (int i = 0; i < arguments; i++) {
      if (!sameType(params.get(i).asType(), ref.parameterTypes().get(i))) {
        return -1;
      }
    }
    for (int i = arguments; i < params.size(); i++) {
      if (!sameType(params.get(i).asType(), ref.returnType())) {
        return -1;
      }
    }
    String wrt = AnnotationValues.string(annotation, "wrt", "");
    if (wrt.isEmpty()) {
      return n == 1 ? 0 : -1;
    }
    if (wrt.chars().allMatch(Character::isDigit)) {
      int i = Integer.parseInt(wrt);
      return i < n ? i : -1;
    }
    return ref.parameterNames().indexOf(wrt);
  }

  private boolean sameType(TypeMirror mirror, Type irType) {
    Type t = types.toIr(mirror);
    return t != null && t.equals(irType);
  }

  private MethodRef ruleRef(ExecutableElement rule) {
    List<Type> paramTypes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (VariableElement p : rule.getParameters()) {
      paramTypes.add(types.toIr(p.asType()));
      names.add(p.getSimpleName().toString());
    }
    String owner = ((TypeElement) rule.getEnclosingElement()).getQualifiedName().toString();
    return new MethodRef(owner, rule.getSimpleName().toString(), paramTypes, names,
        types.toIr(rule.getReturnType()), true, CallDerivative.NONE);
  }

  private CallDerivative generated(ExecutableElement method) {
    List<String> names = hasSyntheticNames(method) ? storedParameterNames.apply(method) : null;
    DifferentiableSignature sig = DifferentiableSignature.of(method, types, names);
    List<Boolean> wrt = new ArrayList<>();
    for (String name : sig.parameterNames()) {
      wrt.add(sig.isWrt(name));
    }
    return new CallDerivative.Generated(
        sig.gradClass(), GradNames.vjp(sig.base()), sig.valueAndGradType(), sig.gradientType(), wrt,
        sig.parameterNames());
  }
}
