package dev.adjoint.processortests;

import dev.adjoint.processor.DifferentiableProcessor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Measures what the processor adds to compiling a class of 100 differentiable methods, either
 * {@code typical} ones (small methods like those people write) or random programs of the subset
 * (a fixed seed; nested loops, branches and jumps): javac in this JVM, warmed up, with and without
 * the processor, alternating, reporting medians. Run by {@code processor-tests/scripts/compile-time.sh};
 * not a test, since timings belong in benchmarks.
 */
public final class CompileTime {
  private CompileTime() {}

  /** Small methods of the kinds people write: straight lines, a branch, a loop or two, a call. */
  private static final String[] TYPICAL = {
    """
      @Differentiable static double energy%d(double mass, double length, double angle, double velocity) {
        double height = length * (1 - Math.cos(angle));
        double kinetic = 0.5 * mass * velocity * velocity;
        return kinetic + mass * 9.81 * height;
      }
    """,
    """
      @Differentiable static double huber%d(double prediction, double target, double delta) {
        double r = prediction - target;
        if (Math.abs(r) <= delta) {
          return 0.5 * r * r;
        }
        return delta * (Math.abs(r) - 0.5 * delta);
      }
    """,
    """
      @Differentiable static double mse%d(double[] w, double b, double[][] xs, double[] ys) {
        double total = 0;
        for (int i = 0; i < xs.length; i++) {
          double prediction = b;
          for (int j = 0; j < w.length; j++) {
            prediction += xs[i][j] * w[j];
          }
          double error = prediction - ys[i];
          total += error * error;
        }
        return total / xs.length;
      }
    """,
    """
      @Differentiable static double logistic%d(double r, double x0, int steps) {
        double x = x0;
        for (int i = 0; i < steps; i++) {
          x = r * x * (1 - x);
        }
        return x;
      }
    """,
    """
      @Differentiable(wrt = {"w", "b"}) static double likelihood%d(double[] w, double b, double[] x, double label) {
        double z = b;
        for (int j = 0; j < w.length; j++) {
          z += w[j] * x[j];
        }
        double p = 1 / (1 + Math.exp(-z));
        return label * Math.log(p) + (1 - label) * Math.log(1 - p);
      }
    """,
  };

  public static void main(String[] args) throws IOException {
    boolean typical = args.length > 0 && args[0].equals("typical");
    int first = typical ? 1 : 0;
    int methods = args.length > first ? Integer.parseInt(args[first]) : 100;
    int rounds = args.length > first + 1 ? Integer.parseInt(args[first + 1]) : 15;
    Path dir = Files.createTempDirectory("adjoint-compile-time");
    Random random = new Random(20261123);
    StringBuilder src = new StringBuilder("package timing;\nimport dev.adjoint.Differentiable;\npublic class C {\n");
    if (typical) {
      for (int k = 0; k < methods; k++) {
        src.append(String.format(TYPICAL[k % TYPICAL.length], k));
      }
    } else {
      src.append(RandomProgramGenerator.HELPER);
      for (int k = 0; k < methods; k++) {
        src.append(RandomProgramGenerator.method(random, "p" + k));
      }
    }
    src.append("}\n");
    Path source = dir.resolve("timing/C.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, src.toString());

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<Long> without = new ArrayList<>();
    List<Long> with = new ArrayList<>();
    for (int round = 0; round < rounds + 3; round++) {
      long a = compile(javac, dir, source, false);
      long b = compile(javac, dir, source, true);
      if (round >= 3) {
        without.add(a);
        with.add(b);
      }
    }
    long plain = median(without);
    long processed = median(with);
    System.out.printf("%d %s methods, %d lines of source; median of %d warm compilations%n",
        methods, typical ? "typical" : "random (nested loops, branches, jumps)", src.toString().split("\n").length, rounds);
    System.out.printf("javac alone:          %5d ms%n", plain);
    System.out.printf("javac with Adjoint:   %5d ms (generating and compiling the derivatives)%n", processed);
    System.out.printf("added by the processor: %d ms%n", processed - plain);
  }

  private static long compile(JavaCompiler javac, Path dir, Path source, boolean withProcessor) throws IOException {
    Path out = Files.createTempDirectory(dir, "out");
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-s", out.toString(),
          "-classpath", System.getProperty("java.class.path"), "-nowarn", "-Xlint:none"));
      if (!withProcessor) {
        options.add("-proc:none");
      }
      JavaCompiler.CompilationTask task = javac.getTask(null, files, d -> {}, options, null,
          files.getJavaFileObjects(source.toFile()));
      if (withProcessor) {
        task.setProcessors(List.of(new DifferentiableProcessor()));
      }
      long start = System.nanoTime();
      boolean ok = task.call();
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (!ok && withProcessor) {
        throw new IllegalStateException("compilation failed");
      }
      return elapsed;
    }
  }

  private static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  static String classPath() {
    return String.join(File.pathSeparator, Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
  }
}
