package dev.adjoint.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * The CPU backend's worker threads: one {@link ForkJoinPool} of daemon threads named
 * {@code adjoint-cpu-N}, created on first use, with one thread per available processor (set
 * {@code -Dadjoint.cpu.threads=N} to change that; 1 runs everything on the calling thread). Only
 * work large enough to repay a hand-off (big matmuls, long elementwise loops) is split; tiny
 * tensors never leave the calling thread. Its own pool rather than the common pool, so that a
 * user's parallel streams and our kernels do not starve each other.
 */
final class CpuThreads {
  private CpuThreads() {}

  /** Number of parts work is split into at most. */
  static final int PARALLELISM = configuredParallelism();

  private static int configuredParallelism() {
    int n = Integer.getInteger("adjoint.cpu.threads", Runtime.getRuntime().availableProcessors());
    return Math.max(1, n);
  }

  private static final class PoolHolder {
    static final ForkJoinPool POOL = new ForkJoinPool(PARALLELISM, pool -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      t.setName("adjoint-cpu-" + t.getPoolIndex());
      t.setDaemon(true);
      return t;
    }, null, false);
  }

  /**
   * Runs {@code body.accept(part)} for {@code part} in {@code [0, parts)}, in parallel when
   * {@code parts > 1}; the calling thread runs part 0 itself. Returns when all parts are done;
   * the first exception thrown by a part is rethrown.
   */
  static void forEachPart(int parts, IntConsumer body) {
    if (parts <= 1) {
      body.accept(0);
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
    for (int p = 1; p < parts; p++) {
      int part = p;
      tasks[p - 1] = PoolHolder.POOL.submit(() -> body.accept(part), null);
    }
    RuntimeException first = null;
    try {
      body.accept(0);
    } catch (RuntimeException e) {
      first = e;
    }
    for (ForkJoinTask<?> task : tasks) {
      try {
        task.join();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * How many parts to split {@code work} units into when a part should hold at least
   * {@code minPerPart} units.
   */
  static int partsFor(long work, long minPerPart) {
    if (PARALLELISM == 1 || work < 2 * minPerPart) {
      return 1;
    }
    return (int) Math.min(PARALLELISM, work / minPerPart);
  }
}
