package dev.adjoint.backend.cpu;

import java.util.Locale;

/**
 * Whether the CPU backend may use the incubating Vector API ({@code jdk.incubator.vector}),
 * decided once per JVM. It may when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, HotSpot compiles {@code fma} to the instruction, and
 * {@code -Dadjoint.cpu.vectorApi=false} is not set.
 *
 * <p>This class refers to nothing in the incubator module: the classes that do
 * ({@link VectorTiles}, {@link PackedPanels}, {@link VectorBlockedMatmul}, {@link VectorSmallMatmul},
 * {@link VectorFloatProducts}) are reached only through {@link FloatProducts#select()} when
 * {@link #ENABLED} is true, and {@link VectorTanh} only on the branch of {@link FastTanh} taken
 * when it is, so a JVM without the module never loads them.
 */
final class VectorApi {
  private VectorApi() {}

  /** The system property that turns the Vector API off ({@code false}); on by default. */
  static final String PROPERTY = "adjoint.cpu.vectorApi";

  /** Whether {@code jdk.incubator.vector} is in the boot layer ({@code --add-modules}). */
  static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /**
   * Whether to use it. Without hardware FMA, {@code FloatVector.fma} is not intrinsified and runs
   * element by element in Java, far slower than the plain kernels.
   */
  static final boolean ENABLED = PRESENT && allowed(System.getProperty(PROPERTY)) && MicroKernel.hardwareFma();

  /** Off only for {@code false} (any case), so that a bare {@code -Dadjoint.cpu.vectorApi} keeps it on. */
  static boolean allowed(String property) {
    return property == null || !property.trim().toLowerCase(Locale.ROOT).equals("false");
  }
}
