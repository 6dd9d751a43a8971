package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Translates javac's type mirrors into IR types and back. */
public final class TypeMapper {
  private final Elements elements;
  private final Types types;
  /** Methods of a class (inherited ones too) by name: asked for at every call the reader resolves. */
  private final java.util.Map<TypeElement, java.util.Map<String, List<javax.lang.model.element.ExecutableElement>>> methods =
      new java.util.HashMap<>();

  public TypeMapper(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The methods {@code owner} declares or inherits under {@code name}. */
  public List<javax.lang.model.element.ExecutableElement> methodsNamed(TypeElement owner, String name) {
    return methods.computeIfAbsent(owner, o -> {
      java.util.Map<String, List<javax.lang.model.element.ExecutableElement>> byName = new java.util.HashMap<>();
      for (javax.lang.model.element.ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(o))) {
        byName.computeIfAbsent(m.getSimpleName().toString(), k -> new ArrayList<>()).add(m);
      }
      return byName;
    }).getOrDefault(name, List.of());
  }

  public Elements elements() {
    return elements;
  }

  public Types types() {
    return types;
  }

  /** The IR type of a mirror, or null if the subset has no counterpart (type variables, wildcards...). */
  public Type toIr(TypeMirror mirror) {
    switch (mirror.getKind()) {
      case DOUBLE:
        return Type.DOUBLE;
      case FLOAT:
        return Type.FLOAT;
      case LONG:
        return Type.LONG;
      case INT:
        return Type.INT;
      case SHORT:
        return Type.SHORT;
      case BYTE:
        return Type.BYTE;
      case CHAR:
        return Type.CHAR;
      case BOOLEAN:
        return Type.BOOLEAN;
      case VOID:
        return Type.VOID;
      case ARRAY:
        Type element = toIr(((ArrayType) mirror).getComponentType());
        return element == null ? null : Type.arrayOf(element);
      case DECLARED:
        return reference((DeclaredType) mirror);
      default:
        return null;
    }
  }

  private Type reference(DeclaredType declared) {
    TypeElement element = (TypeElement) declared.asElement();
    List<Type> args = new ArrayList<>();
    for (TypeMirror arg : declared.getTypeArguments()) {
      Type a = toIr(arg);
      if (a == null) {
        return null;
      }
      args.add(a);
    }
    String name = element.getQualifiedName().toString();
    return new Type.Reference(name, args, components(element));
  }

  private List<Type.Component> components(TypeElement element) {
    if (element.getKind() != ElementKind.RECORD) {
      return List.of();
    }
    List<Type.Component> out = new ArrayList<>();
    for (RecordComponentElement c : ElementFilter.recordComponentsIn(element.getEnclosedElements())) {
      Type t = toIr(c.asType());
      if (t == null) {
        t = Type.Reference.of(c.asType().toString());
      }
      out.add(new Type.Component(c.getSimpleName().toString(), t));
    }
    return out;
  }

  /** Fills in a record type's components (IR text stores only the name). */
  public Type.Reference complete(Type.Reference ref) {
    TypeElement element = elements.getTypeElement(ref.name());
    if (element == null || element.getKind() != ElementKind.RECORD) {
      return ref;
    }
    return new Type.Reference(ref.name(), ref.arguments(), components(element));
  }

  /** The mirror of an IR type, or null where it names a class this compilation cannot see. */
  public TypeMirror toMirror(Type type) {
    if (type instanceof Type.Primitive p) {
      return p.kind() == Type.PrimitiveKind.VOID
          ? types.getNoType(TypeKind.VOID)
          : types.getPrimitiveType(TypeKind.valueOf(p.kind().name()));
    }
    if (type instanceof Type.Array a) {
      TypeMirror element = toMirror(a.element());
      return element == null ? null : types.getArrayType(element);
    }
    Type.Reference r = (Type.Reference) type;
    TypeElement element = elements.getTypeElement(r.name());
    if (element == null) {
      return null;
    }
    if (r.arguments().isEmpty()) {
      return element.getTypeParameters().isEmpty() ? element.asType() : types.erasure(element.asType());
    }
    TypeMirror[] args = new TypeMirror[r.arguments().size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = toMirror(r.arguments().get(i));
      if (args[i] == null) {
        return null;
      }
    }
    return types.getDeclaredType(element, args);
  }

  public static boolean isPrimitive(TypeMirror mirror) {
    return mirror instanceof PrimitiveType;
  }
}
