package dev.adjoint.backend;

import dev.adjoint.tensor.DType;

/**
 * A flat buffer of elements of one {@link DType}, owned by the {@link Backend} whose device holds
 * it (host arrays for the CPU, device memory for CUDA). A tensor is a shape over a storage.
 *
 * <p>Storages are never written after the operation that created them returns: tensors share
 * them (a reshape is a new shape over the same storage), so a backend must always write its
 * results into fresh storage.
 */
public interface Storage {

  /** The backend that owns this storage; operations on it run there. */
  Backend backend();

  /** The element type. */
  DType dtype();

  /** Number of elements. */
  int size();
}
