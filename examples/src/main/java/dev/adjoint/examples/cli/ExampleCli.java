package dev.adjoint.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Runs an example's picocli command the same way for every example. */
public final class ExampleCli {

  private ExampleCli() {}

  /**
   * Parses {@code args} into {@code command} (a {@code Runnable} or {@code Callable} annotated with
   * {@code @Command}), checks every {@link ValidatedOptions} mixin, and runs it. Enum values
   * ({@code --device GPU}, {@code --device gpu}) are accepted in any case. {@code --help} prints
   * the usage to standard output; a bad option prints the error and the usage to standard error.
   *
   * @return the exit code: 0 on success and after {@code --help}, 2 for a bad command line, 1 if
   *     the command threw
   */
  public static int execute(Object command, String... args) {
    return commandLine(command).execute(args);
  }

  /** The configured {@link CommandLine} that {@link #execute} uses, for tests and custom output. */
  public static CommandLine commandLine(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionStrategy(
        parseResult -> {
          validateMixins(parseResult);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cli;
  }

  private static void validateMixins(ParseResult parseResult) {
    if (parseResult.isUsageHelpRequested() || parseResult.isVersionHelpRequested()) {
      return;
    }
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      for (CommandSpec mixin : p.commandSpec().mixins().values()) {
        if (mixin.userObject() instanceof ValidatedOptions options) {
          options.validate();
        }
      }
    }
  }
}
