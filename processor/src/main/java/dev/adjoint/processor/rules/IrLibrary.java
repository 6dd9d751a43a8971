package dev.adjoint.processor.rules;

import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrParser;
import dev.adjoint.processor.ir.MethodRef;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.read.TypeMapper;
import dev.adjoint.processor.transform.FunctionLibrary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Method bodies the transforms may inline: those read in this compilation, and those stored by
 * earlier compilations beside their class files (see {@link IrStore}). Calls inside stored bodies
 * get their derivatives looked up anew, against this compilation's classes.
 */
public final class IrLibrary implements FunctionLibrary {
  private final Filer filer;
  private final TypeMapper types;
  private final Map<String, Function> local = new HashMap<>();
  private final Map<String, Map<String, String>> stored = new HashMap<>();

  private RuleCatalog rules;

  public IrLibrary(Filer filer, TypeMapper types) {
    this.filer = filer;
    this.types = types;
  }

  /** Calls in stored bodies get their derivatives from {@code catalog}. */
  public void resolveCallsWith(RuleCatalog catalog) {
    this.rules = catalog;
  }

  /** The parameter names a method's stored IR has, or null where none is stored. */
  public List<String> storedParameterNames(ExecutableElement method) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String text = stored.computeIfAbsent(owner.getQualifiedName().toString(), o -> IrStore.read(filer, types.elements(), owner))
        .get(keyOf(method));
    if (text == null) {
      return null;
    }
    return IrParser.parseFunction(text).parameters().stream().map(dev.adjoint.processor.ir.Var::name).toList();
  }

  private String keyOf(ExecutableElement m) {
    StringBuilder b = new StringBuilder(((TypeElement) m.getEnclosingElement()).getQualifiedName())
        .append('#').append(m.getSimpleName()).append('(');
    for (int i = 0; i < m.getParameters().size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(types.toIr(m.getParameters().get(i).asType()));
    }
    return b.append(')').toString();
  }

  public void add(MethodRef method, Function body) {
    local.put(method.key(), body);
  }

  @Override
  public Function bodyOf(MethodRef method) {
    Function f = local.get(method.key());
    if (f != null) {
      return f;
    }
    TypeElement owner = types.elements().getTypeElement(method.owner());
    if (owner == null) {
      return null;
    }
    String text = stored.computeIfAbsent(method.owner(), o -> IrStore.read(filer, types.elements(), owner))
        .get(method.key());
    if (text == null) {
      return null;
    }
    Function parsed = IrParser.parseFunction(text, types::complete, this::resolve);
    local.put(method.key(), parsed);
    return parsed;
  }

  private MethodRef resolve(MethodRef ref) {
    TypeElement owner = types.elements().getTypeElement(ref.owner());
    if (owner == null) {
      return ref;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(types.elements().getAllMembers(owner))) {
      if (m.getSimpleName().contentEquals(ref.name()) && sameParameters(m, ref)) {
        CallDerivative d = rules.forClass(owner).derivativeOf(m, ref);
        return ref.withDerivative(d);
      }
    }
    return ref;
  }

  private boolean sameParameters(ExecutableElement m, MethodRef ref) {
    List<Type> expected = new ArrayList<>(ref.parameterTypes());
    if (!ref.isStatic()) {
      expected.remove(0);
    }
    List<? extends VariableElement> params = m.getParameters();
    if (params.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < params.size(); i++) {
      Type t = types.toIr(params.get(i).asType());
      if (t == null || !t.equals(expected.get(i))) {
        return false;
      }
    }
    return true;
  }
}
