#!/usr/bin/env bash
# Everything this module wants from a GPU machine, in one device call (staged .gpu/ carried; see
# README.md): what the fatbins hold according to CUDA 13's cuobjdump, the GPU-tagged tests (every
# kernel, every backend method against the CPU backend, a training run against the CPU loss
# curve), then the benchmarks (gpu-bench.sh: matmul against cuBLAS, an MLP training step against
# JAX, the large kernels' memory bandwidth), whose table is printed last. Logs go to $OUT (or
# target/gpu-check).
set -uo pipefail
out=${OUT:-target/gpu-check}
mkdir -p "$out"
for f in cuda-kernels/src/main/resources/dev/adjoint/cuda/*.fatbin; do
  echo "== $f"; cuobjdump -lelf -lptx "$f"
done 2>&1 | tee "$out/cuobjdump.txt" | grep -cE 'sm_90|sm_75' | sed 's/^/cuobjdump entries for sm_90 or sm_75: /'
.gpu/run-tests.sh --include-tag gpu 2>&1 | tee "$out/gpu-tests.txt" | tail -25
tests=${PIPESTATUS[0]}
OUT="$out/bench" bash cuda-kernels/bench/gpu-bench.sh > "$out/bench.txt" 2>&1 || echo "benchmarks failed: see bench.txt"
tail -60 "$out/bench.txt"
echo "gpu tests exit code: $tests"
exit "$tests"
