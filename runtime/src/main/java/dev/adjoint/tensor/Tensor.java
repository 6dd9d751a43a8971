package dev.adjoint.tensor;

import dev.adjoint.backend.Backend;
import dev.adjoint.backend.BinaryOp;
import dev.adjoint.backend.ReduceOp;
import dev.adjoint.backend.ScalarOp;
import dev.adjoint.backend.Storage;
import dev.adjoint.backend.UnaryOp;
import dev.adjoint.backend.cpu.CpuBackend;
import java.util.Arrays;

/**
 * An immutable n-dimensional array of float32 (the default) or float64 elements, stored
 * contiguously in row-major order on a {@link Device}: the value type of Adjoint's numerics, as a
 * {@code jax.Array} is JAX's.
 *
 * <p>Operations follow NumPy: elementwise arithmetic broadcasts (shapes align from the right, a
 * dimension of 1 stretches), {@link #matmul} promotes vectors and broadcasts batch axes,
 * reductions take axes (negative counts from the end) and {@code keepDims}. Every operation
 * returns a new tensor; none modifies its operands, so tensors can be shared between threads and
 * kept as long as needed. Reshapes share storage; everything else computes fresh storage.
 *
 * <p>Errors are {@link IllegalArgumentException}s that name the operation and the shapes, e.g.
 * {@code matmul: shapes [3, 4] and [5, 2] do not align (4 != 5)}. float32 and float64 never mix
 * silently (convert with {@link #astype}), and tensors on different devices never mix (move with
 * {@link #to}). With {@code -Dadjoint.debugNans=true} every operation also checks its result and
 * throws {@link NonFiniteValueException} at the first NaN or infinity.
 *
 * <p>Tensors are created on the CPU. Each operation runs on the backend of its inputs' device.
 * The derivative rules of every differentiable operation are in {@code dev.adjoint.rules.TensorRules}.
 */
public final class Tensor {

  /** Never modified, never handed out: results share it freely. */
  final int[] shape;

  private final Storage storage;

  Tensor(int[] shape, Storage storage) {
    this.shape = shape;
    this.storage = storage;
  }

  /** A result of {@code op}; checked for NaN and infinity when the debug mode is on. */
  static Tensor result(String op, int[] shape, Storage storage, Tensor... inputs) {
    Tensor t = new Tensor(shape, storage);
    if (DebugNans.ENABLED) {
      DebugNans.check(op, t, inputs);
    }
    return t;
  }

  static Tensor result(String op, int[] shape, Storage storage, Tensor input) {
    Tensor t = new Tensor(shape, storage);
    if (DebugNans.ENABLED) {
      DebugNans.check(op, t, input);
    }
    return t;
  }

  static Tensor result(String op, int[] shape, Storage storage, Tensor a, Tensor b) {
    Tensor t = new Tensor(shape, storage);
    if (DebugNans.ENABLED) {
      DebugNans.check(op, t, a, b);
    }
    return t;
  }

  /**
   * The storage under this tensor, for backends and device-memory scopes
   * ({@code dev.adjoint.backend.cuda.DeviceScope} keeps and releases device tensors by their
   * storage). Storages are immutable once created; tensors that share one (reshapes) live and die
   * together.
   */
  public Storage storage() {
    return storage;
  }

  Backend backend() {
    return storage.backend();
  }

  private static Backend host() {
    return CpuBackend.INSTANCE;
  }

  // ------------------------------------------------------------------------------------------
  // Creation

  /** A float32 tensor of these values in row-major order; no shape means 1-D. */
  public static Tensor of(float[] values, int... shape) {
    int[] s = shapeFor("of", values.length, shape);
    return new Tensor(s, host().fromArray(values.clone()));
  }

  /**
   * A tensor over existing storage, without a copy: for backends and fused kernels outside this
   * package that fill an array and hand it over with {@link Backend#fromArray(float[])} (which
   * takes ownership of the array). The storage's elements, row-major, fill {@code shape} exactly
   * (an empty shape is a scalar); like every storage it must never change afterwards.
   */
  public static Tensor ofStorage(Storage storage, int... shape) {
    int[] s = Shape.validated("ofStorage", shape);
    if (Shape.size(s) != storage.size()) {
      throw new IllegalArgumentException("ofStorage: " + storage.size() + " elements do not fill shape " + Shape.format(s));
    }
    return new Tensor(s, storage);
  }

  /** A float32 tensor of these values (rounded to float) in row-major order; no shape means 1-D. */
  public static Tensor of(double[] values, int... shape) {
    return of(values, DType.FLOAT32, shape);
  }

  /** A tensor of these values with the given dtype; no shape means 1-D. */
  public static Tensor of(double[] values, DType dtype, int... shape) {
    int[] s = shapeFor("of", values.length, shape);
    return new Tensor(s, dtype == DType.FLOAT64 ? host().fromArray(values.clone()) : host().fromArray(toFloats(values)));
  }

  /** A float32 matrix of these rows (all of one length). */
  public static Tensor of(float[][] rows) {
    int cols = rowLength("of", rows);
    float[] flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return new Tensor(new int[] {rows.length, cols}, host().fromArray(flat));
  }

  /** A float32 matrix of these rows (rounded to float). */
  public static Tensor of(double[][] rows) {
    return of(rows, DType.FLOAT32);
  }

  /** A matrix of these rows with the given dtype. */
  public static Tensor of(double[][] rows, DType dtype) {
    int cols = rowLength("of", rows);
    double[] flat = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    int[] s = {rows.length, cols};
    return new Tensor(s, dtype == DType.FLOAT64 ? host().fromArray(flat) : host().fromArray(toFloats(flat)));
  }

  /** A float32 rank-0 tensor. */
  public static Tensor scalar(double value) {
    return scalar(value, DType.FLOAT32);
  }

  /** A rank-0 tensor of the given dtype. */
  public static Tensor scalar(double value, DType dtype) {
    return new Tensor(new int[0], host().full(dtype, 1, value));
  }

  /** float32 zeros. */
  public static Tensor zeros(int... shape) {
    return full(shape, 0, DType.FLOAT32);
  }

  /** Zeros of the given dtype. */
  public static Tensor zeros(DType dtype, int... shape) {
    return full(shape, 0, dtype);
  }

  /** float32 ones. */
  public static Tensor ones(int... shape) {
    return full(shape, 1, DType.FLOAT32);
  }

  /** Ones of the given dtype. */
  public static Tensor ones(DType dtype, int... shape) {
    return full(shape, 1, dtype);
  }

  /** A float32 tensor of the shape with every element {@code value}. */
  public static Tensor full(int[] shape, double value) {
    return full(shape, value, DType.FLOAT32);
  }

  /** A tensor of the shape and dtype with every element {@code value}. */
  public static Tensor full(int[] shape, double value, DType dtype) {
    int[] s = Shape.validated("full", shape);
    return new Tensor(s, host().full(dtype, Shape.size(s), value));
  }

  /** Zeros with the shape, dtype and device of {@code like}. */
  public static Tensor zerosLike(Tensor like) {
    return fullLike(like, 0);
  }

  /** Ones with the shape, dtype and device of {@code like}. */
  public static Tensor onesLike(Tensor like) {
    return fullLike(like, 1);
  }

  /** {@code value} everywhere, with the shape, dtype and device of {@code like}. */
  public static Tensor fullLike(Tensor like, double value) {
    return new Tensor(like.shape, like.backend().full(like.dtype(), like.size(), value));
  }

  /** float32 {@code [0, 1, ..., n-1]}. */
  public static Tensor arange(int n) {
    return arange(0, n, 1, DType.FLOAT32);
  }

  /** float32 {@code start, start + step, ...} up to but excluding {@code stop}, as NumPy's. */
  public static Tensor arange(double start, double stop, double step) {
    return arange(start, stop, step, DType.FLOAT32);
  }

  /** {@code start, start + step, ...} up to but excluding {@code stop}, with the given dtype. */
  public static Tensor arange(double start, double stop, double step, DType dtype) {
    if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
      throw new IllegalArgumentException("arange: start, stop and a non-zero step must be finite, got "
          + start + ", " + stop + ", " + step);
    }
    int n = (int) Math.max(0, Math.ceil((stop - start) / step));
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = start + i * step;
    }
    return of(values, dtype);
  }

  /** float32: {@code num} evenly spaced values from {@code start} to {@code stop} inclusive. */
  public static Tensor linspace(double start, double stop, int num) {
    return linspace(start, stop, num, DType.FLOAT32);
  }

  /** {@code num} evenly spaced values from {@code start} to {@code stop} inclusive. */
  public static Tensor linspace(double start, double stop, int num, DType dtype) {
    if (num < 0) {
      throw new IllegalArgumentException("linspace: num must be >= 0, got " + num);
    }
    double[] values = new double[num];
    double step = num > 1 ? (stop - start) / (num - 1) : 0;
    for (int i = 0; i < num; i++) {
      values[i] = start + i * step;
    }
    if (num > 1) {
      values[num - 1] = stop;
    }
    return of(values, dtype);
  }

  /** float32 one-hot rows: shape {@code [labels.length, classes]}. */
  public static Tensor oneHot(int[] labels, int classes) {
    return oneHot(labels, classes, DType.FLOAT32);
  }

  /** One-hot rows of the given dtype: row {@code i} is 1 at {@code labels[i]}, 0 elsewhere. */
  public static Tensor oneHot(int[] labels, int classes, DType dtype) {
    if (classes < 1) {
      throw new IllegalArgumentException("oneHot: classes must be >= 1, got " + classes);
    }
    double[] values = new double[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("oneHot: label " + labels[i] + " at index " + i
            + " is outside [0, " + classes + ")");
      }
      values[i * classes + labels[i]] = 1;
    }
    return of(values, dtype, labels.length, classes);
  }

  /**
   * Concatenation along an existing axis; all parts have one rank, dtype and device, and equal
   * lengths on every other axis.
   */
  public static Tensor concat(int axis, Tensor... parts) {
    return Layout.concat(axis, parts);
  }

  // ------------------------------------------------------------------------------------------
  // Properties and conversions

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The length of one axis (negative counts from the end). */
  public int shape(int axis) {
    return shape[Shape.axis("shape", axis, shape.length)];
  }

  /** Number of axes. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return storage.size();
  }

  /** The element type. */
  public DType dtype() {
    return storage.dtype();
  }

  /** Where the storage lives. */
  public Device device() {
    return storage.backend().device();
  }

  /** The elements in row-major order, as floats (a fresh array). */
  public float[] toFloatArray() {
    return backend().toFloatArray(storage);
  }

  /** The elements in row-major order, as doubles (a fresh array). */
  public double[] toDoubleArray() {
    return backend().toDoubleArray(storage);
  }

  /** A rank-2 tensor's rows, as floats. */
  public float[][] toFloatMatrix() {
    requireRank("toFloatMatrix", 2);
    float[] flat = toFloatArray();
    float[][] rows = new float[shape[0]][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * shape[1], (i + 1) * shape[1]);
    }
    return rows;
  }

  /** A rank-2 tensor's rows, as doubles. */
  public double[][] toDoubleMatrix() {
    requireRank("toDoubleMatrix", 2);
    double[] flat = toDoubleArray();
    double[][] rows = new double[shape[0]][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * shape[1], (i + 1) * shape[1]);
    }
    return rows;
  }

  /** The only element of a one-element tensor (any rank). */
  public double item() {
    if (size() != 1) {
      throw new IllegalArgumentException("item: needs exactly one element, shape is " + Shape.format(shape));
    }
    return backend().element(storage, 0);
  }

  /** The element at an index with one coordinate per axis. */
  public double get(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length
          + " coordinates for shape " + Shape.format(shape));
    }
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " is out of bounds for shape "
            + Shape.format(shape));
      }
      flat = flat * shape[i] + index[i];
    }
    return backend().element(storage, flat);
  }

  /** This tensor on another device (itself when already there). */
  public Tensor to(Device device) {
    if (device.equals(device())) {
      return this;
    }
    return new Tensor(shape, DeviceRegistry.backend(device).transferFrom(storage));
  }

  /** The elements converted to another dtype (itself when already of it). */
  public Tensor astype(DType dtype) {
    if (dtype == dtype()) {
      return this;
    }
    return result("astype", shape, backend().astype(storage, dtype), this);
  }

  // ------------------------------------------------------------------------------------------
  // Elementwise arithmetic

  /** {@code this + other}, broadcasting. */
  public Tensor add(Tensor other) {
    return binary("add", BinaryOp.ADD, other);
  }

  /** {@code this - other}, broadcasting. */
  public Tensor sub(Tensor other) {
    return binary("sub", BinaryOp.SUB, other);
  }

  /** {@code this * other} elementwise, broadcasting. */
  public Tensor mul(Tensor other) {
    return binary("mul", BinaryOp.MUL, other);
  }

  /** {@code this / other} elementwise, broadcasting. */
  public Tensor div(Tensor other) {
    return binary("div", BinaryOp.DIV, other);
  }

  /** {@code this + c}. */
  public Tensor add(double c) {
    return scalarOp("add", ScalarOp.ADD, c);
  }

  /** {@code this - c}. */
  public Tensor sub(double c) {
    return scalarOp("sub", ScalarOp.SUB, c);
  }

  /** {@code c - this} (the reflected subtraction, NumPy's {@code __rsub__}). */
  public Tensor rsub(double c) {
    return scalarOp("rsub", ScalarOp.RSUB, c);
  }

  /** {@code this * c}. */
  public Tensor mul(double c) {
    return scalarOp("mul", ScalarOp.MUL, c);
  }

  /** {@code this / c}. */
  public Tensor div(double c) {
    return scalarOp("div", ScalarOp.DIV, c);
  }

  /** {@code c / this} (the reflected division, NumPy's {@code __rtruediv__}). */
  public Tensor rdiv(double c) {
    return scalarOp("rdiv", ScalarOp.RDIV, c);
  }

  /** {@code this ^ p} elementwise ({@code p = 0.5} computes a square root). */
  public Tensor pow(double p) {
    return scalarOp("pow", ScalarOp.POW, p);
  }

  /** {@code -this}. */
  public Tensor neg() {
    return unary("neg", UnaryOp.NEG);
  }

  /** {@code e^x} elementwise. */
  public Tensor exp() {
    return unary("exp", UnaryOp.EXP);
  }

  /** Natural logarithm elementwise. */
  public Tensor log() {
    return unary("log", UnaryOp.LOG);
  }

  /**
   * Hyperbolic tangent elementwise (float32: within 1 ulp, vectorized). Its derivative rule takes
   * this result from the generated code, so tanh is not evaluated again in the adjoint sweep.
   */
  public Tensor tanh() {
    return unary("tanh", UnaryOp.TANH);
  }

  /** The logistic function {@code 1 / (1 + e^-x)} elementwise. */
  public Tensor sigmoid() {
    return unary("sigmoid", UnaryOp.SIGMOID);
  }

  /** {@code max(x, 0)} elementwise. */
  public Tensor relu() {
    return unary("relu", UnaryOp.RELU);
  }

  /** {@code log(1 + e^x)} elementwise, computed without overflow. */
  public Tensor softplus() {
    return unary("softplus", UnaryOp.SOFTPLUS);
  }

  /** Square root elementwise. */
  public Tensor sqrt() {
    return unary("sqrt", UnaryOp.SQRT);
  }

  /** {@code x * x} elementwise. */
  public Tensor square() {
    return unary("square", UnaryOp.SQUARE);
  }

  /** Absolute value elementwise. */
  public Tensor abs() {
    return unary("abs", UnaryOp.ABS);
  }

  // ------------------------------------------------------------------------------------------
  // Reductions

  /** The sum of all elements, as a rank-0 tensor. */
  public Tensor sum() {
    return reduce("sum", ReduceOp.SUM, allAxes(), false);
  }

  /** Sum along one axis, which is removed. */
  public Tensor sum(int axis) {
    return reduce("sum", ReduceOp.SUM, new int[] {axis}, false);
  }

  /** Sum along one axis, kept with length 1 when {@code keepDims}. */
  public Tensor sum(int axis, boolean keepDims) {
    return reduce("sum", ReduceOp.SUM, new int[] {axis}, keepDims);
  }

  /** Sum along several axes, kept with length 1 when {@code keepDims}. */
  public Tensor sum(int[] axes, boolean keepDims) {
    return reduce("sum", ReduceOp.SUM, axes, keepDims);
  }

  /** The mean of all elements, as a rank-0 tensor. */
  public Tensor mean() {
    return mean("mean", allAxes(), false);
  }

  /** Mean along one axis, which is removed. */
  public Tensor mean(int axis) {
    return mean("mean", new int[] {axis}, false);
  }

  /** Mean along one axis, kept with length 1 when {@code keepDims}. */
  public Tensor mean(int axis, boolean keepDims) {
    return mean("mean", new int[] {axis}, keepDims);
  }

  /** Mean along several axes, kept with length 1 when {@code keepDims}. */
  public Tensor mean(int[] axes, boolean keepDims) {
    return mean("mean", axes, keepDims);
  }

  /** The largest element, as a rank-0 tensor (NaN if any element is NaN). */
  public Tensor max() {
    return reduce("max", ReduceOp.MAX, allAxes(), false);
  }

  /** Maximum along one axis, which is removed. */
  public Tensor max(int axis) {
    return reduce("max", ReduceOp.MAX, new int[] {axis}, false);
  }

  /** Maximum along one axis, kept with length 1 when {@code keepDims}. */
  public Tensor max(int axis, boolean keepDims) {
    return reduce("max", ReduceOp.MAX, new int[] {axis}, keepDims);
  }

  /**
   * Indices of the maxima along an axis (the first on ties), as Java ints in row-major order of
   * the remaining axes: e.g. predicted classes from logits {@code [batch, classes]} with axis 1.
   * Not differentiable; computed on the host.
   */
  public int[] argmax(int axis) {
    int a = Shape.axis("argmax", axis, shape.length);
    if (shape[a] == 0) {
      throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + Shape.format(shape) + " is empty");
    }
    double[] values = toDoubleArray();
    int outer = Shape.product(shape, 0, a);
    int length = shape[a];
    int inner = Shape.product(shape, a + 1, shape.length);
    int[] result = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int base = o * length * inner + in;
        int best = 0;
        for (int j = 1; j < length; j++) {
          double v = values[base + j * inner];
          if (v > values[base + best * inner] || (Double.isNaN(v) && !Double.isNaN(values[base + best * inner]))) {
            best = j;
          }
        }
        result[o * inner + in] = best;
      }
    }
    return result;
  }

  // ------------------------------------------------------------------------------------------
  // Shape

  /** The same elements in another shape of equal size; one length may be -1 (inferred). Shares storage. */
  public Tensor reshape(int... newShape) {
    int[] s = Layout.resolveReshape(shape, newShape);
    return Arrays.equals(s, shape) ? this : new Tensor(s, storage);
  }

  /** The axes reversed (NumPy's {@code .T}): the transpose of a matrix; vectors and scalars unchanged. */
  public Tensor transpose() {
    if (shape.length < 2) {
      return this;
    }
    int[] perm = new int[shape.length];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = perm.length - 1 - i;
    }
    return transpose(perm);
  }

  /** The axes permuted: axis {@code i} of the result is axis {@code perm[i]} of this. */
  public Tensor transpose(int... perm) {
    return Layout.transpose(this, perm);
  }

  /** This tensor broadcast to a larger shape (a copy). */
  public Tensor broadcastTo(int... target) {
    return Layout.broadcastTo(this, target);
  }

  /**
   * Sums over the axes along which {@code target} would be broadcast to this tensor's shape, so
   * that the result has shape {@code target}: the reverse of {@link #broadcastTo}, and the way a
   * gradient is brought back to the shape of a broadcast operand.
   */
  public Tensor sumTo(int... target) {
    return Layout.sumTo(this, target);
  }

  /** Rows (slices along axis 0) in the given order, e.g. a minibatch: shape {@code [rows.length, ...]}. */
  public Tensor gatherRows(int[] rows) {
    return Layout.gatherRows(this, rows);
  }

  /** Elements {@code [start, end)} along an axis. */
  public Tensor slice(int axis, int start, int end) {
    return Layout.slice(this, axis, start, end);
  }

  /** This tensor followed by {@code other} along an axis. */
  public Tensor concat(Tensor other, int axis) {
    return Layout.concat(axis, this, other);
  }

  // ------------------------------------------------------------------------------------------
  // Linear algebra and softmax

  /**
   * The matrix product with NumPy's semantics: 1-D by 1-D is a dot product (rank 0), a 1-D left
   * operand is a row and a 1-D right operand a column (the axis removed from the result), and axes
   * before the last two are batch axes that broadcast.
   */
  public Tensor matmul(Tensor other) {
    return MatmulPlan.multiply("matmul", this, other, false, false);
  }

  /**
   * {@code this^T · other}, transposing the last two axes of this (rank >= 2 each) without a copy:
   * for a weight gradient {@code x^T · g}.
   */
  public Tensor matmulTransposeA(Tensor other) {
    return MatmulPlan.multiply("matmulTransposeA", this, other, true, false);
  }

  /**
   * {@code this · other^T}, transposing the last two axes of {@code other} (rank >= 2 each)
   * without a copy: a dense layer {@code x · w^T} with {@code w} stored {@code [out, in]}.
   */
  public Tensor matmulTransposeB(Tensor other) {
    return MatmulPlan.multiply("matmulTransposeB", this, other, false, true);
  }

  /**
   * {@code this.matmul(other.transpose())}, without copying the transpose where {@code other} is a
   * matrix and this has rank 2 or more (then it reads {@code other} in place, as {@link
   * #matmulTransposeB}); other ranks take the transpose. The processor compiles {@code
   * x.matmul(w.transpose())} in a {@code @Differentiable} method to this, so a dense layer written
   * the way NumPy users write it ({@code x @ w.T}) costs neither a transposed copy forward nor two
   * transposes backward.
   */
  public Tensor matmulTransposed(Tensor other) {
    if (other.rank() == 2 && shape.length >= 2) {
      if (shape[shape.length - 1] != other.shape[1]) {
        // the message of the expression the user wrote, matmul(other.transpose())
        throw new IllegalArgumentException("matmul: shapes " + Shape.format(shape) + " and "
            + Shape.format(new int[] {other.shape[1], other.shape[0]}) + " do not align ("
            + shape[shape.length - 1] + " != " + other.shape[1] + ")");
      }
      return MatmulPlan.multiply("matmul", this, other, false, true);
    }
    return matmul(other.transpose());
  }

  /**
   * {@code this.matmul(w.transpose()).add(b)}, a dense layer with {@code w} stored {@code [out,
   * in]} (PyTorch's {@code linear}), with the same values to the bit. A bias along the last axis
   * (the usual {@code [out]}) is added in the same backend call as the product ({@link
   * dev.adjoint.backend.Backend#matmulBias}: into the product's fresh array on the CPU, in the
   * matrix product's epilogue on a GPU); a bias of another shape that broadcasts into the product
   * is added into its fresh storage; any other, by a separate {@code add}. The processor compiles
   * {@code x.matmul(w.transpose()).add(b)} in a {@code @Differentiable} method to this.
   */
  public Tensor linear(Tensor w, Tensor b) {
    if (w.rank() == 2 && rank() >= 2 && shape[shape.length - 1] == w.shape[1]) {  // else the unfused path's errors
      Tensor fused = MatmulPlan.multiplyAddRow("linear", this, w, false, true, b);
      if (fused != null) {
        return fused;
      }
    }
    Tensor product = matmulTransposed(w);
    product.requireCompatible("add", b);
    int[] out = Broadcast.shape("add", product.shape, b.shape);
    if (!Arrays.equals(out, product.shape)) {
      return product.add(b);
    }
    return result("add", out, product.backend().addIntoFresh(product.storage, out, b.storage, b.shape), product, b);
  }

  /**
   * {@code this.matmul(w).add(b)}, a dense layer with {@code w} stored {@code [in, out]} (JAX's and
   * Flax's layout, {@code x @ w + b}), with the same values to the bit: a bias along the last axis
   * is added in the same backend call as the product (in the matrix product's epilogue on a GPU,
   * saving a launch and a pass over the result); any other bias by a separate {@code add}. The
   * processor compiles {@code x.matmul(w).add(b)} in a {@code @Differentiable} method to this.
   */
  public Tensor matmulAdd(Tensor w, Tensor b) {
    if (rank() >= 1 && w.rank() >= 2) {
      Tensor fused = MatmulPlan.multiplyAddRow("matmul", this, w, false, false, b);
      if (fused != null) {
        return fused;
      }
    }
    return matmul(w).add(b);
  }

  /** Softmax along an axis: {@code e^x / sum(e^x)}, computed stably. */
  public Tensor softmax(int axis) {
    return Layout.softmax("softmax", this, axis, false);
  }

  /** Log-softmax along an axis: {@code x - log(sum(e^x))}, computed stably. */
  public Tensor logSoftmax(int axis) {
    return Layout.softmax("logSoftmax", this, axis, true);
  }

  /**
   * optax's {@code softmax_cross_entropy(logits, labels)}: {@code -sum(labels * logSoftmax(axis))}
   * along {@code axis}, which the result drops ({@code [batch, classes]} gives {@code [batch]});
   * {@code labels} has this tensor's shape (one-hot rows, or any distributions). The values of that
   * expression (its very bits on the CPU); on a GPU one pass over each row instead of four
   * operations, and a backward pass of one.
   */
  public Tensor softmaxCrossEntropy(Tensor labels, int axis) {
    return Layout.softmaxCrossEntropy("softmaxCrossEntropy", this, labels, axis);
  }

  // ------------------------------------------------------------------------------------------

  /** Shape, dtype, device and (for up to 1000 elements) the values, NumPy-style. */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }

  // ---- helpers shared with the package

  void requireCompatible(String op, Tensor other) {
    if (storage.dtype() != other.storage.dtype()) {
      throw new IllegalArgumentException(op + ": dtypes " + dtype() + " and " + other.dtype() + " differ (shapes "
          + Shape.format(shape) + " and " + Shape.format(other.shape) + "); convert one with astype");
    }
    if (storage.backend() != other.storage.backend()) {
      throw new IllegalArgumentException(op + ": operands are on devices " + device() + " and " + other.device()
          + "; move one with to(Device)");
    }
  }

  void requireRank(String op, int rank) {
    if (shape.length != rank) {
      throw new IllegalArgumentException(op + ": needs rank " + rank + ", shape is " + Shape.format(shape));
    }
  }

  private Tensor unary(String op, UnaryOp kind) {
    return result(op, shape, backend().unary(kind, storage), this);
  }

  private Tensor scalarOp(String op, ScalarOp kind, double c) {
    return result(op, shape, backend().scalar(kind, storage, c), this);
  }

  private Tensor binary(String op, BinaryOp kind, Tensor other) {
    requireCompatible(op, other);
    int[] out = Broadcast.shape(op, shape, other.shape);
    return result(op, out, backend().binary(kind, storage, shape, other.storage, other.shape, out), this, other);
  }

  private int[] allAxes() {
    int[] axes = new int[shape.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return axes;
  }

  private Tensor reduce(String op, ReduceOp kind, int[] axes, boolean keepDims) {
    boolean[] mask = Shape.axisMask(op, axes, shape.length);
    if (kind == ReduceOp.MAX) {
      for (int i = 0; i < mask.length; i++) {
        if (mask[i] && shape[i] == 0) {
          throw new IllegalArgumentException(op + ": cannot take the maximum along empty axis " + i + " of shape "
              + Shape.format(shape));
        }
      }
    }
    int[] out = Shape.reduced(shape, mask, keepDims);
    return result(op, out, backend().reduce(kind, storage, shape, mask), this);
  }

  private Tensor mean(String op, int[] axes, boolean keepDims) {
    boolean[] mask = Shape.axisMask(op, axes, shape.length);
    long count = 1;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        count *= shape[i];
      }
    }
    Tensor sum = new Tensor(Shape.reduced(shape, mask, keepDims), backend().reduce(ReduceOp.SUM, storage, shape, mask));
    return result(op, sum.shape, backend().scalar(ScalarOp.MUL, sum.storage, 1.0 / count), this);
  }

  private static int[] shapeFor(String op, int length, int[] shape) {
    if (shape.length == 0) {
      return new int[] {length};
    }
    int[] s = Shape.validated(op, shape);
    if (Shape.size(s) != length) {
      throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shape.format(s));
    }
    return s;
  }

  private static int rowLength(String op, float[][] rows) {
    int[] lengths = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      lengths[i] = rows[i].length;
    }
    return commonLength(op, lengths);
  }

  private static int rowLength(String op, double[][] rows) {
    int[] lengths = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      lengths[i] = rows[i].length;
    }
    return commonLength(op, lengths);
  }

  private static int commonLength(String op, int[] lengths) {
    for (int i = 1; i < lengths.length; i++) {
      if (lengths[i] != lengths[0]) {
        throw new IllegalArgumentException(op + ": row " + i + " has length " + lengths[i] + ", row 0 has " + lengths[0]);
      }
    }
    return lengths.length == 0 ? 0 : lengths[0];
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
