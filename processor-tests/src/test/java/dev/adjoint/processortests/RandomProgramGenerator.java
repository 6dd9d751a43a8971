package dev.adjoint.processortests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random methods of the differentiable subset, {@code static double name(double x, double
 * y, double[] w, double[][] m)}: declarations (some without a value, assigned in a branch),
 * assignments (compound too), branches, counted loops over the array, loops over m's rows held in
 * local variables, bounded while loops, break, continue and early returns, local arrays
 * (optional; scratch arrays refilled in each iteration among them), calls to a differentiable
 * helper, and {@code Math}. Values are kept bounded (tanh, sin, safe divisions) so that central
 * differences stay meaningful.
 */
final class RandomProgramGenerator {
  private final Random random;
  private final StringBuilder out = new StringBuilder();
  private final List<String> doubles = new ArrayList<>();
  private final List<String> arrays = new ArrayList<>();
  private final List<String> indices = new ArrayList<>();
  /** Rows of {@code m} held in local variables by enclosing row loops (each has an element). */
  private final List<String> rows = new ArrayList<>();
  private int counter;
  private int indent;
  private int loopDepth;
  private final boolean localArrays;

  private RandomProgramGenerator(Random random, boolean localArrays) {
    this.random = random;
    this.localArrays = localArrays;
  }

  /** The helper every program may call; it is part of the generated class. */
  static final String HELPER = """
        @Differentiable static double helper(double a, double b) {
          double t = Math.tanh(a * b + 0.3);
          return t * a - Math.sin(b) * 0.5;
        }
      """;

  static String method(Random random, String name) {
    return method(random, name, "@Differentiable", true);
  }

  /**
   * A method under {@code annotation}; without {@code localArrays} it declares no arrays of its
   * own (what forward mode does not carry derivatives through), only reads {@code w}.
   */
  static String method(Random random, String name, String annotation, boolean localArrays) {
    RandomProgramGenerator g = new RandomProgramGenerator(random, localArrays);
    return g.generate(name, annotation);
  }

  private String generate(String name, String annotation) {
    line(annotation + " static double " + name + "(double x, double y, double[] w, double[][] m) {");
    indent++;
    doubles.add("x");
    doubles.add("y");
    int statements = 2 + random.nextInt(5);
    for (int i = 0; i < statements; i++) {
      statement(0);
    }
    line("return " + expression(2) + ";");
    indent--;
    line("}");
    return out.toString();
  }

  private void line(String s) {
    out.append("  ".repeat(indent + 1)).append(s).append('\n');
  }

  private String fresh(String prefix) {
    return prefix + (counter++);
  }

  private String pick(List<String> names) {
    return names.get(random.nextInt(names.size()));
  }

  private void statement(int depth) {
    int choice = random.nextInt(depth >= 2 ? 5 : 12);
    switch (choice) {
      case 0, 1 -> declare();
      case 2 -> assign();
      case 3 -> compoundAssign();
      case 4 -> arrayStatement();
      case 5, 6 -> branch(depth);
      case 7 -> forLoop(depth);
      case 8 -> whileLoop(depth);
      case 9 -> earlyReturn();
      case 10 -> rowLoop(depth);
      default -> {
        if (localArrays && depth == 0) {
          refilledBuffer(depth);
        } else {
          forLoop(depth);
        }
      }
    }
  }

  private void declare() {
    String v = fresh("v");
    if (random.nextInt(4) == 0) {
      // declared without a value, assigned on both paths of a branch
      line("double " + v + ";");
      line("if (" + condition() + ") {");
      line("  " + v + " = " + expression(2) + ";");
      line("} else {");
      line("  " + v + " = " + expression(1) + ";");
      line("}");
    } else {
      line("double " + v + " = " + expression(2) + ";");
    }
    doubles.add(v);
  }

  private void assign() {
    String v = pick(doubles);
    if (loopDepth > 0) {
      line(v + " = Math.tanh(" + expression(2) + ");");
    } else {
      line(v + " = " + expression(2) + ";");
    }
  }

  private void compoundAssign() {
    String v = pick(doubles);
    String op = random.nextBoolean() ? "+=" : "-=";
    if (random.nextInt(4) == 0 && loopDepth == 0) {
      line(v + " *= " + bounded(expression(1)) + ";");
    } else {
      line(v + " " + op + " 0.25 * Math.sin(" + expression(2) + ");");
    }
  }

  private void arrayStatement() {
    if (!localArrays) {
      declare();
      return;
    }
    if (arrays.isEmpty() || random.nextInt(3) == 0) {
      String a = fresh("a");
      line("double[] " + a + " = new double[w.length];");
      arrays.add(a);
      return;
    }
    String a = pick(arrays);
    if (!indices.isEmpty()) {
      String i = pick(indices);
      line(a + "[" + i + "] = Math.tanh(" + a + "[" + i + "] + " + expression(2) + ");");
    } else {
      line("if (w.length > 0) {");
      indent++;
      line(a + "[0] += Math.sin(" + expression(2) + ");");
      indent--;
      line("}");
    }
  }

  private void branch(int depth) {
    line("if (" + condition() + ") {");
    block(depth + 1);
    if (random.nextBoolean()) {
      line("} else {");
      block(depth + 1);
    }
    line("}");
  }

  private void block(int depth) {
    indent++;
    int doublesBefore = doubles.size();
    int arraysBefore = arrays.size();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      statement(depth);
    }
    if (loopDepth > 0 && random.nextInt(4) == 0) {
      line("if (" + condition() + ") " + (random.nextBoolean() ? "break;" : "continue;"));
    }
    // variables declared in the block go out of scope with it
    doubles.subList(doublesBefore, doubles.size()).clear();
    arrays.subList(arraysBefore, arrays.size()).clear();
    indent--;
  }

  private void forLoop(int depth) {
    String i = fresh("i");
    String bound = random.nextBoolean() ? "w.length" : String.valueOf(1 + random.nextInt(3));
    if (bound.equals("w.length")) {
      line("for (int " + i + " = 0; " + i + " < w.length; " + i + "++) {");
      indices.add(i);
    } else {
      line("for (int " + i + " = " + bound + "; " + i + " > 0; " + i + "--) {");
    }
    loopDepth++;
    block(depth + 1);
    loopDepth--;
    indices.remove(i);
    line("}");
  }

  /**
   * A scratch array that a loop fills afresh in each of its iterations before the body reads it
   * (the processor fills it again in the adjoint instead of saving it: RefilledBuffers), unless
   * the body happens to write it too.
   */
  private void refilledBuffer(int depth) {
    String b = fresh("b");
    String i = fresh("i");
    String f = fresh("f");
    line("double[] " + b + " = new double[w.length];");
    line("for (int " + i + " = 0; " + i + " < " + (1 + random.nextInt(3)) + "; " + i + "++) {");
    indent++;
    line("for (int " + f + " = 0; " + f + " < " + b + ".length; " + f + "++) {");
    line("  " + b + "[" + f + "] = Math.tanh(w[" + f + "] * (" + i + " + 1) - 0.3);");
    line("}");
    indent--;
    arrays.add(b);
    loopDepth++;
    block(depth + 1);
    loopDepth--;
    arrays.remove(b);
    line("}");
  }

  /**
   * A loop over the rows of {@code m}, each held in a local variable that the body reads (an
   * alias whose adjoint aliases a row of m's adjoint, and must come back row by row).
   */
  private void rowLoop(int depth) {
    String k = fresh("k");
    String row = fresh("row");
    line("for (int " + k + " = 0; " + k + " < m.length; " + k + "++) {");
    indent++;
    line("double[] " + row + " = m[" + k + "];");
    indent--;
    rows.add(row);
    loopDepth++;
    block(depth + 1);
    loopDepth--;
    rows.remove(row);
    line("}");
  }

  private void whileLoop(int depth) {
    String c = fresh("c");
    line("int " + c + " = 0;");
    line("while (" + c + " < " + (1 + random.nextInt(3)) + (random.nextBoolean() ? " && " + condition() : "") + ") {");
    indent++;
    line(c + "++;");
    indent--;
    loopDepth++;
    block(depth + 1);
    loopDepth--;
    line("}");
  }

  private void earlyReturn() {
    line("if (" + condition() + ") {");
    indent++;
    line("return " + expression(1) + ";");
    indent--;
    line("}");
  }

  private String condition() {
    String c = expression(1) + (random.nextBoolean() ? " > " : " < ") + expression(1);
    return switch (random.nextInt(4)) {
      case 0 -> "(" + c + " && " + expression(0) + " < 0.7)";
      case 1 -> "(!(" + c + ") || " + expression(0) + " > 0.2)";
      default -> c;
    };
  }

  private static String bounded(String e) {
    return "(1 + 0.5 * Math.tanh(" + e + "))";
  }

  private String expression(int depth) {
    if (depth == 0 || random.nextInt(4) == 0) {
      return leaf();
    }
    String a = expression(depth - 1);
    String b = expression(depth - 1);
    return switch (random.nextInt(14)) {
      case 0, 1 -> "(" + a + " + " + b + ")";
      case 2 -> "(" + a + " - " + b + ")";
      case 3, 4 -> "(" + a + " * " + b + ")";
      case 5 -> "(" + a + " / (1.5 + " + b + " * " + b + "))";
      case 6 -> "Math.sin(" + a + ")";
      case 7 -> "Math.tanh(" + a + ")";
      case 8 -> "Math.exp(-(" + a + ") * (" + a + "))";
      case 9 -> "Math.log(1 + " + a + " * " + a + ")";
      case 10 -> "Math.sqrt(1 + " + a + " * " + a + ")";
      case 11 -> "helper(" + a + ", " + b + ")";
      case 12 -> "(" + a + " > " + b + " ? " + a + " : " + b + " * 0.5)";
      default -> "-(" + a + ")";
    };
  }

  private String leaf() {
    int choice = random.nextInt(10);
    if (choice == 4 && !rows.isEmpty()) {
      String row = pick(rows);
      return random.nextBoolean() ? row + "[0]" : row + "[" + row + ".length - 1]";
    }
    if (choice < 2 && !indices.isEmpty()) {
      return "w[" + pick(indices) + "]";
    }
    if (choice == 2 && !indices.isEmpty() && !arrays.isEmpty()) {
      return pick(arrays) + "[" + pick(indices) + "]";
    }
    if (choice == 3) {
      return String.valueOf(0.25 + random.nextInt(8) * 0.25);
    }
    return pick(doubles);
  }
}
