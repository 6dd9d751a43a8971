package dev.adjoint.processor.read;

import dev.adjoint.processor.GradNames;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * What a {@code @Differentiable} method's generated code is called, worked out from the method
 * alone: the generated class, the base name (with a number for the 2nd, 3rd overload of a name),
 * the parameters differentiated, and the records that carry results. The method's own generator
 * and every caller (in this compilation or another) agree because both come here.
 */
public record DifferentiableSignature(
    String gradClass,
    String base,
    List<String> parameterNames,
    List<Type> parameterTypes,
    Type returnType,
    List<String> wrt,
    int order,
    String mode) {

  public DifferentiableSignature {
    parameterNames = List.copyOf(parameterNames);
    parameterTypes = List.copyOf(parameterTypes);
    wrt = List.copyOf(wrt);
  }

  /** Reads the signature; types outside the subset come back null (the reader reports them). */
  public static DifferentiableSignature of(ExecutableElement method, TypeMapper types) {
    return of(method, types, null);
  }

  /**
   * Reads the signature, with the parameters' source names where the class file has lost them
   * ({@code sourceNames} null to take the element's own).
   */
  public static DifferentiableSignature of(ExecutableElement method, TypeMapper types, List<String> sourceNames) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    AnnotationMirror annotation = AnnotationValues.find(method, AnnotationValues.DIFFERENTIABLE);
    List<String> names = new ArrayList<>();
    List<Type> paramTypes = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      names.add(p.getSimpleName().toString());
      paramTypes.add(types.toIr(p.asType()));
    }
    if (sourceNames != null && sourceNames.size() == names.size()) {
      names = new ArrayList<>(sourceNames);
    }
    List<String> wrt = annotation == null ? List.of() : AnnotationValues.strings(annotation, "wrt");
    if (wrt.isEmpty()) {
      wrt = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if (paramTypes.get(i) != null && paramTypes.get(i).isDifferentiable()) {
          wrt.add(names.get(i));
        }
      }
    }
    int order = annotation == null ? 1 : AnnotationValues.integer(annotation, "order", 1);
    String mode = annotation == null ? AUTO : AnnotationValues.enumConstant(annotation, "mode", AUTO);
    return new DifferentiableSignature(
        gradClassOf(owner),
        GradNames.base(method.getSimpleName().toString(), overloadIndex(method)),
        names,
        paramTypes,
        types.toIr(method.getReturnType()),
        wrt,
        order,
        mode);
  }

  /** The names of {@code Differentiable.Mode}'s constants, as {@link #mode()} holds them. */
  public static final String AUTO = "AUTO";
  public static final String REVERSE = "REVERSE";
  public static final String FORWARD = "FORWARD";

  /** Canonical name of the class generated for {@code owner}. */
  public static String gradClassOf(TypeElement owner) {
    List<String> nested = new ArrayList<>();
    Element e = owner;
    while (e instanceof TypeElement t) {
      nested.add(0, t.getSimpleName().toString());
      e = t.getEnclosingElement();
    }
    while (e != null && e.getKind() != ElementKind.PACKAGE) {
      e = e.getEnclosingElement();
    }
    String pkg = e == null || ((PackageElement) e).isUnnamed() ? "" : ((PackageElement) e).getQualifiedName().toString();
    return GradNames.gradClass(pkg, nested);
  }

  private static int overloadIndex(ExecutableElement method) {
    int index = 0;
    for (ExecutableElement other : ElementFilter.methodsIn(method.getEnclosingElement().getEnclosedElements())) {
      if (other.equals(method)) {
        return index;
      }
      if (other.getSimpleName().equals(method.getSimpleName())
          && AnnotationValues.find(other, AnnotationValues.DIFFERENTIABLE) != null) {
        index++;
      }
    }
    return index;
  }

  public boolean isWrt(String parameter) {
    return wrt.contains(parameter);
  }

  public boolean singleWrt() {
    return wrt.size() == 1;
  }

  public Type.Reference valueAndGradType() {
    return Type.Reference.of(gradClass + "." + GradNames.valueAndGradRecord(base));
  }

  /** The gradient record, or null when the gradient is the one wrt parameter's own type. */
  public Type.Reference gradientType() {
    return singleWrt() ? null : Type.Reference.of(gradClass + "." + GradNames.gradientRecord(base));
  }

  public Type gradType() {
    if (singleWrt()) {
      return parameterTypes.get(parameterNames.indexOf(wrt.get(0)));
    }
    return gradientType();
  }
}
