package dev.adjoint.data;

/**
 * A data set cut into a training part and a disjoint test part (see {@link
 * LabeledImages#split(int, int)}).
 */
public record TrainTestSplit(LabeledImages train, LabeledImages test) {

  /** Both parts are required. */
  public TrainTestSplit {
    java.util.Objects.requireNonNull(train, "train");
    java.util.Objects.requireNonNull(test, "test");
  }

  /** Training images in the default split of the 10,000-image MNIST subset. */
  public static final int DEFAULT_TRAIN = 8_000;

  /** Test images in the default split of the 10,000-image MNIST subset. */
  public static final int DEFAULT_TEST = 2_000;
}
