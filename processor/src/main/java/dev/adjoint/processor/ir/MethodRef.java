package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A method that IR calls: where it is declared, its signature and how it is differentiated. For
 * an instance method the receiver is the first argument of the call and the first entry of
 * {@code parameterTypes} / {@code parameterNames} ({@code "this"}).
 */
public record MethodRef(
    String owner,
    String name,
    List<Type> parameterTypes,
    List<String> parameterNames,
    Type returnType,
    boolean isStatic,
    CallDerivative derivative) {

  public MethodRef {
    parameterTypes = List.copyOf(parameterTypes);
    parameterNames = List.copyOf(parameterNames);
  }

  public static MethodRef staticMethod(
      String owner, String name, List<Type> parameterTypes, Type returnType) {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < parameterTypes.size(); i++) {
      names.add("p" + i);
    }
    return new MethodRef(
        owner, name, parameterTypes, names, returnType, true, CallDerivative.NONE);
  }

  public MethodRef withDerivative(CallDerivative d) {
    return new MethodRef(owner, name, parameterTypes, parameterNames, returnType, isStatic, d);
  }

  /** A stable key naming this method and its overload, e.g. {@code java.lang.Math#pow(double,double)}. */
  public String key() {
    StringBuilder b = new StringBuilder(owner).append('#').append(name).append('(');
    int first = isStatic ? 0 : 1;
    for (int i = first; i < parameterTypes.size(); i++) {
      if (i > first) {
        b.append(',');
      }
      b.append(parameterTypes.get(i));
    }
    return b.append(')').toString();
  }

  public String simpleOwner() {
    int dot = owner.lastIndexOf('.');
    return dot < 0 ? owner : owner.substring(dot + 1);
  }

  @Override
  public String toString() {
    return key();
  }
}
