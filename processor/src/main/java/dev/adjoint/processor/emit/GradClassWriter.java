package dev.adjoint.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.GradNames;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.transform.RecordAdjoints;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooGrad}: for each {@code @Differentiable} method of {@code Foo}, its gradient
 * records, the public {@code fGrad} and {@code fValueAndGrad}, the {@code fVjp} that holds the
 * derivative code, and {@code fGrad2}... for higher orders. One object per generated class, in
 * the manner of Dagger's generators: a model in, a {@link JavaFile} out.
 */
public final class GradClassWriter {
  private static final String PROCESSOR = "dev.adjoint.processor.DifferentiableProcessor";

  /** One differentiated method: what the writer needs, free of javac's types. */
  public record Method(
      String base,
      String sourceMethod,
      Function primal,
      List<Var> wrt,
      Type.Reference valueAndGradType,
      Type.Reference gradientType,
      Function vjp,
      List<Function> higher,
      boolean forwardMode) {}

  private GradClassWriter() {}

  /**
   * @param gradClass canonical name of the class to write
   * @param sourceClass canonical name of the class whose methods it differentiates
   */
  /**
   * @param originating the source class, so that incremental builds (Gradle's isolating mode) know
   *     which file this one comes from
   */
  public static JavaFile write(String gradClass, String sourceClass, List<Method> methods, RecordAdjoints records,
      javax.lang.model.element.Element originating) {
    ClassName name = TypeNames.className(gradClass);
    ClassName source = TypeNames.className(sourceClass);
    TypeSpec.Builder type = TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", PROCESSOR)
            .addMember("comments", "$S", "derivatives of " + sourceClass)
            .build())
        .addJavadoc("Derivatives of the {@code @Differentiable} methods of {@link $T}, written at compile time by\n"
            + "Adjoint's annotation processor. Regenerated on every build: edit {@code $L} instead.\n\n"
            + "<p>Each {@code xVjp} method holds the derivative code: a forward sweep that runs the original\n"
            + "statements and keeps what the adjoint sweep needs, then an adjoint sweep that visits them in\n"
            + "reverse. {@code xGrad} and {@code xValueAndGrad} call it with a result adjoint of one.\n",
            source, source.simpleName())
        .addJavadoc(methods.stream().anyMatch(Method::forwardMode)
            ? "\n<p>Methods in forward mode (with a loop, and one or two scalar parameters to differentiate) have\n"
                + "no adjoint sweep: their {@code xVjp} carries each value's derivatives beside it, in one pass.\n"
            : "")
        .addOriginatingElement(originating)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (Method m : methods) {
      addMethod(type, source, m);
    }
    for (Type.Reference record : records.records()) {
      type.addType(RecordAdjointWriter.write(record, records));
    }
    String pkg = name.packageName();
    return JavaFile.builder(pkg, type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private static void addMethod(TypeSpec.Builder type, ClassName source, Method m) {
    TypeName valueType = TypeNames.of(m.primal().returnType());
    String wrtList = m.wrt().stream().map(v -> "{@code " + v.name() + "}").collect(Collectors.joining(", "));
    TypeName gradType;
    if (m.gradientType() != null) {
      MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
      for (Var w : m.wrt()) {
        ctor.addParameter(TypeNames.of(w.type()), w.name());
      }
      type.addType(TypeSpec.recordBuilder(GradNames.gradientRecord(m.base()))
          .addModifiers(Modifier.PUBLIC)
          .recordConstructor(ctor.build())
          .addJavadoc("Gradient of {@link $T#$L} with respect to $L: one component per parameter.\n",
              source, m.sourceMethod(), wrtList)
          .build());
      gradType = TypeNames.of(m.gradientType());
    } else {
      gradType = TypeNames.of(m.wrt().get(0).type());
    }
    type.addType(TypeSpec.recordBuilder(GradNames.valueAndGradRecord(m.base()))
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(MethodSpec.constructorBuilder()
            .addParameter(valueType, "value")
            .addParameter(gradType, "grad")
            .build())
        .addJavadoc("The value of {@link $T#$L} and its gradient, computed in one pass.\n", source, m.sourceMethod())
        .build());
    TypeName valueAndGrad = TypeNames.of(m.valueAndGradType());

    List<ParameterSpec> params = parameters(m.primal().parameters());
    String args = m.primal().parameters().stream().map(Var::name).collect(Collectors.joining(", "));
    String one = oneOf(m.primal().returnType());

    type.addMethod(MethodSpec.methodBuilder(GradNames.grad(m.base()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Gradient of {@link $T#$L} with respect to $L.\n", source, m.sourceMethod(), wrtList)
        .addParameters(params)
        .returns(gradType)
        .addStatement("return $N($L, $L).grad()", GradNames.vjp(m.base()), args, one)
        .build());
    type.addMethod(MethodSpec.methodBuilder(GradNames.valueAndGrad(m.base()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Value and gradient of {@link $T#$L} (with respect to $L), in one pass.\n",
            source, m.sourceMethod(), wrtList)
        .addParameters(params)
        .returns(valueAndGrad)
        .addStatement("return $N($L, $L)", GradNames.vjp(m.base()), args, one)
        .build());
    Function vjp = m.vjp();
    type.addMethod(MethodSpec.methodBuilder(vjp.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Value of {@link $T#$L}, and its gradient scaled by {@code $L} (a vector-Jacobian\n"
            + "product). Holds the derivative code; other generated code calls it to differentiate\n"
            + "through this method.$L\n", source, m.sourceMethod(), last(vjp.parameters()).name(),
            m.forwardMode() ? " In forward mode: one tangent per differentiated parameter, no tape." : "")
        .addParameters(parameters(vjp.parameters()))
        .returns(valueAndGrad)
        .addCode(JavaWriter.body(vjp))
        .build());
    int order = 2;
    for (Function higher : m.higher()) {
      type.addMethod(MethodSpec.methodBuilder(higher.name())
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .addJavadoc("Derivative number $L of {@link $T#$L} with respect to $L: the forward derivative of\n"
              + "the code of the derivative number $L.\n", order, source, m.sourceMethod(), wrtList, order - 1)
          .addParameters(parameters(higher.parameters()))
          .returns(TypeNames.of(higher.returnType()))
          .addCode(JavaWriter.body(higher))
          .build());
      order++;
    }
  }

  private static Var last(List<Var> vars) {
    return vars.get(vars.size() - 1);
  }

  private static List<ParameterSpec> parameters(List<Var> vars) {
    List<ParameterSpec> out = new ArrayList<>();
    for (Var v : vars) {
      out.add(ParameterSpec.builder(TypeNames.of(v.type()), v.name()).build());
    }
    return out;
  }

  /** The adjoint that asks for the plain gradient: one, in the result's type. */
  private static String oneOf(Type t) {
    if (t.isPrimitive(Type.PrimitiveKind.FLOAT)) {
      return "1.0f";
    }
    if (t.isTensor()) {
      return "null"; // the VJP seeds with ones of the result's dtype (Adjoints.seedFor)
    }
    return "1.0";
  }
}
