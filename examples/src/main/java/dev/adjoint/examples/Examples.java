package dev.adjoint.examples;

import dev.adjoint.examples.cli.ExampleCli;
import dev.adjoint.examples.seeds.FeedforwardRegression;
import dev.adjoint.examples.seeds.LinearRegression;
import dev.adjoint.examples.seeds.SqrtTaylor;
import dev.adjoint.examples.seeds.TinyNetwork;
import dev.adjoint.examples.seeds.Xor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One entry point for the examples: {@code curve-fit} (the flagship demo) when given no example
 * name, else the named one with its own options ({@code <name> --help} lists them).
 */
public final class Examples {
  private Examples() {}

  /** The examples by command name, in the order {@code --help} lists them. */
  static Map<String, Supplier<Object>> all() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("curve-fit", CurveFit::new);
    m.put("mnist", MnistMlp::new);
    m.put("feedforward", FeedforwardRegression::new);
    m.put("xor", Xor::new);
    m.put("linear-regression", LinearRegression::new);
    m.put("tiny-network", () -> new MainCommand("tiny-network",
        "Seed 000: the cost of a 2-3-1 ReLU network, its exact gradient, and one step of gradient descent.",
        TinyNetwork::main));
    m.put("sqrt-taylor", () -> new MainCommand("sqrt-taylor",
        "Seed 001: derivatives of x^2 and sqrt, and Taylor expansions of sqrt(43) around 49 to fifth order.",
        SqrtTaylor::main));
    return m;
  }

  /** Runs an example; returns its exit code. */
  static int run(String... args) {
    Map<String, Supplier<Object>> examples = all();
    if (args.length > 0 && (args[0].equals("--list") || args[0].equals("list"))) {
      System.out.println("examples: " + String.join(", ", examples.keySet()) + " (the first runs when none is named)");
      return 0;
    }
    if (args.length == 0 || args[0].startsWith("-")) {
      return ExampleCli.execute(new CurveFit(), args);
    }
    Supplier<Object> example = examples.get(args[0]);
    if (example == null) {
      System.err.println("no example '" + args[0] + "'; examples: " + String.join(", ", examples.keySet()));
      return 2;
    }
    Object command = example.get();
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (command instanceof MainCommand main) {
      return main.run(rest);
    }
    return ExampleCli.execute(command, rest);
  }

  /** An example without options: its {@code main}, with {@code --help} and a refusal of anything else. */
  record MainCommand(String name, String description, java.util.function.Consumer<String[]> body) {
    int run(String[] args) {
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
        System.out.println("Usage: " + name + "\n" + description + "\nIt takes no options.");
        return 0;
      }
      if (args.length > 0) {
        System.err.println(name + " takes no options (got " + String.join(" ", args) + "); try: " + name + " --help");
        return 2;
      }
      body.accept(args);
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
