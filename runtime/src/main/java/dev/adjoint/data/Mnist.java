package dev.adjoint.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads MNIST-style data: an IDX file of unsigned-byte images {@code [n, rows, cols]} (magic
 * {@code 0x00000803}) and an IDX file of unsigned-byte labels {@code [n]} (magic {@code
 * 0x00000801}), each plain or gzip-compressed. Fashion-MNIST and the MNIST subsets in the same
 * format load the same way.
 *
 * <pre>{@code
 * LabeledImages all = Mnist.load(Path.of("images-idx3-ubyte.gz"), Path.of("labels-idx1-ubyte.gz"));
 * TrainTestSplit data = all.split();      // first 8,000 for training, last 2,000 for testing
 * float[] x = data.train().pixels();      // [8000, 784], values in [0, 1]
 * int[] y = data.train().labels();
 * }</pre>
 */
public final class Mnist {

  /** MNIST has the ten digits 0..9 as classes. */
  public static final int CLASSES = 10;

  private Mnist() {}

  /**
   * Reads and checks an image file and its label file.
   *
   * @throws IdxFormatException if either file is malformed, is not of the expected type and rank,
   *     or if the files disagree on the number of examples
   */
  public static LabeledImages load(Path images, Path labels) throws IOException {
    return of(IdxFile.read(images), IdxFile.read(labels));
  }

  /**
   * Pairs images and labels already read (from class-path resources, say) after checking that they
   * are MNIST-shaped and agree on the number of examples.
   *
   * @throws IdxFormatException if they do not
   */
  public static LabeledImages of(IdxFile images, IdxFile labels) throws IdxFormatException {
    if (images.type() != IdxType.UNSIGNED_BYTE || images.rank() != 3) {
      throw new IdxFormatException(
          images.source(),
          "expected images: unsigned bytes with dims [count, rows, columns] (magic 0x00000803),"
              + " found "
              + describe(images));
    }
    if (labels.type() != IdxType.UNSIGNED_BYTE || labels.rank() != 1) {
      throw new IdxFormatException(
          labels.source(),
          "expected labels: unsigned bytes with dims [count] (magic 0x00000801), found "
              + describe(labels));
    }
    if (images.dim(0) != labels.dim(0)) {
      throw new IdxFormatException(
          images.source() + " and " + labels.source(),
          String.format(
              "%d images but %d labels; an image file and its label file must hold the same"
                  + " number of examples",
              images.dim(0), labels.dim(0)));
    }
    int[] y = labels.toInts();
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= CLASSES) {
        throw new IdxFormatException(
            labels.source(),
            String.format("label %d at index %d is not a digit 0..%d", y[i], i, CLASSES - 1));
      }
    }
    return new LabeledImages(images.toUnitFloats(), y, images.dim(1), images.dim(2), CLASSES);
  }

  private static String describe(IdxFile file) {
    return file.type().displayName() + " with dims " + Arrays.toString(file.dims());
  }
}
