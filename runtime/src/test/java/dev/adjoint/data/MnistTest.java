package dev.adjoint.data;

import static dev.adjoint.data.IdxBytes.gzip;
import static dev.adjoint.data.IdxBytes.unsignedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST-shaped pairs of hand-made files: three 2x2 images. */
class MnistTest {

  @TempDir Path dir;

  private static final int[] PIXELS = {0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0};
  private static final int[] LABELS = {7, 0, 9};

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private Path images() throws IOException {
    return write("images.gz", gzip(unsignedBytes(new int[] {3, 2, 2}, PIXELS)));
  }

  private Path labels() throws IOException {
    return write("labels", unsignedBytes(new int[] {3}, LABELS));
  }

  @Test
  void loadsImagesScaledAndLabels() throws IOException {
    LabeledImages data = Mnist.load(images(), labels());
    assertEquals(3, data.count());
    assertEquals(2, data.height());
    assertEquals(2, data.width());
    assertEquals(4, data.pixelsPerImage());
    assertEquals(10, data.classes());
    assertArrayEquals(LABELS, data.labels());
    float[] pixels = data.pixels();
    assertEquals(12, pixels.length);
    for (int i = 0; i < PIXELS.length; i++) {
      assertEquals(PIXELS[i] / 255f, pixels[i]);
    }
    assertArrayEquals(new float[] {1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f}, data.image(1));
    assertEquals(9, data.label(2));
  }

  @Test
  void oneHotRows() throws IOException {
    float[] oneHot = Mnist.load(images(), labels()).oneHotLabels();
    assertEquals(30, oneHot.length);
    for (int row = 0; row < 3; row++) {
      for (int c = 0; c < 10; c++) {
        assertEquals(c == LABELS[row] ? 1f : 0f, oneHot[row * 10 + c], "row " + row + " col " + c);
      }
    }
  }

  @Test
  void splitTakesFirstAndLast() throws IOException {
    LabeledImages data = Mnist.load(images(), labels());
    TrainTestSplit split = data.split(1, 1);
    assertArrayEquals(new int[] {7}, split.train().labels());
    assertArrayEquals(new int[] {9}, split.test().labels());
    assertArrayEquals(data.image(2), split.test().image(0));
    TrainTestSplit all = data.split(2, 1);
    assertEquals(2, all.train().count());
    assertArrayEquals(data.image(1), all.train().image(1));
    IllegalArgumentException tooMany =
        assertThrows(IllegalArgumentException.class, () -> data.split(2, 2));
    assertTrue(tooMany.getMessage().contains("3 images"), tooMany.getMessage());
    assertThrows(IllegalArgumentException.class, () -> data.split(-1, 1));
    // the default 8,000 / 2,000 split needs 10,000 images
    assertThrows(IllegalArgumentException.class, data::split);
  }

  @Test
  void dataCannotBeChangedThroughReturnedArrays() throws IOException {
    LabeledImages data = Mnist.load(images(), labels());
    data.pixels()[1] = 0f;
    data.labels()[0] = 3;
    data.image(0)[1] = 0f;
    assertEquals(1f, data.pixels()[1]);
    assertEquals(7, data.label(0));
  }

  @Test
  void rejectsCountMismatchNamingBothFiles() throws IOException {
    Path images = images();
    Path twoLabels = write("two-labels", unsignedBytes(new int[] {2}, 1, 2));
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> Mnist.load(images, twoLabels));
    assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(twoLabels.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("3 images but 2 labels"), e.getMessage());
  }

  @Test
  void rejectsSwappedFiles() throws IOException {
    Path images = images();
    Path labels = labels();
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(labels, images));
    assertTrue(e.getMessage().startsWith(labels + ": expected images"), e.getMessage());
    assertTrue(e.getMessage().contains("found unsigned byte with dims [3]"), e.getMessage());
  }

  @Test
  void rejectsLabelsThatAreNotDigits() throws IOException {
    Path images = images();
    Path bad = write("bad-labels", unsignedBytes(new int[] {3}, 1, 12, 3));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(images, bad));
    assertTrue(e.getMessage().contains("label 12 at index 1"), e.getMessage());
  }

  @Test
  void labeledImagesChecksItsArguments() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabeledImages(new float[7], new int[2], 2, 2, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabeledImages(new float[4], new int[] {10}, 2, 2, 10));
  }
}
