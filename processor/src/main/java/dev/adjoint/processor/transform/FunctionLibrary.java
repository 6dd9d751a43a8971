package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodRef;

/** Bodies of called methods, for transforms that inline them (higher derivatives through rules). */
public interface FunctionLibrary {
  /** The IR of {@code method}'s body, or null where it is not known. */
  Function bodyOf(MethodRef method);

  FunctionLibrary EMPTY = m -> null;
}
