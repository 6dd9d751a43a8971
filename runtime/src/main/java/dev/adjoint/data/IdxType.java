package dev.adjoint.data;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The element types of the IDX format, with the code that the file's third byte holds. */
public enum IdxType {
  UNSIGNED_BYTE(0x08, 1, true),
  SIGNED_BYTE(0x09, 1, true),
  SHORT(0x0B, 2, true),
  INT(0x0C, 4, true),
  FLOAT(0x0D, 4, false),
  DOUBLE(0x0E, 8, false);

  private final int code;
  private final int bytes;
  private final boolean integral;

  IdxType(int code, int bytes, boolean integral) {
    this.code = code;
    this.bytes = bytes;
    this.integral = integral;
  }

  /** The type code as written in the file (0x08 for unsigned bytes, ...). */
  public int code() {
    return code;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Whether the elements are integers (and so convertible to {@code int} exactly). */
  public boolean isIntegral() {
    return integral;
  }

  /** Lower-case name as the messages print it ("unsigned byte"). */
  public String displayName() {
    return name().toLowerCase().replace('_', ' ');
  }

  /** The type with this code, or {@code null} when no IDX type has it. */
  static IdxType ofCode(int code) {
    for (IdxType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** "0x08 (unsigned byte), 0x09 (signed byte), ..." for error messages. */
  static String knownCodes() {
    return Arrays.stream(values())
        .map(t -> String.format("0x%02X (%s)", t.code, t.displayName()))
        .collect(Collectors.joining(", "));
  }
}
