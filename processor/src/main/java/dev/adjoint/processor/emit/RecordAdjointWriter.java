package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.transform.RecordAdjoints;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the mutable adjoint class of a record (a parameter tree): one accumulator per
 * differentiable component, a constructor that shapes nested records, arrays and lists like the
 * primal's, {@code add} to take in a gradient record from a call, and {@code toGradient} to hand the
 * gradient back as a record of the primal's type (zeros where nothing flowed back; components that
 * carry no derivative copied from the primal).
 */
final class RecordAdjointWriter {
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");

  private RecordAdjointWriter() {}

  static TypeSpec write(Type.Reference record, RecordAdjoints records) {
    String simple = records.adjointClassName(record);
    ClassName self = ClassName.bestGuess(simple);
    TypeName primal = TypeNames.of(record);
    TypeSpec.Builder type = TypeSpec.classBuilder(simple)
        .addModifiers(Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Adjoints accumulated for a {@link $T} while differentiating: one per component that\n"
            + "carries a derivative ({@code null} tensors: nothing flowed back yet).\n", primal);
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameter(primal, "primal");
    MethodSpec.Builder add = MethodSpec.methodBuilder("add")
        .addJavadoc("Adds a gradient of the record, such as a call's.\n")
        .addParameter(primal, "gradient");
    List<CodeBlock> gradientArgs = new ArrayList<>();
    for (Type.Component c : record.components()) {
      Type adjoint = records.adjointType(c.type());
      String n = c.name();
      if (adjoint == null) {
        gradientArgs.add(CodeBlock.of("primal.$N()", n));
        continue;
      }
      TypeName at = TypeNames.of(adjoint);
      if (c.type().isFloating()) {
        type.addField(at, n);
        add.addStatement("$N += gradient.$N()", n, n);
        gradientArgs.add(CodeBlock.of("$N", n));
      } else if (c.type().isTensor()) {
        type.addField(at, n);
        add.addStatement("$N = $T.add($N, gradient.$N())", n, JavaWriter.ADJOINTS, n, n);
        gradientArgs.add(CodeBlock.of("$T.orZeros($N, primal.$N())", JavaWriter.ADJOINTS, n, n));
      } else if (c.type() instanceof Type.Array a) {
        type.addField(FieldSpec.builder(at, n, Modifier.FINAL).build());
        if (a.arrayDepth() == 1) {
          ctor.addStatement("this.$N = new $T[primal.$N().length]", n, TypeNames.of(a.element()), n);
        } else {
          ctor.addStatement("this.$N = $T.zerosLike(primal.$N())", n, JavaWriter.ADJOINTS, n);
        }
        add.addStatement("$T.addTo($N, gradient.$N())", JavaWriter.ADJOINTS, n, n);
        gradientArgs.add(CodeBlock.of("$N", n));
      } else if (c.type() instanceof Type.Reference r && r.isRecord()) {
        type.addField(FieldSpec.builder(at, n, Modifier.FINAL).build());
        ctor.addStatement("this.$N = new $T(primal.$N())", n, at, n);
        add.addStatement("$N.add(gradient.$N())", n, n);
        gradientArgs.add(CodeBlock.of("$N.toGradient(primal.$N())", n, n));
      } else if (adjoint instanceof Type.Array) {
        // a list of tensors or numbers: an array of adjoints
        type.addField(FieldSpec.builder(at, n, Modifier.FINAL).build());
        ctor.addStatement("this.$N = new $T[primal.$N().size()]", n, TypeNames.of(adjoint.elementType()), n);
        add.beginControlFlow("for (int i = 0; i < $N.length; i++)", n);
        if (adjoint.elementType().isTensor()) {
          add.addStatement("$N[i] = $T.add($N[i], gradient.$N().get(i))", n, JavaWriter.ADJOINTS, n, n);
        } else {
          add.addStatement("$N[i] += gradient.$N().get(i)", n, n);
        }
        add.endControlFlow();
        gradientArgs.add(CodeBlock.of("$T.orZeros($N, primal.$N())", JavaWriter.ADJOINTS, n, n));
      } else {
        // a list of records: a list of their adjoint objects
        TypeName element = TypeNames.of(((Type.Reference) adjoint).arguments().get(0));
        type.addField(FieldSpec.builder(at, n, Modifier.FINAL).build());
        ctor.addStatement("this.$N = $T.listFor(primal.$N())", n, element, n);
        add.beginControlFlow("for (int i = 0; i < $N.size(); i++)", n);
        add.addStatement("$N.get(i).add(gradient.$N().get(i))", n, n);
        add.endControlFlow();
        gradientArgs.add(CodeBlock.of("$T.gradients($N, primal.$N())", element, n, n));
      }
    }
    type.addMethod(ctor.build());
    type.addMethod(add.build());
    CodeBlock.Builder args = CodeBlock.builder();
    for (int i = 0; i < gradientArgs.size(); i++) {
      args.add(i == 0 ? "$L" : ",\n$L", gradientArgs.get(i));
    }
    type.addMethod(MethodSpec.methodBuilder("toGradient")
        .addJavadoc("The gradient as a {@link $T}.\n", primal)
        .addParameter(primal, "primal")
        .returns(primal)
        .addStatement("return new $T(\n$>$L$<)", primal, args.build())
        .build());
    TypeName listOfSelf = ParameterizedTypeName.get(LIST, self);
    TypeName listOfPrimal = ParameterizedTypeName.get(LIST, primal);
    type.addMethod(MethodSpec.methodBuilder("listFor")
        .addModifiers(Modifier.STATIC)
        .addParameter(listOfPrimal, "primal")
        .returns(listOfSelf)
        .addStatement("$T out = new $T<>(primal.size())", listOfSelf, ARRAY_LIST)
        .beginControlFlow("for ($T element : primal)", primal)
        .addStatement("out.add(new $T(element))", self)
        .endControlFlow()
        .addStatement("return out")
        .build());
    type.addMethod(MethodSpec.methodBuilder("gradients")
        .addModifiers(Modifier.STATIC)
        .addParameter(listOfSelf, "adjoints")
        .addParameter(listOfPrimal, "primal")
        .returns(listOfPrimal)
        .addStatement("$T out = new $T<>(adjoints.size())", listOfPrimal, ARRAY_LIST)
        .beginControlFlow("for (int i = 0; i < adjoints.size(); i++)")
        .addStatement("out.add(adjoints.get(i).toGradient(primal.get(i)))")
        .endControlFlow()
        .addStatement("return $T.copyOf(out)", LIST)
        .build());
    return type.build();
  }
}
