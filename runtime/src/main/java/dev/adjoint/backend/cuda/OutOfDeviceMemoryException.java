package dev.adjoint.backend.cuda;

/** The device has no room for an allocation. */
public class OutOfDeviceMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfDeviceMemoryException(String message) {
        super(message);
    }

    public OutOfDeviceMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
