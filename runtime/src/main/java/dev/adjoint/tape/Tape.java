package dev.adjoint.tape;

import java.util.Arrays;

/**
 * The stack on which generated derivative code keeps what its adjoint sweep needs from loops:
 * values that iterations overwrite, branches taken, trip counts. Each thread has one tape, reused
 * by every generated method it runs, so loops allocate nothing per call once the tape has grown
 * to the largest size it is asked for.
 *
 * <p>Generated code takes the tape with {@link #forCurrentThread()}, notes {@link #mark()}, and
 * in a {@code finally} block {@link #truncate(long) truncates} back to it, so a call that throws
 * leaves the tape as it found it. Values pop off in the reverse order they were pushed; primitive
 * values share one stack and references have their own.
 *
 * <p>Not thread-safe by design: a tape belongs to one thread.
 */
public final class Tape {
  private static final ThreadLocal<Tape> CURRENT = ThreadLocal.withInitial(Tape::new);
  private static final int INITIAL_CAPACITY = 256;

  private long[] primitives = new long[INITIAL_CAPACITY];
  private int primitiveTop;
  private Object[] references = new Object[16];
  private int referenceTop;

  Tape() {}

  /** The calling thread's tape. */
  public static Tape forCurrentThread() {
    return CURRENT.get();
  }

  /** The current height of both stacks, for {@link #truncate(long)}. */
  public long mark() {
    return ((long) referenceTop << 32) | (primitiveTop & 0xFFFF_FFFFL);
  }

  /** Drops everything pushed since {@code mark} was taken (nothing, after a normal run). */
  public void truncate(long mark) {
    int prim = (int) mark;
    int refs = (int) (mark >>> 32);
    if (prim > primitiveTop || refs > referenceTop) {
      throw new IllegalStateException("tape mark " + mark + " is above the tape's top");
    }
    primitiveTop = prim;
    Arrays.fill(references, refs, referenceTop, null);
    referenceTop = refs;
  }

  /** Entries held now (primitive and reference); zero between top-level calls. */
  public int size() {
    return primitiveTop + referenceTop;
  }

  /** Releases the memory a long-finished computation made the tape grow to. */
  public void trim() {
    if (size() == 0) {
      primitives = new long[INITIAL_CAPACITY];
      references = new Object[16];
    }
  }

  private void pushBits(long bits) {
    if (primitiveTop == primitives.length) {
      primitives = Arrays.copyOf(primitives, primitives.length * 2);
    }
    primitives[primitiveTop++] = bits;
  }

  private long popBits() {
    if (primitiveTop == 0) {
      throw new IllegalStateException("tape underflow: generated code popped more than it pushed");
    }
    return primitives[--primitiveTop];
  }

  public void pushDouble(double value) {
    pushBits(Double.doubleToRawLongBits(value));
  }

  public double popDouble() {
    return Double.longBitsToDouble(popBits());
  }

  public void pushFloat(float value) {
    pushBits(Float.floatToRawIntBits(value));
  }

  public float popFloat() {
    return Float.intBitsToFloat((int) popBits());
  }

  public void pushInt(int value) {
    pushBits(value);
  }

  public int popInt() {
    return (int) popBits();
  }

  public void pushLong(long value) {
    pushBits(value);
  }

  public long popLong() {
    return popBits();
  }

  public void pushBoolean(boolean value) {
    pushBits(value ? 1 : 0);
  }

  public boolean popBoolean() {
    return popBits() != 0;
  }

  public void pushObject(Object value) {
    if (referenceTop == references.length) {
      references = Arrays.copyOf(references, references.length * 2);
    }
    references[referenceTop++] = value;
  }

  public Object popObject() {
    if (referenceTop == 0) {
      throw new IllegalStateException("tape underflow: generated code popped more than it pushed");
    }
    Object value = references[--referenceTop];
    references[referenceTop] = null;
    return value;
  }
}
