package dev.adjoint.treetest;

import dev.adjoint.tensor.Tensor;

/** A two-layer network's parameters with a component that is no leaf; has a hand-written "generated" def. */
record Mlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2, String name) {}
