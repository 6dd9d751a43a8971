#!/usr/bin/env bash
# Our float32 matmul against PyTorch's cuBLAS SGEMM (TF32 off), one run, same GPU: the only kind of
# performance figure this project reports. Runs on the GPU machine in one device call, from the
# project root, after staging the runtime here:
#
#   mvn -q -B -pl cuda-kernels,runtime -am install -DskipTests   # or package, see shared/gpu/stage.sh
#   ../shared/gpu/stage.sh runtime                               # writes .gpu/ (carry it)
#   device run, carry [".gpu"]:  bash cuda-kernels/bench/matmul-vs-cublas.sh [sizes...]
#
# Prints a table: per size, each side's median time and TFLOP/s, and ours / cuBLAS as a ratio of
# throughput. Full CSVs land in $OUT (or target/bench-out) for the notes.
set -euo pipefail
sizes=${*:-1024 4096 8192}
out=${OUT:-target/bench-out}
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv | tee "$out/gpu.txt"
.gpu/java -cp ".gpu/tests/runtime:.gpu/lib/*" dev.adjoint.backend.cuda.MatmulBenchmark $sizes | tee "$out/ours.csv"
python3 cuda-kernels/bench/torch_matmul.py $sizes | tee "$out/cublas.csv"
python3 - "$out/ours.csv" "$out/cublas.csv" <<'P'
import csv, sys
ours = {r["size"]: r for r in csv.DictReader(open(sys.argv[1]))}
cublas = {r["size"]: r for r in csv.DictReader(open(sys.argv[2]))}
print(f"{'size':>6} {'ours ms':>9} {'cuBLAS ms':>10} {'ours TF/s':>10} {'cuBLAS TF/s':>12} {'ours/cuBLAS':>12} {'our err':>9}")
for n in ours:
    o, c = ours[n], cublas[n]
    print(f"{n:>6} {float(o['median_ms']):9.3f} {float(c['median_ms']):10.3f} {float(o['tflops']):10.2f} "
          f"{float(c['tflops']):12.2f} {float(c['median_ms']) / float(o['median_ms']):12.2f} {o['max_rel_err']:>9}")
P
