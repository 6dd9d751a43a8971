package dev.adjoint.processortests;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.DifferentiableProcessor;
import java.io.File;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor where build tools put it: behind an IntelliJ-style dynamic proxy or a
 * Gradle-style delegating environment (both unwrapped to reach javac's Tree API), and under
 * Eclipse's compiler (one clear error, no crash).
 */
class CompilerEnvironmentsTest {
  private static final String SOURCE = """
      package env;
      import dev.adjoint.Differentiable;
      public class E {
        @Differentiable static double f(double x) {
          return x * x * x;
        }
      }
      """;

  /** Hands the real processor a wrapped environment, as a build tool would. */
  private static final class Wrapping extends AbstractProcessor {
    private final DifferentiableProcessor inner = new DifferentiableProcessor();
    private final java.util.function.UnaryOperator<ProcessingEnvironment> wrap;

    Wrapping(java.util.function.UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      inner.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }

  /** Like IntelliJ IDEA's: a dynamic proxy whose handler holds the real environment. */
  private static final class ForwardingHandler implements InvocationHandler {
    private final Object myDelegate;

    ForwardingHandler(Object delegate) {
      this.myDelegate = delegate;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(myDelegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** Like Gradle's incremental wrapper: a class that forwards to a field. */
  private static final class DelegatingEnvironment implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;

    DelegatingEnvironment(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
    @Override public Messager getMessager() { return delegate.getMessager(); }
    @Override public Filer getFiler() { return delegate.getFiler(); }
    @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
    @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
    @Override public Locale getLocale() { return delegate.getLocale(); }
  }

  private static void assertDifferentiates(Compilation c) {
    assertThat(c).succeeded();
    assertTrue(c.generatedSourceFile("env.EGrad").isPresent(), "EGrad was generated");
  }

  @Test
  void unwrapsAnIntellijStyleProxy() {
    Wrapping processor = new Wrapping(env -> (ProcessingEnvironment) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ProcessingEnvironment.class}, new ForwardingHandler(env)));
    assertDifferentiates(Compiler.javac().withProcessors(processor).compile(JavaFileObjects.forSourceString("env.E", SOURCE)));
  }

  @Test
  void unwrapsAGradleStyleDelegatingEnvironment() {
    Wrapping processor = new Wrapping(DelegatingEnvironment::new);
    assertDifferentiates(Compiler.javac().withProcessors(processor).compile(JavaFileObjects.forSourceString("env.E", SOURCE)));
  }

  @Test
  void eclipseCompilerGetsOneClearError(@TempDir Path out) throws Exception {
    JavaCompiler ecj = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = ecj.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      Path sourceFile = out.resolve("src/env/E.java");
      Files.createDirectories(sourceFile.getParent());
      Files.writeString(sourceFile, SOURCE);
      Iterable<? extends JavaFileObject> sources = files.getJavaFileObjects(sourceFile.toFile());
      List<String> options = List.of("-17", "-d", out.resolve("classes").toString(),
          "-s", out.resolve("generated").toString(),
          "-classpath", System.getProperty("java.class.path"), "-proc:only");
      StringWriter log = new StringWriter();
      JavaCompiler.CompilationTask task = ecj.getTask(log, files, diagnostics, options, null, sources);
      task.setProcessors(List.of(new DifferentiableProcessor()));
      boolean ok = task.call();
      List<String> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> d.getMessage(Locale.ROOT))
          .collect(Collectors.toList());
      assertFalse(ok, "compiling with ECJ fails");
      assertEquals(1, errors.size(), "one error: " + errors + " " + log);
      assertTrue(errors.get(0).contains("Compiler Tree API"), errors.get(0));
      assertFalse(Files.exists(out.resolve("generated/env/EGrad.java")));
    }
  }

  @Test
  void theClassPathIsWhatTheEclipseTestAssumes() {
    assertTrue(System.getProperty("java.class.path").contains("adjoint-annotations")
        || System.getProperty("java.class.path").contains("annotations" + File.separator + "target"),
        "the surefire class path lists the project's jars (useManifestOnlyJar=false)");
  }
}
