package dev.adjoint.backend.cuda;

import jcuda.driver.CUresult;

/** A CUDA driver call failed; the message names the call and the driver's error code. */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int result;

    public CudaException(String operation, int result) {
        super(operation + " failed: " + CUresult.stringFor(result));
        this.result = result;
    }

    /** The driver's {@code CUresult} code. */
    public int result() {
        return result;
    }

    /** Throws unless {@code result} is {@code CUDA_SUCCESS}. */
    static void check(int result, String operation) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(operation, result);
        }
    }
}
