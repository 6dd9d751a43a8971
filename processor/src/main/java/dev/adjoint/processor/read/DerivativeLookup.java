package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.CallDerivative;
import dev.adjoint.processor.ir.MethodRef;
import javax.lang.model.element.ExecutableElement;

/** Finds how a called method is differentiated: its rules, or its generated derivative. */
public interface DerivativeLookup {
  CallDerivative derivativeOf(ExecutableElement method, MethodRef ref);
}
