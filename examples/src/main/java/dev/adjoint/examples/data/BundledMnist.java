package dev.adjoint.examples.data;

import dev.adjoint.data.IdxFile;
import dev.adjoint.data.LabeledImages;
import dev.adjoint.data.Mnist;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The 10,000-image MNIST subset that ships with the examples, as class-path resources under
 * {@value #RESOURCE_FOLDER} (gzip-compressed IDX files, MIT-licensed; see the LICENSE beside
 * them). Split it with {@link LabeledImages#split()}: the first 8,000 images for training, the
 * last 2,000 for testing.
 */
public final class BundledMnist {

  /** The class-path folder of the bundled files. */
  public static final String RESOURCE_FOLDER = "/mnist-10k/";

  /** Resource path of the images: unsigned bytes {@code [10000, 28, 28]}. */
  public static final String IMAGES = RESOURCE_FOLDER + "images-idx3-ubyte.gz";

  /** Resource path of the labels: unsigned bytes {@code [10000]}. */
  public static final String LABELS = RESOURCE_FOLDER + "labels-idx1-ubyte.gz";

  private BundledMnist() {}

  /**
   * Reads and checks the bundled images and labels.
   *
   * @throws IOException if the resources are missing from the class path or malformed
   */
  public static LabeledImages load() throws IOException {
    return Mnist.of(readResource(IMAGES), readResource(LABELS));
  }

  private static IdxFile readResource(String path) throws IOException {
    InputStream in = BundledMnist.class.getResourceAsStream(path);
    if (in == null) {
      throw new FileNotFoundException(
          "class-path resource " + path + " (the bundled MNIST subset of adjoint-examples)");
    }
    return IdxFile.read(in, "classpath:" + path);
  }
}
