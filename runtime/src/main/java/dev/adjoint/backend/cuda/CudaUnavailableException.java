package dev.adjoint.backend.cuda;

/** Thrown by {@link CudaContext#open()} where no usable CUDA device is present. */
public class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String message) {
        super(message);
    }
}
