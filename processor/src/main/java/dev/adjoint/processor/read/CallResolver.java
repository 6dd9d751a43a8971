package dev.adjoint.processor.read;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodRef;
import dev.adjoint.processor.ir.Numeric;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Picks the method a call names (overload resolution by widening, as javac does for the subset's
 * types), describes it as a {@link MethodRef}, and attaches how it is differentiated.
 */
final class CallResolver {
  private final TypeMapper typeMapper;
  private final DerivativeLookup derivatives;

  CallResolver(TypeMapper typeMapper, DerivativeLookup derivatives) {
    this.typeMapper = typeMapper;
    this.derivatives = derivatives;
  }

  /** Whether {@code owner} (or a supertype) declares a method of this name, static or not as asked. */
  boolean hasMethod(TypeElement owner, String name, boolean wantStatic) {
    return !candidates(owner, name, wantStatic).isEmpty();
  }

  private List<ExecutableElement> candidates(TypeElement owner, String name, boolean wantStatic) {
    List<ExecutableElement> out = new ArrayList<>();
    for (ExecutableElement m : typeMapper.methodsNamed(owner, name)) {
      if (m.getModifiers().contains(Modifier.STATIC) == wantStatic) {
        out.add(m);
      }
    }
    return out;
  }

  Expr.Call callStatic(TypeElement owner, String name, List<Expr> args, Tree at, Pos pos) {
    List<ExecutableElement> all = candidates(owner, name, true);
    if (all.isEmpty()) {
      throw new ReadException(at, owner.getSimpleName() + " has no static method '" + name + "'");
    }
    ExecutableElement chosen = choose(all, null, args, at, owner.getSimpleName() + "." + name);
    ExecutableType signature = (ExecutableType) chosen.asType();
    return call(chosen, owner, signature, args, true, at, pos);
  }

  Expr.Call callInstance(Expr receiver, String name, List<Expr> args, Tree at, Pos pos) {
    TypeMirror receiverMirror = typeMapper.toMirror(receiver.type());
    if (!(receiverMirror instanceof DeclaredType declared)) {
      throw new ReadException(
          at, "cannot call '" + name + "' on a value of type " + receiver.type());
    }
    TypeElement owner = (TypeElement) declared.asElement();
    List<ExecutableElement> all = candidates(owner, name, false);
    if (all.isEmpty()) {
      throw new ReadException(
          at, owner.getSimpleName() + " has no instance method '" + name + "'");
    }
    ExecutableElement chosen = choose(all, declared, args, at, owner.getSimpleName() + "." + name);
    ExecutableType signature =
        (ExecutableType) typeMapper.types().asMemberOf(declared, chosen);
    List<Expr> withReceiver = new ArrayList<>();
    withReceiver.add(receiver);
    withReceiver.addAll(args);
    Expr.Call call = call(chosen, owner, signature, withReceiver, false, at, pos);
    Expr transposed = DenseLayers.transposed(call);
    if (transposed != null && hasMethod(owner, DenseLayers.PRODUCT, false)) {
      return callInstance(receiver, DenseLayers.PRODUCT, List.of(transposed), at, pos);
    }
    Expr.Call product = DenseLayers.biasedProduct(call);
    if (product != null && hasMethod(owner, DenseLayers.LINEAR, false)) {
      List<Expr> operands = product.arguments();
      return callInstance(operands.get(0), DenseLayers.LINEAR, List.of(operands.get(1), args.get(0)), at, pos);
    }
    Expr.Call matmul = DenseLayers.biasedMatmul(call);
    if (matmul != null && hasMethod(owner, DenseLayers.MATMUL_ADD, false)) {
      List<Expr> operands = matmul.arguments();
      return callInstance(operands.get(0), DenseLayers.MATMUL_ADD, List.of(operands.get(1), args.get(0)), at, pos);
    }
    return call;
  }

  private Expr.Call call(
      ExecutableElement method,
      TypeElement owner,
      ExecutableType signature,
      List<Expr> args,
      boolean isStatic,
      Tree at,
      Pos pos) {
    List<Type> paramTypes = new ArrayList<>();
    List<String> paramNames = new ArrayList<>();
    if (!isStatic) {
      paramTypes.add(args.get(0).type());
      paramNames.add("this");
    }
    List<? extends VariableElement> params = method.getParameters();
    int offset = isStatic ? 0 : 1;
    if (method.isVarArgs() && (args.size() - offset != params.size()
        || !(typeMapper.toIr(signature.getParameterTypes().get(params.size() - 1)) instanceof Type.Array a
            && args.get(args.size() - 1).type().equals(a)))) {
      // gather the trailing arguments into the array the method takes
      Type arrayType = typeMapper.toIr(signature.getParameterTypes().get(params.size() - 1));
      if (arrayType == null) {
        throw new ReadException(at, "cannot use " + describe(method) + ": its variable-arity parameter is outside the differentiable subset");
      }
      int fixed = offset + params.size() - 1;
      List<Expr> packed = new ArrayList<>(args.subList(0, fixed));
      packed.add(new Expr.ArrayLiteral(arrayType, args.subList(fixed, args.size()), pos));
      args = packed;
    }
    for (int i = 0; i < params.size(); i++) {
      Type t = typeMapper.toIr(signature.getParameterTypes().get(i));
      if (t == null) {
        throw new ReadException(at, "cannot use " + describe(method) + ": parameter type "
            + signature.getParameterTypes().get(i) + " is outside the differentiable subset");
      }
      paramTypes.add(t);
      paramNames.add(params.get(i).getSimpleName().toString());
    }
    Type ret = typeMapper.toIr(signature.getReturnType());
    if (ret == null || ret.isPrimitive(Type.PrimitiveKind.VOID)) {
      throw new ReadException(at, "cannot use " + describe(method) + ": its result type "
          + signature.getReturnType() + " is outside the differentiable subset");
    }
    String ownerName = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
    if (isStatic) {
      ownerName = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
    } else {
      ownerName = owner.getQualifiedName().toString();
    }
    MethodRef ref =
        new MethodRef(
            ownerName,
            method.getSimpleName().toString(),
            paramTypes,
            paramNames,
            ret,
            isStatic,
            CallDerivative.NONE);
    ref = ref.withDerivative(derivatives.derivativeOf(method, ref));
    return new Expr.Call(ref, args, pos);
  }

  private ExecutableElement choose(
      List<ExecutableElement> all, DeclaredType receiver, List<Expr> args, Tree at, String what) {
    List<ExecutableElement> applicable = new ArrayList<>();
    for (ExecutableElement m : all) {
      if (m.getParameters().size() == args.size() && acceptsAll(parameterTypes(m, receiver), args, args.size())) {
        applicable.add(m);
      }
    }
    if (applicable.isEmpty()) {
      // JLS 15.12.2.4: variable arity, the trailing arguments gathered into an array
      for (ExecutableElement m : all) {
        if (m.isVarArgs() && args.size() >= m.getParameters().size() - 1) {
          List<? extends TypeMirror> params = parameterTypes(m, receiver);
          int fixed = params.size() - 1;
          TypeMirror element = ((javax.lang.model.type.ArrayType) params.get(fixed)).getComponentType();
          boolean ok = acceptsAll(params, args, fixed);
          for (int i = fixed; i < args.size() && ok; i++) {
            ok = accepts(element, args.get(i).type());
          }
          if (ok) {
            applicable.add(m);
          }
        }
      }
    }
    if (applicable.isEmpty()) {
      String argTypes = args.stream().map(a -> a.type().toString()).collect(Collectors.joining(", "));
      throw new ReadException(at, "no overload of " + what + " takes (" + argTypes + ")");
    }
    ExecutableElement best = null;
    for (ExecutableElement m : applicable) {
      boolean mostSpecific = true;
      for (ExecutableElement n : applicable) {
        if (n != m && !moreSpecific(m, n, receiver)) {
          mostSpecific = false;
          break;
        }
      }
      if (mostSpecific) {
        best = m;
        break;
      }
    }
    if (best == null) {
      throw new ReadException(at, "the call to " + what + " is ambiguous; cast the arguments");
    }
    return best;
  }

  private boolean acceptsAll(List<? extends TypeMirror> params, List<Expr> args, int count) {
    for (int i = 0; i < count; i++) {
      if (!accepts(params.get(i), args.get(i).type())) {
        return false;
      }
    }
    return true;
  }

  private List<? extends TypeMirror> parameterTypes(ExecutableElement m, DeclaredType receiver) {
    if (receiver == null) {
      return ((ExecutableType) m.asType()).getParameterTypes();
    }
    return ((ExecutableType) typeMapper.types().asMemberOf(receiver, m)).getParameterTypes();
  }

  private boolean moreSpecific(ExecutableElement m, ExecutableElement n, DeclaredType receiver) {
    List<? extends TypeMirror> pm = parameterTypes(m, receiver);
    List<? extends TypeMirror> pn = parameterTypes(n, receiver);
    for (int i = 0; i < pm.size(); i++) {
      TypeMirror a = pm.get(i);
      TypeMirror b = pn.get(i);
      if (a.getKind().isPrimitive() && b.getKind().isPrimitive()) {
        if (!Numeric.widens(typeMapper.toIr(a), typeMapper.toIr(b))) {
          return false;
        }
      } else if (!typeMapper.types().isAssignable(a, b)) {
        return false;
      }
    }
    return true;
  }

  private boolean accepts(TypeMirror parameter, Type argument) {
    if (parameter.getKind().isPrimitive()) {
      Type p = typeMapper.toIr(parameter);
      return p != null && argument instanceof Type.Primitive && Numeric.widens(argument, p);
    }
    if (argument instanceof Type.Primitive) {
      return false;
    }
    TypeMirror arg = typeMapper.toMirror(argument);
    if (arg == null) {
      return false;
    }
    TypeMirror erasedParam = parameter.getKind() == TypeKind.TYPEVAR
        ? typeMapper.types().erasure(parameter)
        : parameter;
    return typeMapper.types().isAssignable(arg, erasedParam)
        || typeMapper.types().isAssignable(typeMapper.types().erasure(arg), typeMapper.types().erasure(erasedParam));
  }

  static String describe(ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    return owner.getSimpleName() + "." + method.getSimpleName()
        + method.getParameters().stream()
            .map(p -> p.asType().toString())
            .collect(Collectors.joining(", ", "(", ")"));
  }

  static boolean isRecordAccessor(ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    return owner.getKind() == ElementKind.RECORD && method.getParameters().isEmpty();
  }
}
