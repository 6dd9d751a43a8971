package dev.adjoint.data;

import java.util.Arrays;

/**
 * Grayscale images with one class label each: the pixels as an {@code [count, height * width]}
 * row-major matrix of floats in [0, 1], and the labels as {@code int}s in {@code [0, classes)}.
 *
 * <p>Immutable: the constructor and the accessors copy, so a caller can never change the data
 * another holds. Build one with {@link Mnist#load} or {@link Mnist#of}.
 */
public final class LabeledImages {

  private final float[] pixels;
  private final int[] labels;
  private final int height;
  private final int width;
  private final int classes;

  /**
   * Checks and copies the data.
   *
   * @param pixels {@code labels.length * height * width} values in [0, 1], row-major
   * @param labels one label per image, each in {@code [0, classes)}
   * @throws IllegalArgumentException if the sizes do not fit together or a value is out of range
   */
  public LabeledImages(float[] pixels, int[] labels, int height, int width, int classes) {
    if (height <= 0 || width <= 0 || classes <= 0) {
      throw new IllegalArgumentException(
          "LabeledImages: height, width and classes must be positive, got "
              + height + ", " + width + ", " + classes);
    }
    long expected = (long) labels.length * height * width;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          String.format(
              "LabeledImages: %d labels of %dx%d images need %d pixels, got %d",
              labels.length, height, width, expected, pixels.length));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            String.format(
                "LabeledImages: label %d of image %d is outside [0, %d)", labels[i], i, classes));
      }
    }
    this.pixels = pixels.clone();
    this.labels = labels.clone();
    this.height = height;
    this.width = width;
    this.classes = classes;
  }

  /** Number of images. */
  public int count() {
    return labels.length;
  }

  /** Image height in pixels (rows). */
  public int height() {
    return height;
  }

  /** Image width in pixels (columns). */
  public int width() {
    return width;
  }

  /** Pixels per image: the row length of {@link #pixels()}. */
  public int pixelsPerImage() {
    return height * width;
  }

  /** Number of classes; every label is below it. */
  public int classes() {
    return classes;
  }

  /** All pixels, {@code [count, height * width]} row-major, in [0, 1]; a fresh copy. */
  public float[] pixels() {
    return pixels.clone();
  }

  /** The pixels of image {@code index}, {@code height * width} values row by row; a fresh copy. */
  public float[] image(int index) {
    checkIndex(index);
    int n = pixelsPerImage();
    return Arrays.copyOfRange(pixels, index * n, (index + 1) * n);
  }

  /** All labels; a fresh copy. */
  public int[] labels() {
    return labels.clone();
  }

  /** The label of image {@code index}. */
  public int label(int index) {
    checkIndex(index);
    return labels[index];
  }

  /**
   * The labels one-hot encoded: a {@code [count, classes]} row-major matrix with a 1 in column
   * {@code label} of each row and 0 elsewhere.
   */
  public float[] oneHotLabels() {
    float[] out = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      out[i * classes + labels[i]] = 1f;
    }
    return out;
  }

  /** Images {@code from} (inclusive) to {@code to} (exclusive), in order. */
  public LabeledImages range(int from, int to) {
    if (from < 0 || to > count() || from > to) {
      throw new IndexOutOfBoundsException(
          "range(" + from + ", " + to + ") of " + count() + " images");
    }
    int n = pixelsPerImage();
    return new LabeledImages(
        Arrays.copyOfRange(pixels, from * n, to * n),
        Arrays.copyOfRange(labels, from, to),
        height,
        width,
        classes);
  }

  /**
   * The first {@code trainCount} images for training and the last {@code testCount} for testing.
   * The two never overlap; images between them (when {@code trainCount + testCount < count()})
   * are in neither.
   *
   * @throws IllegalArgumentException if a count is negative or the two together exceed {@link
   *     #count()}
   */
  public TrainTestSplit split(int trainCount, int testCount) {
    if (trainCount < 0 || testCount < 0 || (long) trainCount + testCount > count()) {
      throw new IllegalArgumentException(
          String.format(
              "split(%d, %d): need two non-negative sizes that add up to at most the %d images",
              trainCount, testCount, count()));
    }
    return new TrainTestSplit(range(0, trainCount), range(count() - testCount, count()));
  }

  /**
   * The default split of the bundled 10,000-image MNIST subset: the first {@value
   * TrainTestSplit#DEFAULT_TRAIN} images for training, the last {@value TrainTestSplit#DEFAULT_TEST}
   * for testing.
   */
  public TrainTestSplit split() {
    return split(TrainTestSplit.DEFAULT_TRAIN, TrainTestSplit.DEFAULT_TEST);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= labels.length) {
      throw new IndexOutOfBoundsException("image " + index + " of " + labels.length);
    }
  }

  @Override
  public String toString() {
    return "LabeledImages[" + count() + " images of " + height + "x" + width + ", "
        + classes + " classes]";
  }
}
