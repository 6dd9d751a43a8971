package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules' values at known steps: closed forms, and the values optax's documentation prints. */
class SchedulesTest {

  private static final double EPS = 1e-12;

  @Test
  void constant() {
    assertEquals(0.3, Schedules.constant(0.3).valueAt(12345));
  }

  @Test
  void polynomialAsOptaxDocumentsIt() {
    // optax.polynomial_schedule(init_value=1.0, end_value=0.01, transition_steps=100, transition_begin=5, power=2)
    Schedule s = Schedules.polynomial(1.0, 0.01, 2, 100, 5);
    long[] counts = {0, 5, 6, 104, 105, 110};
    String[] printed = {"1.0000", "1.0000", "0.9803", "0.0101", "0.0100", "0.0100"};
    for (int i = 0; i < counts.length; i++) {
      assertEquals(printed[i], String.format("%.4f", s.valueAt(counts[i])), "count " + counts[i]);
    }
  }

  @Test
  void linear() {
    Schedule s = Schedules.linear(1.0, 0.0, 10);
    assertEquals(1.0, s.valueAt(0), EPS);
    assertEquals(0.7, s.valueAt(3), EPS);
    assertEquals(0.0, s.valueAt(10), EPS);
    assertEquals(0.0, s.valueAt(50), EPS);
    assertEquals(2.0, Schedules.linear(2.0, 0.0, 0).valueAt(7), "no transition steps: constant");
  }

  @Test
  void exponentialDecay() {
    Schedule s = Schedules.exponentialDecay(1.0, 10, 0.5);
    assertEquals(1.0, s.valueAt(0), EPS);
    assertEquals(Math.pow(0.5, 0.5), s.valueAt(5), EPS);
    assertEquals(0.25, s.valueAt(20), EPS);

    Schedule stairs = Schedules.exponentialDecay(1.0, 10, 0.5, 0, true);
    assertEquals(1.0, stairs.valueAt(9), EPS);
    assertEquals(0.5, stairs.valueAt(10), EPS);
    assertEquals(0.5, stairs.valueAt(19), EPS);

    Schedule delayed = Schedules.exponentialDecay(1.0, 10, 0.5, 100, false);
    assertEquals(1.0, delayed.valueAt(100), EPS);
    assertEquals(0.5, delayed.valueAt(110), EPS);

    Schedule floored = Schedules.exponentialDecay(1.0, 10, 0.5, 0, false, 0.3);
    assertEquals(0.5, floored.valueAt(10), EPS);
    assertEquals(0.3, floored.valueAt(30), EPS);
    Schedule capped = Schedules.exponentialDecay(1.0, 10, 2.0, 0, false, 3.0);
    assertEquals(2.0, capped.valueAt(10), EPS);
    assertEquals(3.0, capped.valueAt(30), EPS);
  }

  @Test
  void cosineDecay() {
    Schedule s = Schedules.cosineDecay(2.0, 100);
    assertEquals(2.0, s.valueAt(0), EPS);
    assertEquals(1.0, s.valueAt(50), EPS);
    assertEquals(1.0 + Math.cos(Math.PI / 4), s.valueAt(25), EPS);
    assertEquals(0.0, s.valueAt(100), EPS);
    assertEquals(0.0, s.valueAt(1000), EPS);

    Schedule floor = Schedules.cosineDecay(2.0, 100, 0.1);
    assertEquals(0.2, floor.valueAt(100), EPS);
    assertEquals(2.0 * (0.9 * 0.5 + 0.1), floor.valueAt(50), EPS);

    Schedule squared = Schedules.cosineDecay(1.0, 100, 0, 2);
    assertEquals(0.25, squared.valueAt(50), EPS);
    assertThrows(IllegalArgumentException.class, () -> Schedules.cosineDecay(1, 0));
  }

  @Test
  void warmupCosineDecay() {
    Schedule s = Schedules.warmupCosineDecay(0.0, 1.0, 10, 110, 0.1, 1);
    assertEquals(0.0, s.valueAt(0), EPS);
    assertEquals(0.5, s.valueAt(5), EPS);
    assertEquals(1.0, s.valueAt(10), EPS);
    assertEquals(0.55, s.valueAt(60), EPS, "halfway through the decay: the mean of peak and end");
    assertEquals(0.1, s.valueAt(110), EPS);
    assertEquals(0.1, s.valueAt(500), EPS);
    assertThrows(IllegalArgumentException.class, () -> Schedules.warmupCosineDecay(0, 1, 10, 10));
  }

  @Test
  void piecewiseConstantAsOptaxDocumentsIt() {
    Schedule s = Schedules.piecewiseConstant(1.0, Map.of(100, 0.1, 200, 0.01));
    assertEquals(1.0, s.valueAt(50), EPS);
    assertEquals(1.0, s.valueAt(99), EPS);
    assertEquals(0.1, s.valueAt(100), EPS, "a boundary belongs to the interval it starts");
    assertEquals(0.1, s.valueAt(150), EPS);
    assertEquals(0.001, s.valueAt(250), EPS);
    assertThrows(IllegalArgumentException.class, () -> Schedules.piecewiseConstant(1, Map.of(5, -1.0)));
  }

  @Test
  void joinCountsEachScheduleFromItsBoundary() {
    Schedule s = Schedules.join(new Schedule[] {Schedules.constant(1), step -> 10 + step}, 5);
    assertEquals(1.0, s.valueAt(4));
    assertEquals(10.0, s.valueAt(5));
    assertEquals(13.0, s.valueAt(8));
    assertThrows(IllegalArgumentException.class, () -> Schedules.join(new Schedule[] {Schedules.constant(1)}, 5));
  }
}
