package dev.adjoint.backend.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-core data cache sizes that {@link FloatMatmul}'s block sizes are derived from, read once
 * from Linux's {@code /sys/devices/system/cpu/cpu0/cache}. Elsewhere, or when that cannot be read,
 * it assumes 32 KiB of L1d and 512 KiB of L2 (AMD Zen 2-4; most Intel cores have more), sizes for
 * which the derived blocks still fit on larger caches.
 */
final class CacheSizes {
  private CacheSizes() {}

  static final int L1D = size(1, 32 << 10);
  static final int L2 = size(2, 512 << 10);

  /** Bytes of the level-{@code level} data (or unified) cache of CPU 0, or {@code fallback}. */
  private static int size(int level, int fallback) {
    Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
    for (int index = 0; index < 8; index++) {
      Path cache = dir.resolve("index" + index);
      try {
        if (!Files.isDirectory(cache)
            || Integer.parseInt(Files.readString(cache.resolve("level")).trim()) != level
            || Files.readString(cache.resolve("type")).trim().equals("Instruction")) {
          continue;
        }
        String s = Files.readString(cache.resolve("size")).trim().toUpperCase(java.util.Locale.ROOT);
        int scale = s.endsWith("K") ? 1 << 10 : s.endsWith("M") ? 1 << 20 : 1;
        long bytes = Long.parseLong(scale == 1 ? s : s.substring(0, s.length() - 1)) * scale;
        return bytes >= 4 << 10 && bytes <= 1 << 30 ? (int) bytes : fallback;
      } catch (IOException | RuntimeException e) {
        return fallback;
      }
    }
    return fallback;
  }
}
