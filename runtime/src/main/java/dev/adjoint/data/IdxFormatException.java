package dev.adjoint.data;

import java.io.IOException;

/**
 * An IDX file (or a pair of them) is not what it must be: wrong magic number, unknown element
 * type, truncated or trailing data, or dimensions that do not fit together. The message names the
 * file and says what was expected and what was found.
 */
public final class IdxFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** An error in {@code source}; the message is prefixed with it. */
  public IdxFormatException(String source, String message) {
    super(source + ": " + message);
  }

  /** An error in {@code source} caused by a lower-level failure (a corrupt gzip stream). */
  public IdxFormatException(String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
  }
}
