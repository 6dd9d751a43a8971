package dev.adjoint.backend.cuda;

import dev.adjoint.optim.GradientTransformation;
import dev.adjoint.optim.OptState;
import dev.adjoint.optim.Optimizers;
import dev.adjoint.random.RandomArrays;
import dev.adjoint.random.RandomKey;
import dev.adjoint.tensor.Device;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorsOn;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java side of one GPU training step of the benchmark MLP ({@link MlpStepBenchmark}: batch
 * 1024, generated gradient, {@code adam(lr)}, a {@link DeviceScope}), measured here without a GPU:
 * the real {@link CudaBackend}, memory pool and scopes over a {@link CudaOps} that does nothing,
 * so the time is every layer above the driver (tensors, shapes, plans, the generated code, the
 * optimizer, scope bookkeeping) and none of JCuda's or the GPU's. On a GPU the step's host time is
 * about this plus its kernel calls (29, {@code MlpStepLaunchesTest}) times the cost of one launch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostOverheadBenchmark {
    private GradientTransformation adam;
    private MlpBench.Params params;
    private OptState<MlpBench.Params> state;
    private Tensor x;
    private Tensor y;

    @Setup
    public void setUp() {
        NoKernelOps ops = new NoKernelOps();
        DeviceMemoryPool pool = new DeviceMemoryPool(ops);
        CudaBackend backend = new CudaBackend(Device.cuda(0), ops, new DeviceMemory(pool, System::gc), false,
                "no-op device", null);
        RandomKey[] k = RandomKey.of(0).split(3);
        Tensor[] leaves = MlpBench.init(k[0]).leaves();
        for (int i = 0; i < leaves.length; i++) leaves[i] = TensorsOn.backend(backend, leaves[i]);
        params = MlpBench.Params.of(leaves);
        x = TensorsOn.backend(backend, Tensor.of(RandomArrays.normal(k[1], 1024, 784), 1024, 784));
        int[] labels = new int[1024];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        y = TensorsOn.backend(backend, Tensor.oneHot(labels, 10));
        adam = Optimizers.adam(1e-3);
        state = adam.init(params);
    }

    @Benchmark
    public Tensor step() {
        MlpBench.Trained trained = MlpBench.step(adam, params, state, x, y);
        params = trained.params();
        state = trained.state();
        return trained.loss();
    }

    /** Device memory that is only bookkeeping, and kernels that do nothing. */
    static final class NoKernelOps implements CudaOps, DeviceAllocator {
        private long next = 0x7000_0000_0000L;

        @Override public long allocate(long bytes) { long a = next; next += (bytes + 255) / 256 * 256 + 256; return a; }
        @Override public void free(long address) {}
        @Override public void upload(float[] src, long dst) {}
        @Override public void upload(int[] src, long dst) {}
        @Override public void download(long src, float[] dst) {}
        @Override public void copy(long src, long dst, long count) {}
        @Override public void fill(long dst, int bits, long count) {}
        @Override public void unary(CudaElementwise.UnaryOp op, long n, long x, long out, float p0, float p1) {}
        @Override public void binary(CudaElementwise.BinaryOp op, long n, long a, long b, long out) {}
        @Override public void binaryRowVector(CudaElementwise.BinaryOp op, long rows, int cols, long a, long b, long out) {}
        @Override public void binaryBroadcast(CudaElementwise.BinaryOp op, int[] aShape, long a, int[] bShape, long b, long out) {}
        @Override public void matmul(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long c, long bias) {}
        @Override public void matmulSplit(CudaMatmul.Layout layout, int m, int n, int k, long a, long b, long partials, int splits) {}
        @Override public void sumSlices(long count, int slices, long partials, long out, long bias, int columns) {}
        @Override public void sumAll(long n, long x, long out, float scale) {}
        @Override public void sumRows(int rows, int cols, long x, long out, float scale) {}
        @Override public void sumColumns(int rows, int cols, long x, long out, float scale) {}
        @Override public void maxRows(int rows, int cols, long x, long out) {}
        @Override public void maxRowsBackward(int rows, int cols, long x, long g, long out) {}
        @Override public void softmax(int rows, int cols, long x, long y, boolean log) {}
        @Override public void softmaxBackward(int rows, int cols, long y, long dy, long dx, boolean log) {}
        @Override public void softmaxCrossEntropy(int rows, int cols, long x, long labels, long out) {}
        @Override public void softmaxCrossEntropyBackward(int rows, int cols, long x, long labels, long g, long dx) {}
        @Override public void stridedCopy(StridedCopy plan, long x, long out) {}
        @Override public void gatherRows(int count, int rowLength, long rows, long x, long out) {}
        @Override public void scatterAddRows(int outRows, int rowLength, long plan, long values, long out) {}
        @Override public void adamApplyLeaves(LeafTable table) {}
        @Override public void sgdApplyLeaves(LeafTable table) {}
    }
}
