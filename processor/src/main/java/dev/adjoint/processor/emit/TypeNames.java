package dev.adjoint.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Type;

/** IR types as JavaPoet type names (so that the generated file imports what it uses). */
public final class TypeNames {
  private TypeNames() {}

  public static TypeName of(Type t) {
    if (t instanceof Type.Primitive p) {
      return switch (p.kind()) {
        case DOUBLE -> TypeName.DOUBLE;
        case FLOAT -> TypeName.FLOAT;
        case LONG -> TypeName.LONG;
        case INT -> TypeName.INT;
        case SHORT -> TypeName.SHORT;
        case BYTE -> TypeName.BYTE;
        case CHAR -> TypeName.CHAR;
        case BOOLEAN -> TypeName.BOOLEAN;
        case VOID -> TypeName.VOID;
      };
    }
    if (t instanceof Type.Array a) {
      return ArrayTypeName.of(of(a.element()));
    }
    Type.Reference r = (Type.Reference) t;
    ClassName raw = className(r.name());
    if (r.arguments().isEmpty()) {
      return raw;
    }
    TypeName[] args = r.arguments().stream().map(TypeNames::of).toArray(TypeName[]::new);
    return ParameterizedTypeName.get(raw, args);
  }

  /** A class by canonical name; nested classes are told apart by their capitalized segments. */
  public static ClassName className(String canonicalName) {
    return ClassName.bestGuess(canonicalName);
  }
}
