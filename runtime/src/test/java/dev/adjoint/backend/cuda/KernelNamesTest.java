package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.backend.cuda.CudaMatmul.Epilogue;
import dev.adjoint.backend.cuda.CudaMatmul.Layout;
import dev.adjoint.cuda.CompiledKernels;
import dev.adjoint.cuda.Fatbin;
import dev.adjoint.cuda.KernelModule;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every kernel name a launcher can ask the driver for is defined in the committed module (no GPU needed). */
class KernelNamesTest {

    private static final Map<KernelModule, Set<String>> NAMES = new EnumMap<>(KernelModule.class);

    private static void assertDefined(KernelModule module, String... names) {
        Set<String> defined = NAMES.computeIfAbsent(module, m -> Fatbin.parse(CompiledKernels.fatbin(m)).ptxKernelNames());
        for (String name : names) {
            assertTrue(defined.contains(name), module + " lacks kernel " + name + "; it has " + defined);
        }
    }

    @Test
    void saxpy() {
        assertDefined(KernelModule.SAXPY, CudaSaxpy.KERNEL);
    }

    @Test
    void everyMatmulPlanNamesAKernel() {
        long aligned = 0x10000;
        for (Layout layout : Layout.values()) {
            for (Epilogue epilogue : Epilogue.values()) {
                if (layout == Layout.TN && epilogue != Epilogue.NONE) continue;
                long bias = epilogue == Epilogue.NONE ? 0 : aligned;
                for (int size : new int[] {17, 64, 4096}) {  // scalar and vec4; 64 and 128 tiles
                    MatmulPlan plan = MatmulPlan.choose(layout, epilogue, size, size, size, aligned,
                            CudaMatmul.packedLda(layout, size, size), aligned, CudaMatmul.packedLdb(layout, size, size),
                            aligned, size, bias, 132);
                    assertDefined(KernelModule.MATMUL, plan.kernel());
                }
            }
        }
    }

    @Test
    void splitProductsSumTheirSlices() {
        assertDefined(KernelModule.MATMUL, CudaMatmul.SUM_SLICES);
    }

    @Test
    void elementwise() {
        for (CudaElementwise.UnaryOp op : CudaElementwise.UnaryOp.values()) {
            assertDefined(KernelModule.ELEMENTWISE, op.kernel());
        }
        for (CudaElementwise.BinaryOp op : CudaElementwise.BinaryOp.values()) {
            assertDefined(KernelModule.ELEMENTWISE, op.kernel(""), op.kernel("_rowvec"), op.kernel("_bcast"));
        }
    }

    @Test
    void reductionsSoftmaxAndOptimizers() {
        assertDefined(KernelModule.REDUCE, "sum_partials_f32", "sum_finish_f32", "sum_rows_f32",
                "sum_cols_partials_f32", "sum_cols_finish_f32", "argmax_rows_f32", CudaReductions.MAX_ROWS, CudaReductions.MAX_ROWS_BACKWARD);
        assertDefined(KernelModule.SOFTMAX, "softmax_rows_f32", "log_softmax_rows_f32",
                "softmax_rows_backward_f32", "log_softmax_rows_backward_f32", CudaSoftmax.CROSS_ENTROPY,
                CudaSoftmax.CROSS_ENTROPY_BACKWARD);
        assertDefined(KernelModule.OPTIMIZERS, "adam_update_f32", "sgd_update_f32", CudaOptimizers.ADAM_APPLY_LEAVES,
                CudaOptimizers.SGD_APPLY_LEAVES);
    }

    /**
     * The host writes the multi-leaf optimizers' tables and constants as raw words; the PTX
     * declares the sizes the kernels read, so a struct changed on one side only fails here, not
     * on a GPU.
     */
    @Test
    void theLeafTablesHaveTheKernelsParameterLayouts() {
        String ptx = Fatbin.parse(CompiledKernels.fatbin(KernelModule.OPTIMIZERS)).entries().stream()
                .filter(e -> e.kind() == Fatbin.Kind.PTX).findFirst().orElseThrow().ptxText();
        assertParameters(ptx, CudaOptimizers.ADAM_APPLY_LEAVES, 9, LeafTable.AdamField.values().length);
        assertParameters(ptx, CudaOptimizers.SGD_APPLY_LEAVES, 4, LeafTable.SgdField.values().length);
    }

    private static void assertParameters(String ptx, String kernel, int constantWords, int fieldsPerLeaf) {
        assertTrue(ptx.contains(".param .u32 " + kernel + "_param_0"), kernel + ": the leaf count is an int");
        assertTrue(ptx.contains(".b8 " + kernel + "_param_1[" + constantWords * 4 + "]"),
                kernel + ": " + constantWords + " constant words");
        int tableBytes = LeafTable.MAX_LEAVES * fieldsPerLeaf * 8;
        assertTrue(ptx.contains(".param .align 8 .b8 " + kernel + "_param_2[" + tableBytes + "]"),
                kernel + ": a table of " + LeafTable.MAX_LEAVES + " leaves of " + fieldsPerLeaf * 8 + " bytes");
    }

    @Test
    void layout() {
        assertDefined(KernelModule.LAYOUT, CudaLayout.STRIDED_COPY, CudaLayout.GATHER_ROWS, CudaLayout.SCATTER_ADD_ROWS);
    }

}
