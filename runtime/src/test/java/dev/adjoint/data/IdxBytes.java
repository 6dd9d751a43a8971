package dev.adjoint.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;

/** Hand-made IDX files for tests: a header written field by field, then raw big-endian data. */
final class IdxBytes {

  private IdxBytes() {}

  /** Magic number {@code 00 00 type rank} followed by the dims, big-endian. */
  static ByteBuffer header(int typeCode, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).order(ByteOrder.BIG_ENDIAN);
    b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b;
  }

  static byte[] unsignedBytes(int[] dims, int... values) {
    return concat(header(0x08, dims).array(), toBytes(values));
  }

  static byte[] toBytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
