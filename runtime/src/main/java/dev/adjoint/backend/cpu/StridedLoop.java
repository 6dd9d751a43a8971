package dev.adjoint.backend.cpu;

/**
 * Walks an iteration space of several operands, each read or written with its own strides (0
 * along broadcast or reduced axes), as a sequence of runs along the innermost axis. Axes are
 * coalesced first wherever every operand is contiguous across them, so a broadcast of
 * {@code [32, 30] + [30]} is 32 runs of 30, and equal shapes are a single run.
 */
final class StridedLoop {

  /** Receives one run: the operands' offsets at its start (read them at once) and its length. */
  interface Run {
    void accept(int[] offsets, int length);
  }

  private final int[] dims;
  private final int[][] strides;

  /**
   * @param dims the iteration space, outermost first
   * @param strides per operand, its stride along each of {@code dims}
   */
  StridedLoop(int[] dims, int[]... strides) {
    int operands = strides.length;
    int[] d = new int[dims.length];
    int[][] s = new int[operands][dims.length];
    int rank = 0;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == 1) {
        continue; // contributes no iterations
      }
      if (rank > 0 && mergeable(d[rank - 1], s, rank - 1, dims[i], strides, i)) {
        d[rank - 1] *= dims[i];
        for (int k = 0; k < operands; k++) {
          s[k][rank - 1] = strides[k][i];
        }
        continue;
      }
      d[rank] = dims[i];
      for (int k = 0; k < operands; k++) {
        s[k][rank] = strides[k][i];
      }
      rank++;
    }
    if (rank == 0) { // a single element
      d = new int[] {1};
      s = new int[operands][1];
      rank = 1;
    }
    this.dims = java.util.Arrays.copyOf(d, rank);
    this.strides = new int[operands][];
    for (int k = 0; k < operands; k++) {
      this.strides[k] = java.util.Arrays.copyOf(s[k], rank);
    }
  }

  /** Whether the previous kept axis (outer) and axis {@code i} (inner) form one contiguous axis. */
  private static boolean mergeable(int outerDim, int[][] kept, int outer, int innerDim, int[][] strides, int i) {
    for (int k = 0; k < strides.length; k++) {
      if (kept[k][outer] != strides[k][i] * innerDim) {
        return false;
      }
    }
    return true;
  }

  /** Length of each run. */
  int innerLength() {
    return dims[dims.length - 1];
  }

  /** Stride of operand {@code k} within a run. */
  int innerStride(int k) {
    return strides[k][dims.length - 1];
  }

  /** Number of runs. */
  int runs() {
    int n = 1;
    for (int i = 0; i < dims.length - 1; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** Visits every run in row-major order. */
  void forEach(Run run) {
    int outerRank = dims.length - 1;
    int operands = strides.length;
    int inner = dims[outerRank];
    int[] offsets = new int[operands];
    int[] counter = new int[outerRank];
    int runs = runs();
    for (int r = 0; r < runs; r++) {
      run.accept(offsets, inner);
      for (int d = outerRank - 1; d >= 0; d--) {
        for (int k = 0; k < operands; k++) {
          offsets[k] += strides[k][d];
        }
        if (++counter[d] < dims[d]) {
          break;
        }
        for (int k = 0; k < operands; k++) {
          offsets[k] -= strides[k][d] * dims[d];
        }
        counter[d] = 0;
      }
    }
  }
}
