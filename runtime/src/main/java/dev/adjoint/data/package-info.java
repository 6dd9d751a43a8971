/**
 * Data sets from files: the IDX format of MNIST ({@link dev.adjoint.data.IdxFile}), MNIST-style
 * image and label pairs ({@link dev.adjoint.data.Mnist}, {@link dev.adjoint.data.LabeledImages})
 * and train/test splits ({@link dev.adjoint.data.TrainTestSplit}).
 *
 * <p>Everything is read whole and checked before it is returned: a malformed file gives an
 * {@link dev.adjoint.data.IdxFormatException} naming the file, what was expected and what was
 * found, never a partly filled result. Results are primitive arrays in row-major order, ready to
 * wrap in tensors.
 */
package dev.adjoint.data;
