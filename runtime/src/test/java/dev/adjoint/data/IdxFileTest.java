package dev.adjoint.data;

import static dev.adjoint.data.IdxBytes.concat;
import static dev.adjoint.data.IdxBytes.gzip;
import static dev.adjoint.data.IdxBytes.header;
import static dev.adjoint.data.IdxBytes.toBytes;
import static dev.adjoint.data.IdxBytes.unsignedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** A 2x2x3 unsigned-byte file, the shape of two tiny images. */
  private static final int[] DIMS = {2, 2, 3};

  private static final int[] VALUES = {0, 1, 2, 127, 128, 255, 10, 20, 30, 40, 50, 60};

  @Test
  void readsPlainUnsignedBytes() throws IOException {
    IdxFile idx = IdxFile.read(write("plain.idx", unsignedBytes(DIMS, VALUES)));
    assertEquals(IdxType.UNSIGNED_BYTE, idx.type());
    assertArrayEquals(DIMS, idx.dims());
    assertEquals(3, idx.rank());
    assertEquals(3, idx.dim(2));
    assertEquals(12, idx.elementCount());
    assertArrayEquals(VALUES, idx.toInts());
    float[] asFloats = idx.toFloats();
    float[] unit = idx.toUnitFloats();
    for (int i = 0; i < VALUES.length; i++) {
      assertEquals(VALUES[i], asFloats[i]);
      assertEquals(VALUES[i] / 255f, unit[i]);
    }
    assertEquals(1f, unit[5]);
    assertEquals(0f, unit[0]);
  }

  @Test
  void gzipIsDetectedByContentNotName() throws IOException {
    byte[] plain = unsignedBytes(DIMS, VALUES);
    IdxFile zipped = IdxFile.read(write("no-gz-suffix.idx", gzip(plain)));
    IdxFile unzipped = IdxFile.read(write("looks-zipped.gz", plain));
    assertArrayEquals(VALUES, zipped.toInts());
    assertArrayEquals(VALUES, unzipped.toInts());
    assertArrayEquals(DIMS, zipped.dims());
  }

  @Test
  void readsStreamsAndNamesThemInErrors() throws IOException {
    IdxFile idx = IdxFile.read(new ByteArrayInputStream(unsignedBytes(DIMS, VALUES)), "res:/x");
    assertEquals("res:/x", idx.source());
    IdxFormatException e =
        assertThrows(
            IdxFormatException.class,
            () -> IdxFile.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), "res:/bad"));
    assertTrue(e.getMessage().startsWith("res:/bad: "), e.getMessage());
  }

  @Test
  void decodesEveryElementTypeBigEndian() throws IOException {
    assertArrayEquals(
        new int[] {-128, -1, 0, 127},
        IdxFile.read(write("s8", concat(header(0x09, 4).array(), toBytes(-128, -1, 0, 127))))
            .toInts());

    ByteBuffer shorts = header(0x0B, 3);
    byte[] shortData = ByteBuffer.allocate(6).putShort((short) -300).putShort((short) 7)
        .putShort(Short.MAX_VALUE).array();
    IdxFile s16 = IdxFile.read(write("s16", concat(shorts.array(), shortData)));
    assertArrayEquals(new int[] {-300, 7, Short.MAX_VALUE}, s16.toInts());
    assertArrayEquals(new float[] {-300f, 7f, Short.MAX_VALUE}, s16.toFloats());

    byte[] intData = ByteBuffer.allocate(8).putInt(-70_000).putInt(1 << 20).array();
    IdxFile s32 = IdxFile.read(write("s32", concat(header(0x0C, 2, 1).array(), intData)));
    assertArrayEquals(new int[] {-70_000, 1 << 20}, s32.toInts());
    assertArrayEquals(new int[] {2, 1}, s32.dims());

    byte[] floatData = ByteBuffer.allocate(8).putFloat(-1.5f).putFloat(3.25e-3f).array();
    IdxFile f32 = IdxFile.read(write("f32", concat(header(0x0D, 2).array(), floatData)));
    assertArrayEquals(new float[] {-1.5f, 3.25e-3f}, f32.toFloats());

    byte[] doubleData = ByteBuffer.allocate(16).putDouble(0.1).putDouble(-2e10).array();
    IdxFile f64 = IdxFile.read(write("f64", concat(header(0x0E, 2).array(), doubleData)));
    assertArrayEquals(new float[] {0.1f, -2e10f}, f64.toFloats());
  }

  @Test
  void emptyDimensionGivesNoElements() throws IOException {
    IdxFile idx = IdxFile.read(write("empty", unsignedBytes(new int[] {0, 28, 28})));
    assertEquals(0, idx.elementCount());
    assertEquals(0, idx.toUnitFloats().length);
  }

  @Test
  void conversionsRefuseTypesThatDoNotFit() throws IOException {
    IdxFile ints = IdxFile.read(write("ints", concat(header(0x0C, 1).array(), new byte[4])));
    IllegalStateException e = assertThrows(IllegalStateException.class, ints::toUnitFloats);
    assertTrue(e.getMessage().contains("int"), e.getMessage());
    IdxFile floats = IdxFile.read(write("floats", concat(header(0x0D, 1).array(), new byte[4])));
    assertThrows(IllegalStateException.class, floats::toInts);
  }

  @Test
  void returnedArraysAreCopies() throws IOException {
    IdxFile idx = IdxFile.read(write("copy", unsignedBytes(DIMS, VALUES)));
    idx.dims()[0] = 99;
    idx.toInts()[0] = 99;
    assertArrayEquals(DIMS, idx.dims());
    assertEquals(0, idx.toInts()[0]);
  }

  // ---- malformed files: each error names the file and says what was expected and found ----

  private IdxFormatException rejects(String name, byte[] bytes) throws IOException {
    Path file = write(name, bytes);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e;
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void rejectsEmptyAndShortFiles() throws IOException {
    assertMentions(rejects("empty", new byte[0]), "ends after 0 bytes");
    assertMentions(rejects("three", new byte[] {0, 0, 8}), "ends after 3 bytes");
  }

  @Test
  void rejectsWrongMagic() throws IOException {
    assertMentions(
        rejects("zip", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}),
        "not an IDX file",
        "0x0000TTRR",
        "found 0x504b0304");
  }

  @Test
  void rejectsUnknownTypeCode() throws IOException {
    assertMentions(
        rejects("type07", concat(header(0x07, 1).array(), new byte[1])),
        "unknown element type code 0x07",
        "0x08 (unsigned byte)");
  }

  @Test
  void rejectsTruncatedHeader() throws IOException {
    byte[] full = header(0x08, 10, 28, 28).array();
    assertMentions(
        rejects("header", Arrays.copyOf(full, 10)),
        "truncated header",
        "announces 3 dimensions (12 bytes)",
        "found only 6 bytes");
  }

  @Test
  void rejectsTruncatedData() throws IOException {
    byte[] full = unsignedBytes(DIMS, VALUES);
    assertMentions(
        rejects("data", Arrays.copyOf(full, full.length - 5)),
        "truncated data",
        "dims [2, 2, 3] of unsigned byte need 12 bytes",
        "found only 7");
    // the same inside gzip: the decompressed stream is short, the gzip stream itself is intact
    assertMentions(
        rejects("data.gz", gzip(Arrays.copyOf(full, full.length - 5))), "truncated data");
  }

  @Test
  void rejectsTrailingBytes() throws IOException {
    byte[] full = unsignedBytes(DIMS, VALUES);
    assertMentions(
        rejects("trailing", concat(full, new byte[] {1, 2, 3})),
        "3 unexpected bytes after the 12 bytes of data");
  }

  @Test
  void rejectsCutAndCorruptGzip() throws IOException {
    byte[] zipped = gzip(unsignedBytes(new int[] {4, 100}, new int[400]));
    assertMentions(
        rejects("cut.gz", Arrays.copyOf(zipped, zipped.length / 2)), "corrupt or truncated gzip");
    // data that inflates to a well-formed file but fails the gzip checksum is still rejected
    byte[] badChecksum = zipped.clone();
    badChecksum[badChecksum.length - 8] ^= 1;
    assertMentions(rejects("crc.gz", badChecksum), "corrupt or truncated gzip", "trailer");
    // garbage in the deflate stream: rejected, by the inflater or by the IDX checks it feeds
    byte[] garbage = zipped.clone();
    for (int i = 12; i < garbage.length - 8; i++) {
      garbage[i] = (byte) 0xff;
    }
    rejects("garbage.gz", garbage);
  }

  @Test
  void rejectsDimensionsBeyondJavaArrays() throws IOException {
    assertMentions(
        rejects("negative", header(0x08, 10, -1).array()),
        "dimension 1 is 4294967295, larger than 2^31 - 1");
    assertMentions(
        rejects("huge", header(0x0E, 65536, 65536).array()), "too large to hold in one Java array");
  }
}
