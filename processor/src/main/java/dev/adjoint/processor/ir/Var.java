package dev.adjoint.processor.ir;

/** A local variable or parameter. Names are unique within a function (the reader makes them so). */
public record Var(String name, Type type) {
  @Override
  public String toString() {
    return name;
  }
}
