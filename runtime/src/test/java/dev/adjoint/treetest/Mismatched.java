package dev.adjoint.treetest;

import dev.adjoint.tensor.Tensor;

/** A record whose "generated" def has the wrong type: a stale or foreign class by that name. */
record Mismatched(Tensor a) {}
