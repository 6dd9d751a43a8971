package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Generated derivatives called from many threads at once give the single-threaded answers. */
class ThreadSafetyTest {
  @Test
  void concurrentCallsAgreeWithSequentialOnes() throws Exception {
    Program p = Program.compile("threads.T", """
        package threads;
        import dev.adjoint.Differentiable;
        public class T {
          @Differentiable static double f(double x, double[] w) {
            double s = 0;
            double t = x;
            for (int i = 0; i < w.length; i++) {
              t = Math.sin(t * w[i]) + x;
              if (t > 0.3) {
                s += t * t;
              } else {
                s -= t;
              }
            }
            return s;
          }
        }
        """);
    Random random = new Random(3);
    int cases = 64;
    double[] xs = new double[cases];
    double[][] ws = new double[cases][];
    double[][] expected = new double[cases][];
    for (int k = 0; k < cases; k++) {
      xs[k] = random.nextDouble() * 2 - 1;
      ws[k] = new double[5 + random.nextInt(50)];
      for (int i = 0; i < ws[k].length; i++) {
        ws[k][i] = random.nextDouble() * 2 - 1;
      }
      expected[k] = flatten(p.call("threads.TGrad", "fGrad", xs[k], ws[k]));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[][]>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int offset = thread;
        results.add(pool.submit(() -> {
          double[][] out = new double[cases * 20][];
          for (int n = 0; n < out.length; n++) {
            int k = (n + offset) % cases;
            out[n] = flatten(p.call("threads.TGrad", "fGrad", xs[k], ws[k]));
          }
          return out;
        }));
      }
      for (int thread = 0; thread < 8; thread++) {
        double[][] got = results.get(thread).get();
        for (int n = 0; n < got.length; n++) {
          assertArrayEquals(expected[(n + thread) % cases], got[n], "thread " + thread + " call " + n);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double[] flatten(Object gradient) {
    try {
      RecordComponent[] parts = gradient.getClass().getRecordComponents();
      parts[0].getAccessor().setAccessible(true);
      parts[1].getAccessor().setAccessible(true);
      double gx = (double) parts[0].getAccessor().invoke(gradient);
      double[] gw = (double[]) parts[1].getAccessor().invoke(gradient);
      double[] out = new double[gw.length + 1];
      out[0] = gx;
      System.arraycopy(gw, 0, out, 1, gw.length);
      return out;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
