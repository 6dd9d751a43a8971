package dev.adjoint.backend.cpu;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BinaryOp;
import dev.adjoint.backend.MatmulSpec;
import dev.adjoint.backend.ReduceOp;
import dev.adjoint.backend.ScalarOp;
import dev.adjoint.backend.Storage;
import dev.adjoint.backend.UnaryOp;
import dev.adjoint.tensor.DType;
import dev.adjoint.tensor.Device;
import java.util.Arrays;

/**
 * The pure-Java backend: storages are {@code float[]} or {@code double[]}; each method picks the
 * kernel class of its family ({@link FloatUnaryKernels}, {@link BinaryKernels},
 * {@link ReductionKernels}, {@link LayoutKernels}, {@link FloatProducts}, {@link SoftmaxKernels})
 * and the element type. Long elementwise loops and large matmuls run on {@link CpuThreads}.
 */
public final class CpuBackend implements Backend {

  /** float32 matmul: the Vector API's where enabled ({@link VectorApi}), else plain Java. */
  private static final FloatProducts FLOAT_PRODUCTS = FloatProducts.select();

  /** The one instance; it holds no state. */
  public static final CpuBackend INSTANCE = new CpuBackend();

  private CpuBackend() {}

  @Override
  public Device device() {
    return Device.CPU;
  }

  // ---- data in and out

  @Override
  public Storage fromArray(float[] values) {
    return new FloatStorage(values);
  }

  @Override
  public Storage fromArray(double[] values) {
    return new DoubleStorage(values);
  }

  @Override
  public float[] toFloatArray(Storage x) {
    if (x instanceof FloatStorage f) {
      return f.data.clone();
    }
    return narrow(doubles(x));
  }

  @Override
  public double[] toDoubleArray(Storage x) {
    if (x instanceof DoubleStorage d) {
      return d.data.clone();
    }
    return widen(floats(x));
  }

  @Override
  public Storage full(DType dtype, int size, double value) {
    if (dtype == DType.FLOAT32) {
      float[] out = new float[size];
      if (value != 0) {
        Arrays.fill(out, (float) value);
      }
      return new FloatStorage(out);
    }
    double[] out = new double[size];
    if (value != 0) {
      Arrays.fill(out, value);
    }
    return new DoubleStorage(out);
  }

  @Override
  public Storage astype(Storage x, DType dtype) {
    if (x.dtype() == dtype) {
      return x;
    }
    return dtype == DType.FLOAT32 ? new FloatStorage(narrow(doubles(x))) : new DoubleStorage(widen(floats(x)));
  }

  @Override
  public double element(Storage x, int index) {
    return x instanceof FloatStorage f ? f.data[index] : doubles(x)[index];
  }

  @Override
  public boolean allFinite(Storage x) {
    if (x instanceof FloatStorage f) {
      for (float v : f.data) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
    for (double v : doubles(x)) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  // ---- elementwise

  @Override
  public Storage unary(UnaryOp op, Storage x) {
    if (x instanceof FloatStorage f) {
      float[] out = new float[f.data.length];
      split(out.length, (from, to) -> FloatUnaryKernels.forward(op, f.data, out, from, to));
      return new FloatStorage(out);
    }
    double[] xd = doubles(x);
    double[] out = new double[xd.length];
    split(out.length, (from, to) -> DoubleUnaryKernels.forward(op, xd, out, from, to));
    return new DoubleStorage(out);
  }

  @Override
  public Storage unaryBackward(UnaryOp op, Storage x, Storage g) {
    if (x instanceof FloatStorage f) {
      float[] gd = floats(g);
      float[] out = new float[f.data.length];
      split(out.length, (from, to) -> FloatUnaryKernels.backward(op, f.data, gd, out, from, to));
      return new FloatStorage(out);
    }
    double[] xd = doubles(x);
    double[] gd = doubles(g);
    double[] out = new double[xd.length];
    split(out.length, (from, to) -> DoubleUnaryKernels.backward(op, xd, gd, out, from, to));
    return new DoubleStorage(out);
  }

  @Override
  public Storage tanhBackwardFromResult(Storage t, Storage g, int[] shape) {
    if (t instanceof FloatStorage f) {
      float[] gd = floats(g);
      float[] out = new float[f.data.length];
      split(out.length, (from, to) -> FloatUnaryKernels.tanhBackwardFromResult(f.data, gd, out, from, to));
      return new FloatStorage(out);
    }
    double[] td = doubles(t);
    double[] gd = doubles(g);
    double[] out = new double[td.length];
    split(out.length, (from, to) -> DoubleUnaryKernels.tanhBackwardFromResult(td, gd, out, from, to));
    return new DoubleStorage(out);
  }

  @Override
  public Storage scalar(ScalarOp op, Storage x, double c) {
    if (x instanceof FloatStorage f) {
      float[] out = new float[f.data.length];
      float cf = (float) c;
      split(out.length, (from, to) -> FloatScalarKernels.apply(op, f.data, cf, out, from, to));
      return new FloatStorage(out);
    }
    double[] xd = doubles(x);
    double[] out = new double[xd.length];
    split(out.length, (from, to) -> DoubleScalarKernels.apply(op, xd, c, out, from, to));
    return new DoubleStorage(out);
  }

  @Override
  public Storage binary(BinaryOp op, Storage a, int[] aShape, Storage b, int[] bShape, int[] outShape) {
    if (a instanceof FloatStorage f) {
      return new FloatStorage(BinaryKernels.apply(op, f.data, aShape, floats(b), bShape, outShape));
    }
    return new DoubleStorage(BinaryKernels.apply(op, doubles(a), aShape, doubles(b), bShape, outShape));
  }

  @Override
  public Storage addIntoFresh(Storage fresh, int[] shape, Storage b, int[] bShape) {
    if (fresh instanceof FloatStorage f && BinaryKernels.addInto(f.data, shape, floats(b), bShape)) {
      return fresh;
    }
    if (fresh instanceof DoubleStorage d && BinaryKernels.addInto(d.data, shape, doubles(b), bShape)) {
      return fresh;
    }
    return binary(BinaryOp.ADD, fresh, shape, b, bShape, shape);
  }

  // ---- reductions and broadcasting

  @Override
  public Storage reduce(ReduceOp op, Storage x, int[] shape, boolean[] reduced) {
    if (x instanceof FloatStorage f) {
      return new FloatStorage(narrow(ReductionKernels.reduce(op, f.data, shape, reduced)));
    }
    return new DoubleStorage(ReductionKernels.reduce(op, doubles(x), shape, reduced));
  }

  @Override
  public Storage maxBackward(Storage x, int[] shape, boolean[] reduced, Storage g) {
    if (x instanceof FloatStorage f) {
      return new FloatStorage(narrow(ReductionKernels.maxBackward(widen(f.data), shape, reduced, widen(floats(g)))));
    }
    return new DoubleStorage(ReductionKernels.maxBackward(doubles(x), shape, reduced, doubles(g)));
  }

  @Override
  public Storage broadcastTo(Storage x, int[] shape, int[] outShape) {
    int size = dev.adjoint.tensor.Shape.size(outShape);
    Object out = x instanceof FloatStorage ? new float[size] : new double[size];
    LayoutKernels.broadcastTo(array(x), shape, outShape, out);
    return wrap(out);
  }

  // ---- layout

  @Override
  public Storage transpose(Storage x, int[] shape, int[] perm) {
    if (x instanceof FloatStorage f) {
      return new FloatStorage(LayoutKernels.transpose(f.data, shape, perm));
    }
    return new DoubleStorage(LayoutKernels.transpose(doubles(x), shape, perm));
  }

  @Override
  public Storage gatherRows(Storage x, int rowLength, int[] rows) {
    Object out = allocate(x, rows.length * rowLength);
    LayoutKernels.gatherRows(array(x), rowLength, rows, out);
    return wrap(out);
  }

  @Override
  public Storage scatterAddRows(Storage values, int rowLength, int[] rows, int rowCount) {
    if (values instanceof FloatStorage f) {
      float[] out = new float[rowCount * rowLength];
      LayoutKernels.scatterAddRows(f.data, rowLength, rows, out);
      return new FloatStorage(out);
    }
    double[] out = new double[rowCount * rowLength];
    LayoutKernels.scatterAddRows(doubles(values), rowLength, rows, out);
    return new DoubleStorage(out);
  }

  @Override
  public Storage concat(Storage[] parts, int outer, int[] blockLengths) {
    int total = 0;
    for (int b : blockLengths) {
      total += b;
    }
    Object[] arrays = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      arrays[i] = array(parts[i]);
    }
    Object out = allocate(parts[0], outer * total);
    LayoutKernels.concat(arrays, outer, blockLengths, out);
    return wrap(out);
  }

  @Override
  public Storage slice(Storage x, int outer, int blockLength, int start, int length) {
    Object out = allocate(x, outer * length);
    LayoutKernels.slice(array(x), outer, blockLength, start, length, out);
    return wrap(out);
  }

  // ---- linear algebra

  @Override
  public Storage matmul(Storage a, Storage b, MatmulSpec spec) {
    if (a instanceof FloatStorage f) {
      return new FloatStorage(FLOAT_PRODUCTS.multiply(f.data, floats(b), spec));
    }
    return new DoubleStorage(DoubleMatmul.multiply(doubles(a), doubles(b), spec));
  }

  // ---- softmax family

  @Override
  public Storage softmax(Storage x, int outer, int axisLength, int inner, boolean log) {
    if (x instanceof FloatStorage f) {
      return new FloatStorage(narrow(SoftmaxKernels.forward(widen(f.data), outer, axisLength, inner, log)));
    }
    return new DoubleStorage(SoftmaxKernels.forward(doubles(x), outer, axisLength, inner, log));
  }

  @Override
  public Storage softmaxBackward(Storage x, Storage g, int outer, int axisLength, int inner, boolean log) {
    if (x instanceof FloatStorage f) {
      return new FloatStorage(narrow(
          SoftmaxKernels.backward(widen(f.data), widen(floats(g)), outer, axisLength, inner, log)));
    }
    return new DoubleStorage(SoftmaxKernels.backward(doubles(x), doubles(g), outer, axisLength, inner, log));
  }

  @Override
  public String toString() {
    return "CpuBackend(threads=" + CpuThreads.PARALLELISM + ")";
  }

  // ---- helpers

  /** A range kernel, run on one thread or split among several for long arrays. */
  private interface RangeKernel {
    void run(int from, int to);
  }

  private static void split(int size, RangeKernel kernel) {
    int parts = CpuThreads.partsFor(size, BinaryKernels.PARALLEL_GRAIN);
    if (parts == 1) {
      kernel.run(0, size);
    } else {
      CpuThreads.forEachPart(parts, p ->
          kernel.run(BinaryKernels.start(p, parts, size), BinaryKernels.start(p + 1, parts, size)));
    }
  }

  private static float[] floats(Storage s) {
    return ((FloatStorage) s).data;
  }

  private static double[] doubles(Storage s) {
    return ((DoubleStorage) s).data;
  }

  private static Object array(Storage s) {
    return s instanceof FloatStorage f ? f.data : ((DoubleStorage) s).data;
  }

  private static Object allocate(Storage like, int size) {
    return like instanceof FloatStorage ? new float[size] : new double[size];
  }

  private static Storage wrap(Object array) {
    return array instanceof float[] f ? new FloatStorage(f) : new DoubleStorage((double[]) array);
  }

  private static float[] narrow(double[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) x[i];
    }
    return out;
  }

  private static double[] widen(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }
}
