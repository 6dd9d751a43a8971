package dev.adjoint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Reads {@link TensorRules} from its class file the way the annotation processor will (through
 * {@code javax.lang.model}; {@code @DerivativeOf} has class retention, so reflection cannot see
 * it) and checks the rule convention: every rule names an existing primitive whose parameters,
 * receiver first, are the rule's less the last; the last is the type of the primitive's result;
 * the return type is the type of the parameter named by {@code wrt}. And every differentiable
 * parameter of every public method of {@code Tensor} and {@code BackwardOps} has exactly one rule.
 */
class RuleSignaturesTest {

  private static final Set<String> DIFFERENTIABLE = Set.of(
      "dev.adjoint.tensor.Tensor", "dev.adjoint.tensor.Tensor[]", "double", "double[]", "double[][]");

  @Test
  void rulesMatchTheirPrimitivesAndCoverEveryDifferentiableParameter() {
    List<String> problems = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    Set<String> required = new TreeSet<>();
    AbstractProcessor inspector = new Inspector(problems, covered, required);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    SimpleJavaFileObject probe = new SimpleJavaFileObject(URI.create("string:///Probe.java"),
        javax.tools.JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return "class Probe {}";
      }
    };
    JavaCompiler.CompilationTask task = javac.getTask(null, null, null,
        List.of("-proc:only", "-classpath", System.getProperty("java.class.path")), null, List.of(probe));
    task.setProcessors(List.of(inspector));
    assertTrue(task.call(), "javac run");
    assertEquals(List.of(), problems);
    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(covered);
    assertEquals(Set.of(), missing, "differentiable parameters without a rule");
    assertTrue(covered.size() > 100, "found " + covered.size() + " rules");
  }

  @SupportedAnnotationTypes("*")
  private static final class Inspector extends AbstractProcessor {
    private final List<String> problems;
    private final Set<String> covered;
    private final Set<String> required;

    Inspector(List<String> problems, Set<String> covered, Set<String> required) {
      this.problems = problems;
      this.covered = covered;
      this.required = required;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (round.processingOver()) {
        return false;
      }
      Types types = processingEnv.getTypeUtils();
      TypeElement rules = processingEnv.getElementUtils().getTypeElement(TensorRules.class.getName());
      for (String primitiveClass : List.of("dev.adjoint.tensor.Tensor", "dev.adjoint.tensor.BackwardOps")) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(primitiveClass);
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
          if (!m.getModifiers().contains(Modifier.PUBLIC) || !DIFFERENTIABLE.contains(m.getReturnType().toString())) {
            continue;
          }
          List<String> params = signature(type, m);
          for (int i = 0; i < params.size(); i++) {
            if (DIFFERENTIABLE.contains(params.get(i))) {
              required.add(key(type, m, params, i));
            }
          }
        }
      }
      for (ExecutableElement rule : ElementFilter.methodsIn(rules.getEnclosedElements())) {
        AnnotationMirror mirror = rule.getAnnotationMirrors().stream()
            .filter(a -> a.getAnnotationType().toString().equals("dev.adjoint.DerivativeOf")).findFirst().orElse(null);
        if (mirror == null) {
          if (rule.getModifiers().contains(Modifier.PUBLIC)) {
            problems.add(rule.getSimpleName() + ": public method without @DerivativeOf");
          }
          continue;
        }
        check(types, rule, mirror);
      }
      return false;
    }

    private void check(Types types, ExecutableElement rule, AnnotationMirror mirror) {
      String name = rule.getSimpleName().toString();
      TypeElement primitiveClass = null;
      String method = null;
      String wrt = "";
      boolean usesResult = false;
      for (var e : processingEnv.getElementUtils().getElementValuesWithDefaults(mirror).entrySet()) {
        AnnotationValue v = e.getValue();
        switch (e.getKey().getSimpleName().toString()) {
          case "value" -> primitiveClass = (TypeElement) ((DeclaredType) v.getValue()).asElement();
          case "method" -> method = (String) v.getValue();
          case "wrt" -> wrt = (String) v.getValue();
          case "usesResult" -> usesResult = (Boolean) v.getValue();
          default -> { }
        }
      }
      if (!rule.getModifiers().contains(Modifier.STATIC) || !rule.getModifiers().contains(Modifier.PUBLIC)) {
        problems.add(name + ": rules must be public static");
      }
      List<String> ruleParams = new ArrayList<>();
      rule.getParameters().forEach(p -> ruleParams.add(types.erasure(p.asType()).toString()));
      // the primitive's parameters, then its result where the rule uses it, then the result's
      // adjoint; or, with usesResult, the result and its adjoint alone (then the primitive is the
      // one overload of that name returning the result's type)
      boolean resultAlone = usesResult && ruleParams.size() == 2;
      List<String> primitiveParams = resultAlone ? null : ruleParams.subList(0, ruleParams.size() - (usesResult ? 2 : 1));
      ExecutableElement primitive = null;
      int overloads = 0;
      for (ExecutableElement m : ElementFilter.methodsIn(primitiveClass.getEnclosedElements())) {
        if (!m.getSimpleName().contentEquals(method)) {
          continue;
        }
        if (resultAlone && types.erasure(m.getReturnType()).toString().equals(ruleParams.get(0))) {
          primitive = m;
          overloads++;
        } else if (!resultAlone && signature(primitiveClass, m).equals(primitiveParams)) {
          primitive = m;
        }
      }
      if (resultAlone) {
        if (overloads != 1) {
          problems.add(name + ": takes the result alone, but " + overloads + " overloads of " + method + " return it");
          return;
        }
        primitiveParams = signature(primitiveClass, primitive);
      }
      if (primitive == null) {
        problems.add(name + ": no " + primitiveClass.getSimpleName() + "." + method + primitiveParams);
        return;
      }
      int index;
      if (wrt.isEmpty()) {
        index = primitiveParams.size() == 1 ? 0 : -1;
      } else if (wrt.chars().allMatch(Character::isDigit)) {
        index = Integer.parseInt(wrt);
      } else {
        index = primitive.getParameters().stream().map(p -> p.getSimpleName().toString()).toList().indexOf(wrt)
            + (primitive.getModifiers().contains(Modifier.STATIC) ? 0 : 1);
      }
      if (index < 0 || index >= primitiveParams.size()) {
        problems.add(name + ": wrt '" + wrt + "' names no parameter");
        return;
      }
      if (!DIFFERENTIABLE.contains(primitiveParams.get(index))) {
        problems.add(name + ": wrt names a parameter of non-differentiable type " + primitiveParams.get(index));
      }
      String returned = types.erasure(rule.getReturnType()).toString();
      if (!returned.equals(primitiveParams.get(index))) {
        problems.add(name + ": returns " + returned + " for a parameter of type " + primitiveParams.get(index));
      }
      String adjoint = ruleParams.get(ruleParams.size() - 1);
      String result = types.erasure(primitive.getReturnType()).toString();
      if (!adjoint.equals(result)) {
        problems.add(name + ": result adjoint is " + adjoint + ", the primitive returns " + result);
      }
      if (usesResult && !ruleParams.get(ruleParams.size() - 2).equals(result)) {
        problems.add(name + ": usesResult, but the parameter before the adjoint is not the primitive's result type");
      }
      if (!covered.add(key(primitiveClass, primitive, primitiveParams, index))) {
        problems.add(name + ": a second rule for the same parameter");
      }
    }

    /** Parameter types, the receiver first for an instance method. */
    private List<String> signature(TypeElement owner, ExecutableElement m) {
      List<String> params = new ArrayList<>();
      if (!m.getModifiers().contains(Modifier.STATIC)) {
        params.add(owner.getQualifiedName().toString());
      }
      for (var p : m.getParameters()) {
        TypeMirror t = processingEnv.getTypeUtils().erasure(p.asType());
        params.add(t.toString());
      }
      return params;
    }

    private static String key(TypeElement owner, ExecutableElement m, List<String> params, int index) {
      return owner.getSimpleName() + "." + m.getSimpleName() + params + " wrt " + index;
    }
  }
}
