package dev.adjoint.processor;

import com.palantir.javapoet.JavaFile;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodRef;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.MethodReader;
import dev.adjoint.processor.read.PositionTable;
import dev.adjoint.processor.read.ReadException;
import dev.adjoint.processor.read.TypeMapper;
import dev.adjoint.processor.rules.IrLibrary;
import dev.adjoint.processor.rules.IrStore;
import dev.adjoint.processor.rules.RuleCatalog;
import dev.adjoint.processor.transform.RecordAdjoints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Runs the pipeline over one round: reads every rule and differentiable method (read), checks
 * and differentiates each differentiable method ({@link MethodCompiler}: normalize, analyze,
 * transform), writes one {@code FooGrad} per class (emit), and stores the IR of the class's
 * methods for other compilations.
 */
final class DerivativeCompiler implements DifferentiableProcessor.RoundProcessor {
  private final ProcessingEnvironment env;
  private final Trees trees;
  private final TypeMapper types;
  /** Records whose TreeDef this processor has written (across rounds), by canonical name. */
  private final java.util.Set<String> treeDefsWritten = new java.util.HashSet<>();

  private DerivativeCompiler(ProcessingEnvironment env, Trees trees) {
    this.env = env;
    this.trees = trees;
    this.types = new TypeMapper(env.getElementUtils(), env.getTypeUtils());
  }

  static DifferentiableProcessor.RoundProcessor create(ProcessingEnvironment env) {
    Trees trees = TreesAccess.trees(env);
    if (trees == null) {
      boolean[] reported = {false};
      return round -> {
        if (!reported[0]) {
          reported[0] = true;
          env.getMessager().printMessage(Diagnostic.Kind.ERROR,
              "Adjoint could not reach javac's Compiler Tree API through this build tool's processing environment; compile with plain javac (Maven or Gradle)");
        }
      };
    }
    return new DerivativeCompiler(env, trees);
  }

  /** A method read from source, with what reporting about it needs. */
  private record Source(ExecutableElement element, MethodTree tree, Function function, PositionTable positions,
      JavacDiagnostics diagnostics) {}

  @Override
  public void process(RoundEnvironment round) {
    TypeElement differentiableAnnotation = env.getElementUtils().getTypeElement(DifferentiableProcessor.DIFFERENTIABLE);
    TypeElement ruleAnnotation = env.getElementUtils().getTypeElement(DifferentiableProcessor.DERIVATIVE_OF);
    Set<ExecutableElement> differentiable = new LinkedHashSet<>(differentiableAnnotation == null
        ? Set.of() : ElementFilter.methodsIn(round.getElementsAnnotatedWith(differentiableAnnotation)));
    Set<ExecutableElement> rules = new LinkedHashSet<>(ruleAnnotation == null
        ? Set.of() : ElementFilter.methodsIn(round.getElementsAnnotatedWith(ruleAnnotation)));
    if (differentiable.isEmpty() && rules.isEmpty()) {
      return;
    }
    IrLibrary library = new IrLibrary(env.getFiler(), types);
    RuleCatalog catalog = new RuleCatalog(types, rules, library::storedParameterNames);
    library.resolveCallsWith(catalog);
    Map<TypeElement, Map<String, Function>> storedBodies = new LinkedHashMap<>();

    for (ExecutableElement rule : rules) {
      Source s = read(rule, catalog, true);
      if (s != null && s.function() != null) {
        library.add(refOf(rule), s.function());
        storedBodies.computeIfAbsent(owner(rule), k -> new LinkedHashMap<>()).put(refOf(rule).key(), s.function());
      }
    }
    Map<TypeElement, List<Source>> byClass = new LinkedHashMap<>();
    for (ExecutableElement method : differentiable) {
      Source s = read(method, catalog, false);
      if (s == null) {
        continue;
      }
      byClass.computeIfAbsent(owner(method), k -> new ArrayList<>()).add(s);
      if (s.function() != null) {
        library.add(refOf(method), s.function());
        storedBodies.computeIfAbsent(owner(method), k -> new LinkedHashMap<>()).put(refOf(method).key(), s.function());
      }
    }
    Map<String, Type.Reference> differentiatedRecords = new LinkedHashMap<>();
    for (Map.Entry<TypeElement, List<Source>> e : byClass.entrySet()) {
      for (Type.Reference r : writeGradClass(e.getKey(), e.getValue(), library)) {
        differentiatedRecords.putIfAbsent(r.name(), r);
      }
    }
    writeTreeDefs(differentiatedRecords);
    for (Map.Entry<TypeElement, Map<String, Function>> e : storedBodies.entrySet()) {
      try {
        IrStore.write(env.getFiler(), env.getElementUtils(), e.getKey(), e.getValue());
      } catch (IOException | RuntimeException ex) {
        env.getMessager().printMessage(Diagnostic.Kind.WARNING,
            "Adjoint could not store the IR of " + e.getKey() + " (" + ex.getMessage()
                + "); other compilations will not take higher derivatives through it", e.getKey());
      }
    }
  }

  private static TypeElement owner(ExecutableElement m) {
    return (TypeElement) m.getEnclosingElement();
  }

  private MethodRef refOf(ExecutableElement m) {
    List<Type> paramTypes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      Type t = types.toIr(p.asType());
      paramTypes.add(t == null ? Type.Reference.of(p.asType().toString()) : t);
      names.add(p.getSimpleName().toString());
    }
    Type ret = types.toIr(m.getReturnType());
    return new MethodRef(owner(m).getQualifiedName().toString(), m.getSimpleName().toString(),
        paramTypes, names, ret == null ? Type.VOID : ret, true, dev.adjoint.processor.ir.CallDerivative.NONE);
  }

  /**
   * Reads a method's body. For a rule, problems are not errors (a rule may use any Java; only
   * its higher derivatives need the subset), so they are dropped quietly.
   */
  private Source read(ExecutableElement method, RuleCatalog catalog, boolean quiet) {
    TreePath path = trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree)) {
      return null;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    PositionTable positions = new PositionTable(trees, unit);
    JavacDiagnostics diagnostics = new JavacDiagnostics(trees, env.getMessager(), positions, method);
    if (!quiet && !method.getModifiers().contains(Modifier.STATIC)) {
      diagnostics.errorAt(tree, "@Differentiable methods must be static: Adjoint differentiates with respect to parameters, not object state");
      return new Source(method, tree, null, positions, diagnostics);
    }
    try {
      MethodReader reader = new MethodReader(types, catalog.forClass(owner(method)));
      MethodReader.Result result = reader.read(method, tree, unit, positions);
      if (!quiet) {
        for (ReadException e : result.errors()) {
          diagnostics.errorAt(e.tree(), e.getMessage());
        }
      }
      return new Source(method, tree, result.function(), positions, diagnostics);
    } catch (RuntimeException e) {
      if (!quiet) {
        internalError(method, e);
      }
      return new Source(method, tree, null, positions, diagnostics);
    }
  }

  /** Writes the class for {@code owner}; returns the records it differentiates with respect to. */
  private java.util.Collection<Type.Reference> writeGradClass(TypeElement owner, List<Source> sources, IrLibrary library) {
    List<GradClassWriter.Method> methods = new ArrayList<>();
    String gradClass = DifferentiableSignature.gradClassOf(owner);
    RecordAdjoints records = new RecordAdjoints(gradClass);
    for (Source s : sources) {
      if (s.function() == null) {
        continue;
      }
      try {
        if (s.element().getSimpleName().contentEquals(
            env.getOptions().getOrDefault(DifferentiableProcessor.SELF_TEST_FAIL_IN, "\0"))) {
          throw new IllegalStateException("self-test failure requested by -A" + DifferentiableProcessor.SELF_TEST_FAIL_IN);
        }
        DifferentiableSignature sig = DifferentiableSignature.of(s.element(), types);
        GradClassWriter.Method m = new MethodCompiler(sig, s.element(), s.tree(), s.diagnostics(), library, records).compile(s.function());
        if (m != null) {
          methods.add(m);
        }
      } catch (RuntimeException e) {
        internalError(s.element(), e);
      }
    }
    if (methods.isEmpty()) {
      return records.records();
    }
    try {
      JavaFile file = GradClassWriter.write(gradClass, owner.getQualifiedName().toString(), methods, records, owner);
      file.writeTo(env.getFiler());
    } catch (IOException | RuntimeException e) {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR,
          "Adjoint could not write " + gradClass + ": " + e, owner);
    }
    return records.records();
  }

  /**
   * Writes a TreeDef for each differentiated record compiled here (a record from a library had its
   * own written when the library was compiled). Private records are skipped: nothing outside them
   * could use the def.
   */
  private void writeTreeDefs(Map<String, Type.Reference> records) {
    java.util.function.Function<Type.Reference, String> defOf = r -> {
      TypeElement e = env.getElementUtils().getTypeElement(r.name());
      return e != null && trees.getPath(e) != null && !e.getModifiers().contains(Modifier.PRIVATE)
          ? treeDefClassOf(e) : null;
    };
    for (Type.Reference record : records.values()) {
      String defClass = defOf.apply(record);
      if (defClass == null || !treeDefsWritten.add(record.name())) {
        continue;
      }
      TypeElement element = env.getElementUtils().getTypeElement(record.name());
      try {
        JavaFile file = dev.adjoint.processor.emit.TreeDefWriter.write(record, defClass, defOf, element);
        file.writeTo(env.getFiler());
      } catch (IOException | RuntimeException ex) {
        env.getMessager().printMessage(Diagnostic.Kind.WARNING,
            "Adjoint could not write the tree definition of " + record.name() + " (" + ex
                + "); dev.adjoint.tree.Trees will fall back to reading it reflectively", element);
      }
    }
  }

  /** {@code p.ParamsTreeDef} for {@code p.Params}, {@code p.Outer_ParamsTreeDef} for {@code p.Outer.Params}. */
  static String treeDefClassOf(TypeElement record) {
    String grad = DifferentiableSignature.gradClassOf(record);
    return grad.substring(0, grad.length() - "Grad".length()) + "TreeDef";
  }

  private void internalError(ExecutableElement method, RuntimeException e) {
    StackTraceElement[] stack = e.getStackTrace();
    String where = stack.length == 0 ? "" : " at " + stack[0];
    env.getMessager().printMessage(Diagnostic.Kind.ERROR,
        "Adjoint failed on this method (a bug in Adjoint; please report it with the method): "
            + e + where, method);
  }
}
