package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Type;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/** Reads the type written in a declaration ({@code double[]}, {@code Tensor}, {@code List<Layer>}). */
final class TypeTreeReader {
  private final TypeMapper typeMapper;
  private final NameResolver names;

  TypeTreeReader(TypeMapper typeMapper, NameResolver names) {
    this.typeMapper = typeMapper;
    this.names = names;
  }

  Type read(Tree tree) {
    if (tree instanceof PrimitiveTypeTree p) {
      return switch (p.getPrimitiveTypeKind()) {
        case DOUBLE -> Type.DOUBLE;
        case FLOAT -> Type.FLOAT;
        case LONG -> Type.LONG;
        case INT -> Type.INT;
        case SHORT -> Type.SHORT;
        case BYTE -> Type.BYTE;
        case CHAR -> Type.CHAR;
        case BOOLEAN -> Type.BOOLEAN;
        default -> throw new ReadException(tree, "type " + tree + " is not supported here");
      };
    }
    if (tree instanceof ArrayTypeTree a) {
      return Type.arrayOf(read(a.getType()));
    }
    TypeMirror mirror = mirror(tree);
    Type t = typeMapper.toIr(mirror);
    if (t == null) {
      throw new ReadException(tree, "type " + tree + " is outside the differentiable subset");
    }
    return t;
  }

  private TypeMirror mirror(Tree tree) {
    if (tree instanceof ParameterizedTypeTree p) {
      TypeElement raw = resolve(p.getType());
      TypeMirror[] args = new TypeMirror[p.getTypeArguments().size()];
      for (int i = 0; i < args.length; i++) {
        Tree argTree = p.getTypeArguments().get(i);
        args[i] = argTree instanceof ParameterizedTypeTree ? mirror(argTree) : typeMapper.toMirror(read(argTree));
      }
      return typeMapper.types().getDeclaredType(raw, args);
    }
    if (tree instanceof ExpressionTree e) {
      return resolve(e).asType();
    }
    throw new ReadException(tree, "type " + tree + " is not supported here");
  }

  private TypeElement resolve(Tree tree) {
    TypeElement t = tree instanceof ExpressionTree e ? names.resolveType(e) : null;
    if (t == null) {
      throw new ReadException(tree, "cannot find class " + tree);
    }
    return t;
  }
}
