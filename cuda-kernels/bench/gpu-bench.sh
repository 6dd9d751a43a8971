#!/usr/bin/env bash
# The project's GPU benchmarks in one device call, ending with one table:
#   1. our float32 matmul against cuBLAS SGEMM through PyTorch (TF32 off) at 1024, 4096, 8192;
#   2. one training step of a 784-512-512-10 ReLU MLP (batch 1024, Adam, float32) through the
#      Tensor API on cuda:0, against the same step in JAX (jit of value_and_grad + optax.adam,
#      default_matmul_precision('highest')); ours again with split k off, to see what it gains.
#   3. memory bandwidth of the large elementwise, reduction, softmax and Adam kernels (2^26 floats),
#      against a device-to-device copy timed in the same call and against HBM3's 3.35 TB/s peak;
#   4. the MLP's eight matrix products, each whole and split along k as the backend splits it;
#   5. the MLP step's device time call by call, against the step's wall time (the goal: a
#      launch-bound step comes close to the sum of its kernels' times).
# Both sides of each row run in this same call on the same GPU; ratios are ours over theirs in
# time (above 1: we are slower). Run from the project root on the GPU machine, with .gpu/ staged
# (see cuda-kernels/README.md) and carried:
#
#   bash cuda-kernels/bench/gpu-bench.sh
#
# DRY_RUN=1 runs what needs no GPU (here, or in CI): the Java MLP step on the CPU for a few steps
# and a syntax check of the Python scripts; GPU cells print as "pending".
# JAVA and CLASSPATH override the staged runtime (e.g. the build's target/ folders, for DRY_RUN).
set -euo pipefail
out=${OUT:-target/bench-out}
mkdir -p "$out"
java=${JAVA:-.gpu/java}
cp=${CLASSPATH:-.gpu/tests/runtime:.gpu/lib/*}
batch=1024
steps=${MLP_STEPS:-200}

if [ -n "${DRY_RUN:-}" ]; then
  python3 -c "import ast, sys; [ast.parse(open(f).read(), f) for f in sys.argv[1:]]" cuda-kernels/bench/jax_mlp.py cuda-kernels/bench/torch_matmul.py
  "$java" -cp "$cp" dev.adjoint.backend.cuda.MlpStepBenchmark cpu "$batch" 3 1 | tee "$out/mlp-ours.csv"
  : > "$out/matmul-ours.csv"; : > "$out/matmul-cublas.csv"; : > "$out/mlp-jax.csv"; : > "$out/bandwidth.csv"
  : > "$out/mlp-ours-nosplit.csv"; : > "$out/split-k.csv"; : > "$out/mlp-profile.csv"
else
  gpu=$(nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader)
  echo "GPU: $gpu"
  "$java" -cp "$cp" dev.adjoint.backend.cuda.MatmulBenchmark 1024 4096 8192 | tee "$out/matmul-ours.csv"
  python3 cuda-kernels/bench/torch_matmul.py 1024 4096 8192 | tee "$out/matmul-cublas.csv"
  "$java" -cp "$cp" dev.adjoint.backend.cuda.MlpStepBenchmark cuda "$batch" "$steps" 30 | tee "$out/mlp-ours.csv"
  "$java" -Dadjoint.cuda.splitK=off -cp "$cp" dev.adjoint.backend.cuda.MlpStepBenchmark cuda "$batch" "$steps" 30 \
    | tee "$out/mlp-ours-nosplit.csv"
  python3 cuda-kernels/bench/jax_mlp.py "$batch" "$steps" 30 | tee "$out/mlp-jax.csv"
  "$java" -cp "$cp" dev.adjoint.backend.cuda.BandwidthBenchmark | tee "$out/bandwidth.csv"
  "$java" -cp "$cp" dev.adjoint.backend.cuda.SplitKBenchmark | tee "$out/split-k.csv"
  "$java" -cp "$cp" dev.adjoint.backend.cuda.MlpStepProfile | tee "$out/mlp-profile.csv"
fi

python3 - "$out" "${gpu:-none (dry run)}" <<'P' | tee "$out/table.txt"
import csv, os, sys
out = sys.argv[1]
print(f"GPU: {sys.argv[2]}")
def rows(name):
    path = os.path.join(out, name)
    return list(csv.DictReader(open(path))) if os.path.getsize(path) else []
ours_mm = {r["size"]: r for r in rows("matmul-ours.csv")}
cublas = {r["size"]: r for r in rows("matmul-cublas.csv")}
mlp_ours, mlp_jax = rows("mlp-ours.csv"), rows("mlp-jax.csv")
def ms(r, key="median_ms"):
    return f"{float(r[key]):.3f}" if r else "pending"
def ratio(a, b, key="median_ms"):
    return f"{float(a[key]) / float(b[key]):.2f}" if a and b else "pending"
print(f"{'benchmark':<40} {'ours ms':>10} {'peer ms':>10} {'ours/peer':>10}  peer")
for n in ("1024", "4096", "8192"):
    o, c = ours_mm.get(n), cublas.get(n)
    print(f"{'matmul f32 ' + n + '^3':<40} {ms(o):>10} {ms(c):>10} {ratio(o, c):>10}  cuBLAS (torch, TF32 off)")
o = mlp_ours[0] if mlp_ours else None
j = mlp_jax[0] if mlp_jax else None
label = "MLP 784-512-512-10 step, batch 1024" + ("" if not o or o["device"].startswith("cuda") else " [cpu]")
print(f"{label:<40} {ms(o):>10} {ms(j):>10} {ratio(o, j):>10}  JAX jit + optax.adam, 'highest'")
nosplit = rows("mlp-ours-nosplit.csv")
ns = nosplit[0] if nosplit else None
print(f"{'  the same, split k off':<40} {ms(ns):>10} {ms(j):>10} {ratio(ns, j):>10}  (-Dadjoint.cuda.splitK=off)")
if o:
    print(f"ours: loss {o['first_loss']} -> {o['last_loss']}, p10/p90 {o['p10_ms']}/{o['p90_ms']} ms")
if j:
    print(f"JAX:  loss {j['first_loss']} -> {j['last_loss']}, p10/p90 {j['p10_ms']}/{j['p90_ms']} ms")
bandwidth = rows("bandwidth.csv")
PEAK_GB_S = 3350.0  # H100 SXM HBM3
copy = next((r for r in bandwidth if r["kernel"] == "device copy"), None)
print()
print(f"{'bandwidth, 2^26 floats':<40} {'ms':>10} {'GB/s':>10} {'of copy':>10} {'of peak':>8}  (goal: 85% of peak)")
for r in bandwidth or [{"kernel": "(elementwise, reductions, Adam)"}]:
    if "gb_per_s" not in r:
        print(f"{r['kernel']:<40} {'pending':>10}")
        continue
    gb = float(r["gb_per_s"])
    of_copy = f"{gb / float(copy['gb_per_s']):.2f}" if copy else "-"
    print(f"{r['kernel']:<40} {float(r['median_ms']):>10.3f} {gb:>10.0f} {of_copy:>10} {gb / PEAK_GB_S:>8.2f}")
split = rows("split-k.csv")
print()
print(f"{'MLP products (m x n x k, layout)':<40} {'whole ms':>10} {'split ms':>10} {'split/whole':>11} slices")
for r in split or [{"product": "(the eight products)"}]:
    if "whole_ms" not in r:
        print(f"{r['product']:<40} {'pending':>10}")
        continue
    label = f"{r['m']}x{r['n']}x{r['k']} {r['layout'].lower()} {r['product']}"
    w, s_ = float(r["whole_ms"]), float(r["split_ms"])
    print(f"{label[:40]:<40} {w:>10.4f} {s_:>10.4f} {s_ / w:>11.2f} {r['splits']}")
profile = rows("mlp-profile.csv")
print()
print(f"{'MLP step, device time per call':<40} {'calls':>10} {'us/step':>10}")
for r in (profile[:12] + profile[-1:] if len(profile) > 13 else profile) or [{"call": "(the step's calls)"}]:
    if "us_per_step" not in r:
        print(f"{r['call']:<40} {'pending':>10}")
        continue
    print(f"{r['call'][:40]:<40} {float(r['calls_per_step']):>10.1f} {float(r['us_per_step']):>10.1f}")
if profile and o and o["device"].startswith("cuda"):
    device_us = float(profile[-1]["us_per_step"])
    step_us = float(o["median_ms"]) * 1000
    print(f"step {step_us:.0f} us against {device_us:.0f} us of device calls: {step_us / device_us:.2f}x"
          " (goal: close to 1)")
P
