package dev.adjoint.cuda;

/**
 * The CUDA modules this jar ships: one per {@code .cu} file under {@code src/main/cuda}, each
 * compiled into one fatbin resource. A test checks that this list, the sources and the manifest
 * agree, so a kernel file cannot be added or dropped without the runtime seeing it here.
 */
public enum KernelModule {
    /** {@code saxpy.cu}: {@code out = a*x + y}; the smallest module, also used to probe the driver. */
    SAXPY("saxpy"),
    /** {@code matmul.cu}: tiled SGEMM in the layouts nn, tn, nt, with bias/activation epilogues. */
    MATMUL("matmul"),
    /** {@code elementwise.cu}: unary and binary maps (with fused backward rules), row-vector and general broadcasts. */
    ELEMENTWISE("elementwise"),
    /** {@code reduce.cu}: deterministic sums (all, rows, columns), row maxima and their adjoint, row argmax. */
    REDUCE("reduce"),
    /** {@code softmax.cu}: softmax and log-softmax over rows, forward and backward. */
    SOFTMAX("softmax"),
    /** {@code optimizers.cu}: fused Adam/AdamW and SGD (momentum, Nesterov) updates over a flat buffer. */
    OPTIMIZERS("optimizers"),
    /** {@code layout.cu}: strided copies (transpose, broadcast, slice, concat), row gathers and their adjoint. */
    LAYOUT("layout");

    private final String fileStem;

    KernelModule(String fileStem) {
        this.fileStem = fileStem;
    }

    /** The source's file name without {@code .cu}, which is also the fatbin's. */
    public String fileStem() {
        return fileStem;
    }

    /** The class-path resource holding this module's fatbin. */
    public String resourcePath() {
        return CompiledKernels.RESOURCE_DIRECTORY + fileStem + ".fatbin";
    }
}
