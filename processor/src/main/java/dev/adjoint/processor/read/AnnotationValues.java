package dev.adjoint.processor.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Reads annotation values through mirrors (so it works on class files, with no reflection). */
public final class AnnotationValues {
  public static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";
  public static final String DERIVATIVE_OF = "dev.adjoint.DerivativeOf";
  public static final String DERIVATIVE_RULES = "dev.adjoint.DerivativeRules";

  private AnnotationValues() {}

  public static AnnotationMirror find(Element e, String annotation) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation)) {
        return m;
      }
    }
    return null;
  }

  private static AnnotationValue value(AnnotationMirror m, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        m.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  public static String string(AnnotationMirror m, String name, String fallback) {
    AnnotationValue v = value(m, name);
    return v == null ? fallback : (String) v.getValue();
  }

  public static boolean bool(AnnotationMirror m, String name, boolean fallback) {
    AnnotationValue v = value(m, name);
    return v == null ? fallback : (Boolean) v.getValue();
  }

  public static int integer(AnnotationMirror m, String name, int fallback) {
    AnnotationValue v = value(m, name);
    return v == null ? fallback : (Integer) v.getValue();
  }

  /** An enum value, as its constant's name. */
  public static String enumConstant(AnnotationMirror m, String name, String fallback) {
    AnnotationValue v = value(m, name);
    return v != null && v.getValue() instanceof javax.lang.model.element.VariableElement e
        ? e.getSimpleName().toString() : fallback;
  }

  public static List<String> strings(AnnotationMirror m, String name) {
    AnnotationValue v = value(m, name);
    List<String> out = new ArrayList<>();
    if (v != null && v.getValue() instanceof List<?> list) {
      for (Object item : list) {
        out.add((String) ((AnnotationValue) item).getValue());
      }
    }
    return out;
  }

  /** A {@code Class<?>} value, as the class it names (null if absent). */
  public static TypeElement type(AnnotationMirror m, String name) {
    AnnotationValue v = value(m, name);
    if (v != null && v.getValue() instanceof DeclaredType t) {
      return (TypeElement) t.asElement();
    }
    return null;
  }

  /** A {@code Class<?>[]} value. */
  public static List<TypeElement> types(AnnotationMirror m, String name) {
    AnnotationValue v = value(m, name);
    List<TypeElement> out = new ArrayList<>();
    if (v != null && v.getValue() instanceof List<?> list) {
      for (Object item : list) {
        Object t = ((AnnotationValue) item).getValue();
        if (t instanceof TypeMirror tm && tm instanceof DeclaredType dt) {
          out.add((TypeElement) dt.asElement());
        }
      }
    }
    return out;
  }
}
