package dev.adjoint.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code ParamsTreeDef}, the reflection-free {@code dev.adjoint.tree.TreeDef} of a record
 * that generated code differentiates with respect to: how optimizers and tree operations take it
 * apart into tensors and build it again. Leaf order: components in declaration order, depth first.
 */
public final class TreeDefWriter {
  private static final ClassName TREE_DEF = ClassName.get("dev.adjoint.tree", "TreeDef");
  private static final ClassName TREES = ClassName.get("dev.adjoint.tree", "Trees");
  private static final ClassName WRITER = ClassName.get("dev.adjoint.tree", "TreeWriter");
  private static final ClassName READER = ClassName.get("dev.adjoint.tree", "TreeReader");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");

  private TreeDefWriter() {}

  /**
   * @param record the record (with its components)
   * @param defClass canonical name of the class to write
   * @param generatedDefOf the generated def class of a nested record compiled together with this
   *     one, or null (then the def is looked up at run time, once)
   */
  public static JavaFile write(Type.Reference record, String defClass, Function<Type.Reference, String> generatedDefOf,
      javax.lang.model.element.Element originating) {
    ClassName self = TypeNames.className(defClass);
    TypeName tree = TypeNames.of(record);
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(TREE_DEF, tree))
        .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", "dev.adjoint.processor.DifferentiableProcessor")
            .build())
        .addJavadoc("How a {@link $T} comes apart into tensors and goes back together, for optimizers and\n"
            + "{@code dev.adjoint.tree.Trees}; written by Adjoint's annotation processor.\n", tree)
        .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T()", self).build())
        .addOriginatingElement(originating)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("type")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(ClassName.get(Class.class), tree))
            .addStatement("return $T.class", tree)
            .build());
    java.util.Set<String> fields = new java.util.HashSet<>();
    int fixed = 0;
    CodeBlock.Builder count = CodeBlock.builder();
    CodeBlock.Builder flatten = CodeBlock.builder();
    CodeBlock.Builder unflatten = CodeBlock.builder();
    List<CodeBlock> components = new ArrayList<>();
    for (Type.Component c : record.components()) {
      String n = c.name();
      Type t = c.type();
      if (t.isTensor()) {
        fixed++;
        flatten.addStatement("out.add(tree.$N())", n);
        unflatten.addStatement("$T $N = in.next()", TypeNames.of(t), n);
        components.add(CodeBlock.of("$N", n));
      } else if (t.isPrimitive(Type.PrimitiveKind.DOUBLE) || t.isPrimitive(Type.PrimitiveKind.FLOAT)) {
        fixed++;
        flatten.addStatement("out.add(tree.$N())", n);
        unflatten.addStatement(t.isPrimitive(Type.PrimitiveKind.FLOAT)
            ? "float $N = (float) in.nextDouble()" : "double $N = in.nextDouble()", n);
        components.add(CodeBlock.of("$N", n));
      } else if (t instanceof Type.Array a
          && a.element().isPrimitive(Type.PrimitiveKind.DOUBLE)) {
        fixed++;
        flatten.addStatement("out.add(tree.$N())", n);
        unflatten.addStatement("double[] $N = in.nextDoubles()", n);
        components.add(CodeBlock.of("$N", n));
      } else if (t instanceof Type.Reference r && r.isRecord()) {
        CodeBlock def = defOf(r, type, generatedDefOf, fields);
        count.addStatement("count += $L.leafCount(tree.$N())", def, n);
        flatten.addStatement("$L.flatten(tree.$N(), out)", def, n);
        unflatten.addStatement("$T $N = $L.unflatten(template.$N(), in)", TypeNames.of(t), n, def, n);
        components.add(CodeBlock.of("$N", n));
      } else if (t.isList() && t instanceof Type.Reference list && list.arguments().size() == 1
          && isLeafKind(list.arguments().get(0))) {
        Type element = list.arguments().get(0);
        TypeName et = TypeNames.of(element);
        TypeName lt = ParameterizedTypeName.get(LIST, et);
        if (element instanceof Type.Reference r && r.isRecord()) {
          CodeBlock def = defOf(r, type, generatedDefOf, fields);
          count.beginControlFlow("for ($T element : tree.$N())", et, n)
              .addStatement("count += $L.leafCount(element)", def).endControlFlow();
          flatten.beginControlFlow("for ($T element : tree.$N())", et, n)
              .addStatement("$L.flatten(element, out)", def).endControlFlow();
          unflatten.addStatement("$T $N = new $T<>(template.$N().size())", lt, n, ARRAY_LIST, n)
              .beginControlFlow("for ($T element : template.$N())", et, n)
              .addStatement("$N.add($L.unflatten(element, in))", n, def).endControlFlow();
        } else {
          count.addStatement("count += tree.$N().size()", n);
          flatten.beginControlFlow("for ($T element : tree.$N())", et, n)
              .addStatement("out.add(element)").endControlFlow();
          String next = element.isTensor() ? "in.next()" : "in.nextDouble()";
          unflatten.addStatement("$T $N = new $T<>(template.$N().size())", lt, n, ARRAY_LIST, n)
              .beginControlFlow("for (int i = 0; i < template.$N().size(); i++)", n)
              .addStatement("$N.add($L)", n, next).endControlFlow();
        }
        components.add(CodeBlock.of("$T.copyOf($N)", LIST, n));
      } else {
        // carries no derivative: not a leaf, kept from the template
        components.add(CodeBlock.of("template.$N()", n));
      }
    }
    type.addMethod(MethodSpec.methodBuilder("leafCount")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(tree, "tree")
        .returns(int.class)
        .addStatement("int count = $L", fixed)
        .addCode(count.build())
        .addStatement("return count")
        .build());
    type.addMethod(MethodSpec.methodBuilder("flatten")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(tree, "tree")
        .addParameter(WRITER, "out")
        .addCode(flatten.build())
        .build());
    CodeBlock.Builder args = CodeBlock.builder();
    for (int i = 0; i < components.size(); i++) {
      args.add(i == 0 ? "$L" : ", $L", components.get(i));
    }
    type.addMethod(MethodSpec.methodBuilder("unflatten")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(tree, "template")
        .addParameter(READER, "in")
        .returns(tree)
        .addCode(unflatten.build())
        .addStatement("return new $T($L)", tree, args.build())
        .build());
    return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).indent("  ").build();
  }

  private static boolean isLeafKind(Type t) {
    return t.isTensor() || t.isPrimitive(Type.PrimitiveKind.DOUBLE)
        || (t instanceof Type.Reference r && (r.isRecord() || r.name().equals("java.lang.Double")));
  }

  private static CodeBlock defOf(Type.Reference record, TypeSpec.Builder type, Function<Type.Reference, String> generatedDefOf,
      java.util.Set<String> fields) {
    String generated = generatedDefOf.apply(record);
    if (generated != null) {
      return CodeBlock.of("$T.INSTANCE", TypeNames.className(generated));
    }
    // a record from another compilation: its def is found once, when this class loads
    String field = "DEF_" + record.simpleName().toUpperCase();
    TypeName defType = ParameterizedTypeName.get(TREE_DEF, TypeNames.of(record));
    FieldSpec spec = FieldSpec.builder(defType, field, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.def($T.class)", TREES, TypeNames.of(record)).build();
    if (fields.add(field)) {
      type.addField(spec);
    }
    return CodeBlock.of("$N", field);
  }
}
