package dev.adjoint.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.adjoint.backend.MatmulSpec;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The blocked float matmul has two inner kernels, chosen once per JVM by whether {@code Math.fma}
 * is a hardware instruction. This machine's JVM takes the fused one; a child JVM started with
 * {@code -XX:-UseFMA} checks the other.
 */
class MatmulWithoutFmaTest {

  /** Child JVM entry point: prints which kernel it used and the largest error against double. */
  public static void main(String[] args) {
    System.out.println((MicroKernel.FUSED == null ? "separate" : "fused") + " " + maxError());
  }

  /** Largest |C - C_ref| / (k eps sum|a||b|) over a product that takes the blocked path. */
  static double maxError() {
    int m = 67;
    int n = 300;
    int k = 131;
    Random r = new Random(5);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    float[] c = FloatMatmul.multiply(a, b, new MatmulSpec(1, m, n, k, false, false, 0, 0));
    double worst = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double exact = 0;
        double bound = 0;
        for (int p = 0; p < k; p++) {
          exact += (double) a[i * k + p] * b[p * n + j];
          bound += Math.abs((double) a[i * k + p] * b[p * n + j]);
        }
        worst = Math.max(worst, Math.abs(exact - c[i * n + j]) / (k * 0x1p-24 * bound));
      }
    }
    return worst;
  }

  @Test
  void fusedKernelOnThisMachine() {
    if (MicroKernel.hardwareFma()) {
      assertNotNull(MicroKernel.FUSED);
    }
    assertEquals(true, maxError() <= 1);
  }

  @Test
  void separateMultiplyAndAddWithoutFma() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-XX:-UseFMA", "-cp", System.getProperty("java.class.path"),
        MatmulWithoutFmaTest.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor(), out);
    String[] parts = out.split(" ");
    assertEquals("separate", parts[0], out);
    assertEquals(true, Double.parseDouble(parts[1]) <= 1, out);
  }
}
