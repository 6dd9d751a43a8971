package dev.adjoint.processor.ir;

/**
 * Where an IR node came from: an id that the reader maps back to the source tree (for
 * diagnostics), the source line, and the statement's source text (for the comments in generated
 * code). Synthesized nodes use {@link #NONE}.
 */
public record Pos(int id, int line, String source) {
  public static final Pos NONE = new Pos(-1, -1, "");

  public boolean isKnown() {
    return id >= 0;
  }
}
