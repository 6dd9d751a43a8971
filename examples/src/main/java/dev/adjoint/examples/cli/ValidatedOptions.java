package dev.adjoint.examples.cli;

import picocli.CommandLine.ParameterException;

/**
 * Options that check themselves once the whole command line is parsed (for rules across options,
 * or ranges picocli's types do not express). {@link ExampleCli#execute} calls {@link #validate()}
 * on every mixin of the command that implements this, before the command runs.
 */
public interface ValidatedOptions {

  /**
   * Throws if the parsed values are unusable.
   *
   * @throws ParameterException naming the option and the value; picocli prints it with the usage
   */
  void validate();
}
