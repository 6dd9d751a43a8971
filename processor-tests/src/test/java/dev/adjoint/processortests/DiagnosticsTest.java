package dev.adjoint.processortests;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every construct outside the subset is a compile error at its own line, saying what is not
 * supported and what to write instead; the processor never throws into javac.
 */
class DiagnosticsTest {

  /** A class with one differentiable method whose body is {@code body}; the body starts on line 6. */
  private static JavaFileObject source(String body) {
    return JavaFileObjects.forSourceString("d.D", """
        package d;
        import dev.adjoint.Differentiable;
        public class D {
          static double field;
          @Differentiable static double f(double x, double[] w) {
        """ + body + """

          }
          static double helper(double x) { return x; }
          double instance(double x) { return x; }
          record Pair(double a, double b) {}
        }
        """);
  }

  private static Compilation compile(JavaFileObject source) {
    return Program.compilation("d.D", sourceText(source));
  }

  private static String sourceText(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      try/catch       | try { x = x * 2; } catch (RuntimeException e) { x = 0; } return x;            | try/catch is not supported
      throw           | if (x < 0) throw new IllegalArgumentException(); return x;                   | throw is not supported
      switch          | switch ((int) x) { case 1: x = 2; break; default: x = 3; } return x;         | switch is not supported in a @Differentiable method: write an if/else chain
      lambda          | java.util.function.DoubleUnaryOperator g = v -> v * 2; return g.applyAsDouble(x); | lambdas are not supported
      method ref      | java.util.function.DoubleUnaryOperator g = Math::sin; return g.applyAsDouble(x); | method references are not supported
      field write     | field = x; return x;                                                            | cannot assign to 'field'
      string concat   | double y = ("a" + x).length(); return y;                                      | strings are not supported
      new object      | Pair p = new Pair(x, x); return p.a();                                         | creating objects is not supported
      null            | double[] a = null; return x;                                                    | null is not supported
      instanceof      | Object o = w; return o instanceof double[] ? x : 0;                            | instanceof is not supported
      unused call     | Math.sin(x); return x;                                                          | a call whose result is unused does nothing
      parameter write | w[0] = x; return w[0];                                                          | cannot write into 'w': it is (or may be) the caller's array
      aliased write   | double[] v = w; v[1] = x; return v[1];                                          | cannot write into 'v'
      instance call   | return instance(x);                                                             | 'instance' is an instance method
      assert          | assert x > 0; return x;                                                         | assert is not supported
      synchronized    | synchronized (D.class) { x = x + 1; } return x;                                | synchronized is not supported
      local class     | class L {} return x;                                                            | local classes are not supported
      labeled block   | b: { x = 1; } return x;                                                         | labels are supported on loops only
      no derivative   | return helper(x) * 2;                                                           | D.helper has no derivative: annotate it @Differentiable, or give it a @DerivativeOf rule
      unknown name    | return y;                                                                       | cannot find 'y'
      """)
  void unsupportedConstructIsAnErrorOnItsLine(String what, String body, String message) {
    JavaFileObject src = source("    " + body);
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(findFile(c)).onLine(6);
  }

  private static JavaFileObject findFile(Compilation c) {
    return c.sourceFiles().get(0);
  }

  @Test
  void errorsInSeveralStatementsAreAllReported() {
    Compilation c = compile(source("""
            try { x = 1; } finally { x = 2; }
            field = 3;
            return x;"""));
    assertThat(c).hadErrorContaining("try/catch is not supported").inFile(findFile(c)).onLine(6);
    assertThat(c).hadErrorContaining("cannot assign to 'field'").inFile(findFile(c)).onLine(7);
  }

  @Test
  void aBugInsideTheProcessorIsAnErrorAtTheMethodNotACrash() {
    Compilation c = com.google.testing.compile.Compiler.javac()
        .withProcessors(new dev.adjoint.processor.DifferentiableProcessor())
        .withOptions("-Aadjoint.selfTest.failIn=broken")
        .compile(JavaFileObjects.forSourceString("d.B", """
            package d;
            import dev.adjoint.Differentiable;
            public class B {
              @Differentiable static double fine(double x) { return x * x; }
              @Differentiable static double broken(double x) { return x; }
            }
            """));
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("Adjoint failed on this method (a bug in Adjoint").inFile(c.sourceFiles().get(0)).onLine(5);
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void anErrorInACalleeIsReportedAtTheCalleeAndAtTheCallerWithTheCalleesLine() {
    Compilation c = Program.compilation("d.C", """
        package d;
        import dev.adjoint.Differentiable;
        public class C {
          @Differentiable static double helper(double a, double b) {
            return Math.tanh(a) * Math.IEEEremainder(a, b);
          }

          @Differentiable static double f(double x, double y) {
            double s = x * y;
            return helper(s, y) + x;
          }
        }
        """);
    assertThat(c).hadErrorContaining("Math.IEEEremainder has no derivative").inFile(c.sourceFiles().get(0)).onLine(5);
    // the inlined callee's positions mean nothing in the caller: its error goes to the caller
    // itself, naming the callee's line, instead of to some unrelated expression of the caller
    assertThat(c).hadErrorContaining("in the body of a @Differentiable method this one calls, line 5")
        .inFile(c.sourceFiles().get(0)).onLine(8);
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void instanceMethodsAreRejected() {
    Compilation c = Program.compilation("d.E", """
        package d;
        import dev.adjoint.Differentiable;
        public class E {
          @Differentiable double f(double x) {
            return x;
          }
        }
        """);
    assertThat(c).hadErrorContaining("@Differentiable methods must be static").inFile(c.sourceFiles().get(0)).onLine(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown wrt      | @Differentiable(wrt = "q") static double f(double x) { return x; }          | wrt names 'q', which is not a parameter of f
      int wrt          | @Differentiable(wrt = "n") static double f(double x, int n) { return x * n; } | cannot differentiate with respect to 'n'
      int result       | @Differentiable static int f(double x) { return (int) x; }                    | a @Differentiable method returns a double, a float or a scalar Tensor
      nothing to diff  | @Differentiable static double f(int n) { return n; }                          | has no parameter to differentiate with respect to
      order two params | @Differentiable(order = 2) static double f(double x, double y) { return x * y; } | order = 2 needs a method of one differentiated double parameter
      order zero       | @Differentiable(order = 0) static double f(double x) { return x; }            | order must be 1 or more
      generic          | @Differentiable static <T> double f(double x) { return x; }                   | generic @Differentiable methods are not supported
      forward array    | @Differentiable(mode = Differentiable.Mode.FORWARD) static double f(double x, double[] w) { return x * w[0]; } | mode = FORWARD differentiates with respect to double and float parameters only, not 'w' (double[]): use mode = REVERSE (or AUTO), or name the scalar parameters in wrt
      """)
  void badSignaturesAreReported(String what, String method, String message) {
    Compilation c = Program.compilation("d.S", "package d;\nimport dev.adjoint.Differentiable;\npublic class S {\n  " + method + "\n}\n");
    assertThat(c).hadErrorContaining(message).inFile(c.sourceFiles().get(0)).onLine(4);
  }

  @Test
  void forwardModeAskedForWhereItCannotCarryTheDerivativeIsAnErrorAtTheExpression() {
    Compilation c = Program.compilation("d.F", """
        package d;
        import dev.adjoint.Differentiable;
        public class F {
          @Differentiable(mode = Differentiable.Mode.FORWARD)
          static double f(double x) {
            double[] a = new double[3];
            for (int i = 0; i < 3; i++) {
              a[i] = x * i;
            }
            return a[2];
          }

          @Differentiable(wrt = "x", mode = Differentiable.Mode.FORWARD)
          static double data(double x, double[] w) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s = s * x + w[i];
            }
            return s;
          }
        }
        """);
    assertThat(c).hadErrorContaining("forward mode carries derivatives through double and float variables only, not through array elements: use mode = REVERSE")
        .inFile(c.sourceFiles().get(0)).onLine(8);
    // an array parameter outside wrt is data: forward mode reads it
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aParameterThatOnlyReachesTheResultThroughIntegersGetsAWarning() {
    Compilation c = Program.compilation("d.W", """
        package d;
        import dev.adjoint.Differentiable;
        public class W {
          @Differentiable static double f(double x,
                                          double y) {
            int k = (int) y;
            return y > 0 ? x * k : x;
          }
        }
        """);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("the gradient with respect to 'y' is always zero").inFile(c.sourceFiles().get(0)).onLine(5);
  }

  @Test
  void aCalleeNotDifferentiatedWithRespectToAnArgumentIsAnError() {
    Compilation c = Program.compilation("d.C", """
        package d;
        import dev.adjoint.Differentiable;
        public class C {
          @Differentiable(wrt = "a") static double g(double a, double b) { return a * b; }
          @Differentiable static double f(double x) {
            return g(1.0, x);
          }
        }
        """);
    assertThat(c).hadErrorContaining("C.g is not differentiated with respect to 'b'").inFile(c.sourceFiles().get(0)).onLine(6);
  }
}
