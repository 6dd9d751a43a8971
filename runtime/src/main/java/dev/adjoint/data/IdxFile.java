package dev.adjoint.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One file in the IDX format (the format of the MNIST data set), read whole and checked.
 *
 * <p>The format: a 4-byte magic number (two zero bytes, a type code, the number of dimensions),
 * then each dimension as a big-endian 32-bit unsigned integer, then the elements in row-major
 * order, big-endian. Files may be gzip-compressed; compression is recognized by the gzip magic
 * bytes {@code 1f 8b}, not by the file name.
 *
 * <p>Reading is all or nothing: a file whose header is malformed, whose data is shorter than its
 * dimensions announce, or which has bytes after the data is rejected with an {@link
 * IdxFormatException} naming the file, what was expected and what was found. An {@code IdxFile}
 * is immutable; the conversions return fresh arrays.
 */
public final class IdxFile {

  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;
  private static final int BUFFER_BYTES = 1 << 16;
  /** Largest Java array the JVMs in use reliably allocate. */
  private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private final String source;
  private final IdxType type;
  private final int[] dims;
  /** The elements exactly as stored: big-endian, row-major. */
  private final byte[] payload;

  private IdxFile(String source, IdxType type, int[] dims, byte[] payload) {
    this.source = source;
    this.type = type;
    this.dims = dims;
    this.payload = payload;
  }

  /**
   * Reads and checks an IDX file, plain or gzip-compressed.
   *
   * @throws IdxFormatException if the file is not a well-formed IDX file
   * @throws IOException if it cannot be read
   */
  public static IdxFile read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads and checks IDX data from a stream (a class-path resource, say), plain or
   * gzip-compressed, reading it to its end; the stream is closed afterwards.
   *
   * @param source the name that error messages give the data (a file name or resource path)
   * @throws IdxFormatException if the data is not a well-formed IDX file
   */
  public static IdxFile read(InputStream in, String source) throws IOException {
    try (BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES)) {
      buffered.mark(2);
      boolean gzip = buffered.read() == GZIP_MAGIC_0 && buffered.read() == GZIP_MAGIC_1;
      buffered.reset();
      if (!gzip) {
        return parse(buffered, source);
      }
      try (GZIPInputStream inflated = new GZIPInputStream(buffered, BUFFER_BYTES)) {
        return parse(inflated, source);
      } catch (EOFException | ZipException e) {
        throw new IdxFormatException(
            source, "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
      }
    }
  }

  private static IdxFile parse(InputStream in, String source) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new IdxFormatException(
          source,
          "not an IDX file: it ends after "
              + magic.length
              + " bytes, before the 4-byte magic number is complete");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(
          source,
          "not an IDX file: the magic number must be 0x0000TTRR (TT the element type, RR the"
              + " number of dimensions), found 0x"
              + HexFormat.of().formatHex(magic));
    }
    int code = magic[2] & 0xff;
    IdxType type = IdxType.ofCode(code);
    if (type == null) {
      throw new IdxFormatException(
          source,
          String.format(
              "unknown element type code 0x%02X in the magic number; known codes: %s",
              code, IdxType.knownCodes()));
    }
    int rank = magic[3] & 0xff;
    int[] dims = readDims(in, source, rank);
    long count = elementCount(source, dims, type);
    int payloadBytes = (int) (count * type.bytes());
    byte[] payload = in.readNBytes(payloadBytes);
    if (payload.length < payloadBytes) {
      throw new IdxFormatException(
          source,
          String.format(
              "truncated data: dims %s of %s need %d bytes after the header, found only %d",
              Arrays.toString(dims), type.displayName(), payloadBytes, payload.length));
    }
    long trailing = countRemaining(in);
    if (trailing > 0) {
      throw new IdxFormatException(
          source,
          String.format(
              "%d unexpected bytes after the %d bytes of data that dims %s of %s announce",
              trailing, payloadBytes, Arrays.toString(dims), type.displayName()));
    }
    return new IdxFile(source, type, dims, payload);
  }

  private static int[] readDims(InputStream in, String source, int rank) throws IOException {
    byte[] bytes = in.readNBytes(4 * rank);
    if (bytes.length < 4 * rank) {
      throw new IdxFormatException(
          source,
          String.format(
              "truncated header: the magic number announces %d dimensions (%d bytes), found only"
                  + " %d bytes",
              rank, 4 * rank, bytes.length));
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    int[] dims = new int[rank];
    for (int axis = 0; axis < rank; axis++) {
      long size = Integer.toUnsignedLong(buffer.getInt());
      if (size > Integer.MAX_VALUE) {
        throw new IdxFormatException(
            source,
            String.format("dimension %d is %d, larger than 2^31 - 1", axis, size));
      }
      dims[axis] = (int) size;
    }
    return dims;
  }

  private static long elementCount(String source, int[] dims, IdxType type)
      throws IdxFormatException {
    long count = 1;
    for (int size : dims) {
      count *= size; // cannot overflow: count <= 2^31 before, size < 2^31
      if (count > MAX_ARRAY_LENGTH / type.bytes()) {
        throw new IdxFormatException(
            source,
            String.format(
                "dims %s of %s are too large to hold in one Java array",
                Arrays.toString(dims), type.displayName()));
      }
    }
    return count;
  }

  private static long countRemaining(InputStream in) throws IOException {
    long total = 0;
    byte[] scratch = new byte[BUFFER_BYTES];
    for (int n; (n = in.read(scratch)) > 0; ) {
      total += n;
    }
    return total;
  }

  /** The file name or resource path this was read from, as error messages give it. */
  public String source() {
    return source;
  }

  /** The element type. */
  public IdxType type() {
    return type;
  }

  /** The dimensions, outermost first (for MNIST images {@code [n, 28, 28]}); a fresh copy. */
  public int[] dims() {
    return dims.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Size of dimension {@code axis}. */
  public int dim(int axis) {
    if (axis < 0 || axis >= dims.length) {
      throw new IndexOutOfBoundsException(
          "dim(" + axis + ") of " + source + " with dims " + Arrays.toString(dims));
    }
    return dims[axis];
  }

  /** Number of elements: the product of the dimensions. */
  public int elementCount() {
    return payload.length / type.bytes();
  }

  /**
   * Every element as a {@code float}, row-major: unsigned bytes as 0..255, integers and doubles
   * rounded to the nearest float.
   */
  public float[] toFloats() {
    int n = elementCount();
    float[] out = new float[n];
    ByteBuffer buffer = bigEndian();
    switch (type) {
      case UNSIGNED_BYTE -> {
        for (int i = 0; i < n; i++) {
          out[i] = payload[i] & 0xff;
        }
      }
      case SIGNED_BYTE -> {
        for (int i = 0; i < n; i++) {
          out[i] = payload[i];
        }
      }
      case SHORT -> {
        for (int i = 0; i < n; i++) {
          out[i] = buffer.getShort();
        }
      }
      case INT -> {
        for (int i = 0; i < n; i++) {
          out[i] = buffer.getInt();
        }
      }
      case FLOAT -> buffer.asFloatBuffer().get(out);
      case DOUBLE -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) buffer.getDouble();
        }
      }
    }
    return out;
  }

  /**
   * Unsigned bytes scaled to [0, 1] (value / 255), row-major: pixel intensities as networks take
   * them.
   *
   * @throws IllegalStateException if the elements are not unsigned bytes
   */
  public float[] toUnitFloats() {
    if (type != IdxType.UNSIGNED_BYTE) {
      throw new IllegalStateException(
          "toUnitFloats() scales unsigned bytes to [0, 1], but "
              + source
              + " holds "
              + type.displayName()
              + " elements; use toFloats()");
    }
    float[] out = new float[payload.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (payload[i] & 0xff) / 255f;
    }
    return out;
  }

  /**
   * Every element as an {@code int}, row-major (unsigned bytes as 0..255): labels and counts.
   *
   * @throws IllegalStateException if the elements are floating point
   */
  public int[] toInts() {
    if (!type.isIntegral()) {
      throw new IllegalStateException(
          "toInts() needs integer elements, but "
              + source
              + " holds "
              + type.displayName()
              + " elements; use toFloats()");
    }
    int n = elementCount();
    int[] out = new int[n];
    ByteBuffer buffer = bigEndian();
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (type) {
            case UNSIGNED_BYTE -> payload[i] & 0xff;
            case SIGNED_BYTE -> payload[i];
            case SHORT -> buffer.getShort();
            default -> buffer.getInt();
          };
    }
    return out;
  }

  private ByteBuffer bigEndian() {
    return ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
  }

  @Override
  public String toString() {
    return "IdxFile[" + source + ", " + type.displayName() + ", dims " + Arrays.toString(dims) + "]";
  }
}
