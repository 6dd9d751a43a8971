package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Adjoint's annotation processor: writes the derivatives of {@code @Differentiable} methods as
 * Java source, and keeps the bodies of {@code @DerivativeOf} rules for other compilations.
 *
 * <p>This class only checks that the compiler offers javac's Tree API (method bodies are read
 * through it) and hands each round to {@link DerivativeCompiler}; it does not itself mention
 * {@code com.sun.source}, so that a compiler without it (Eclipse's ECJ) gets one clear error
 * rather than a {@code NoClassDefFoundError}.
 */
@AutoService(Processor.class)
public final class DifferentiableProcessor extends AbstractProcessor {
  static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";
  static final String DERIVATIVE_OF = "dev.adjoint.DerivativeOf";

  private RoundProcessor delegate;
  private boolean unavailableReported;

  /** What processes rounds once the Tree API is known to be there. */
  interface RoundProcessor {
    void process(RoundEnvironment round);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(DIFFERENTIABLE, DERIVATIVE_OF);
  }

  /**
   * {@code -Aadjoint.selfTest.failIn=NAME}: makes the pipeline throw while differentiating the
   * method NAME, so that tests can check that a bug inside the processor reaches the user as an
   * error at the method and not as a stack trace into javac.
   */
  static final String SELF_TEST_FAIL_IN = "adjoint.selfTest.failIn";

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SELF_TEST_FAIL_IN);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    if (hasTreeApi()) {
      delegate = DerivativeCompiler.create(env);
    }
  }

  private static boolean hasTreeApi() {
    try {
      Class.forName("com.sun.source.util.Trees", false, DifferentiableProcessor.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (annotations.isEmpty()) {
      return false;
    }
    if (delegate == null) {
      if (!unavailableReported) {
        unavailableReported = true;
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            "Adjoint reads @Differentiable method bodies through javac's Compiler Tree API "
                + "(com.sun.source), which this compiler does not provide. Compile with javac "
                + "(Maven, Gradle, or IntelliJ IDEA's javac setting); Eclipse's ECJ is not supported.");
      }
      return false;
    }
    delegate.process(round);
    return false;
  }
}
