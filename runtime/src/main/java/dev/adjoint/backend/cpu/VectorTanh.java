package dev.adjoint.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FastTanh}'s rational function on the incubating Vector API: each group of floats is
 * widened to doubles in registers, evaluated with the same operations in the same order
 * (separate multiplies and adds, no fused multiply-add, one division), and narrowed back, so the
 * results are FastTanh's to the bit (a test checks this). The plain version needs a double buffer
 * and three loops, since C2 does not vectorize a loop that mixes floats and doubles. Loaded only
 * where {@link VectorApi#ENABLED}.
 */
final class VectorTanh {
  private VectorTanh() {}

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** As many floats as {@link #DOUBLES} holds doubles: half a preferred float vector. */
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.withShape(
      jdk.incubator.vector.VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

  static void tanh(float[] x, float[] out, int from, int to) {
    int lanes = DOUBLES.length();
    int i = from;
    for (; i <= to - lanes; i += lanes) {
      DoubleVector v = (DoubleVector) FloatVector.fromArray(FLOATS, x, i).convertShape(VectorOperators.F2D, DOUBLES, 0);
      v = v.max(-FastTanh.LIMIT).min(FastTanh.LIMIT);
      DoubleVector z = v.mul(v);
      DoubleVector p = z.mul(FastTanh.P5).add(FastTanh.P4).mul(z).add(FastTanh.P3).mul(z).add(FastTanh.P2)
          .mul(z).add(FastTanh.P1).mul(z).add(1.0);
      DoubleVector q = z.mul(FastTanh.Q4).add(FastTanh.Q3).mul(z).add(FastTanh.Q2).mul(z).add(FastTanh.Q1)
          .mul(z).add(1.0);
      ((FloatVector) v.mul(p).div(q).convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, i);
    }
    for (; i < to; i++) {
      out[i] = FastTanh.tanh(x[i]);
    }
  }
}
