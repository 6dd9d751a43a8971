package dev.adjoint.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Learning-rate schedules with optax's definitions (its {@code *_schedule} functions), evaluated
 * in double. Steps count from 0; each returns a {@link Schedule} to pass wherever a learning rate
 * goes.
 */
public final class Schedules {
  private Schedules() {}

  /** The same value at every step. */
  public static Schedule constant(double value) {
    return step -> value;
  }

  /**
   * From {@code initValue} to {@code endValue} along {@code (1 - t/T)^power} over {@code
   * transitionSteps} steps starting at {@code transitionBegin}; {@code initValue} before, {@code
   * endValue} after. A non-positive {@code transitionSteps} gives the constant {@code initValue}; a
   * negative {@code transitionBegin} counts as 0 (both as in optax).
   */
  public static Schedule polynomial(double initValue, double endValue, double power, long transitionSteps,
      long transitionBegin) {
    if (transitionSteps <= 0) {
      return constant(initValue);
    }
    long begin = Math.max(0, transitionBegin);
    return step -> {
      long t = Math.min(Math.max(step - begin, 0), transitionSteps);
      double frac = 1 - (double) t / transitionSteps;
      return (initValue - endValue) * Math.pow(frac, power) + endValue;
    };
  }

  /** Linear from {@code initValue} to {@code endValue} over the first {@code transitionSteps} steps. */
  public static Schedule linear(double initValue, double endValue, long transitionSteps) {
    return polynomial(initValue, endValue, 1, transitionSteps, 0);
  }

  /** Linear from {@code initValue} to {@code endValue} over {@code transitionSteps} steps from {@code transitionBegin}. */
  public static Schedule linear(double initValue, double endValue, long transitionSteps, long transitionBegin) {
    return polynomial(initValue, endValue, 1, transitionSteps, transitionBegin);
  }

  /** {@code initValue * decayRate^(step / transitionSteps)}: continuous exponential decay. */
  public static Schedule exponentialDecay(double initValue, long transitionSteps, double decayRate) {
    return exponentialDecay(initValue, transitionSteps, decayRate, 0, false, Double.NaN);
  }

  /**
   * Exponential decay starting at {@code transitionBegin}: {@code initValue} until then, after it
   * {@code initValue * decayRate^p} with {@code p = (step - transitionBegin) / transitionSteps},
   * rounded down when {@code staircase}.
   */
  public static Schedule exponentialDecay(double initValue, long transitionSteps, double decayRate,
      long transitionBegin, boolean staircase) {
    return exponentialDecay(initValue, transitionSteps, decayRate, transitionBegin, staircase, Double.NaN);
  }

  /**
   * As {@link #exponentialDecay(double, long, double, long, boolean)}, bounded by {@code endValue}
   * (a lower bound when {@code decayRate < 1}, an upper bound otherwise; NaN for none). A
   * non-positive {@code transitionSteps} or a zero {@code decayRate} gives the constant {@code
   * initValue}; a negative {@code transitionBegin} counts as 0 (all as in optax).
   */
  public static Schedule exponentialDecay(double initValue, long transitionSteps, double decayRate,
      long transitionBegin, boolean staircase, double endValue) {
    if (transitionSteps <= 0 || decayRate == 0) {
      return constant(initValue);
    }
    long begin = Math.max(0, transitionBegin);
    boolean bounded = !Double.isNaN(endValue);
    boolean decreasing = decayRate < 1;
    return step -> {
      long decreased = step - begin;
      if (decreased <= 0) {
        return bounded ? clip(initValue, endValue, decreasing) : initValue;
      }
      double p = (double) decreased / transitionSteps;
      if (staircase) {
        p = Math.floor(p);
      }
      double value = initValue * Math.pow(decayRate, p);
      return bounded ? clip(value, endValue, decreasing) : value;
    };
  }

  private static double clip(double value, double bound, boolean lower) {
    return lower ? Math.max(value, bound) : Math.min(value, bound);
  }

  /** Cosine decay from {@code initValue} to 0 over {@code decaySteps} steps, then 0. */
  public static Schedule cosineDecay(double initValue, long decaySteps) {
    return cosineDecay(initValue, decaySteps, 0, 1);
  }

  /** Cosine decay from {@code initValue} to {@code alpha * initValue} over {@code decaySteps} steps. */
  public static Schedule cosineDecay(double initValue, long decaySteps, double alpha) {
    return cosineDecay(initValue, decaySteps, alpha, 1);
  }

  /**
   * {@code initValue * ((1 - alpha) * c^exponent + alpha)} with {@code c = (1 + cos(pi t / T)) / 2},
   * {@code t = min(step, decaySteps)}, {@code T = decaySteps}.
   *
   * @throws IllegalArgumentException if {@code decaySteps} is not positive
   */
  public static Schedule cosineDecay(double initValue, long decaySteps, double alpha, double exponent) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("cosineDecay: decaySteps must be positive, got " + decaySteps);
    }
    return step -> {
      double t = Math.min(step, decaySteps);
      double cosine = 0.5 * (1 + Math.cos(Math.PI * t / decaySteps));
      return initValue * ((1 - alpha) * Math.pow(cosine, exponent) + alpha);
    };
  }

  /** Linear warmup from {@code initValue} to {@code peakValue}, then cosine decay to 0; {@code decaySteps} includes the warmup. */
  public static Schedule warmupCosineDecay(double initValue, double peakValue, long warmupSteps, long decaySteps) {
    return warmupCosineDecay(initValue, peakValue, warmupSteps, decaySteps, 0, 1);
  }

  /**
   * Linear warmup from {@code initValue} to {@code peakValue} over {@code warmupSteps}, then cosine
   * decay from {@code peakValue} to {@code endValue} until step {@code decaySteps} (which includes
   * the warmup), then {@code endValue}.
   *
   * @throws IllegalArgumentException if {@code decaySteps <= warmupSteps}
   */
  public static Schedule warmupCosineDecay(double initValue, double peakValue, long warmupSteps, long decaySteps,
      double endValue, double exponent) {
    if (decaySteps <= warmupSteps) {
      throw new IllegalArgumentException("warmupCosineDecay: decaySteps (" + decaySteps
          + ", warmup included) must exceed warmupSteps (" + warmupSteps + ")");
    }
    double alpha = peakValue == 0 ? 0 : endValue / peakValue;
    return join(new Schedule[] {
        linear(initValue, peakValue, warmupSteps),
        cosineDecay(peakValue, decaySteps - warmupSteps, alpha, exponent)},
        warmupSteps);
  }

  /**
   * {@code initValue} times every scale whose boundary the step has reached: with {@code {100:
   * 0.1, 200: 0.1}} the value is {@code initValue} for steps 0-99, {@code initValue * 0.1} for
   * 100-199 and {@code initValue * 0.01} from 200 on.
   *
   * @param boundariesAndScales step → factor; factors must be non-negative
   */
  public static Schedule piecewiseConstant(double initValue, Map<? extends Number, ? extends Number> boundariesAndScales) {
    TreeMap<Long, Double> sorted = new TreeMap<>();
    for (Map.Entry<? extends Number, ? extends Number> e : boundariesAndScales.entrySet()) {
      double scale = e.getValue().doubleValue();
      if (!(scale >= 0)) {
        throw new IllegalArgumentException("piecewiseConstant: scales must be non-negative, got " + scale
            + " at step " + e.getKey());
      }
      sorted.merge(e.getKey().longValue(), scale, (a, b) -> a * b);
    }
    long[] boundaries = sorted.keySet().stream().mapToLong(Long::longValue).toArray();
    double[] scales = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
    return step -> {
      double v = initValue;
      for (int i = 0; i < boundaries.length && step >= boundaries[i]; i++) {
        v *= scales[i];
      }
      return v;
    };
  }

  /**
   * Schedules one after another (optax's {@code join_schedules}): {@code schedules[0]} until
   * {@code boundaries[0]}, then {@code schedules[1]} counted from that boundary, and so on.
   *
   * @throws IllegalArgumentException unless there is one boundary fewer than schedules
   */
  public static Schedule join(Schedule[] schedules, long... boundaries) {
    if (schedules.length != boundaries.length + 1) {
      throw new IllegalArgumentException("join: " + schedules.length + " schedules need " + (schedules.length - 1)
          + " boundaries, got " + boundaries.length);
    }
    Schedule[] s = schedules.clone();
    long[] b = boundaries.clone();
    return step -> {
      // as optax: every boundary reached hands over to its schedule, the last one reached wins
      double value = s[0].valueAt(step);
      for (int i = 0; i < b.length; i++) {
        if (step >= b[i]) {
          value = s[i + 1].valueAt(step - b[i]);
        }
      }
      return value;
    };
  }
}
