#!/usr/bin/env bash
# Times one whole seed-003 training step three ways on this machine and prints the ratios:
# the JMH benchmark TrainingStep (the demo's generated step, and a hand-written float step), twice:
# in a JVM with the incubating Vector API (--add-modules jdk.incubator.vector, which the runtime's
# matmul and tanh then use) and in one without it (the plain kernels); then the same step in JAX
# (scripts/training_step_jax.py), when the given Python has jax.
# Build first: mvn -q -pl benchmarks -am package -DskipTests
#
# Usage: training-step.sh [PYTHON [JMH options...]]
#   PYTHON: the interpreter with jax installed (default: $JAX_PYTHON, else python3)
#   JMH options go to JMH as they are, e.g. -f 3 -i 20
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/target/benchmarks.jar
python=${1:-${JAX_PYTHON:-python3}}
out=$here/target/training-step.json
plain_out=$here/target/training-step-plain.json
jax_out=$here/target/training-step-jax.txt

echo "load before: $(uptime)"
java --add-modules jdk.incubator.vector -jar "$jar" 'TrainingStep\.' -rf json -rff "$out" "${@:2}"
echo "load after JMH (Vector API): $(uptime)"
java -jar "$jar" 'TrainingStep\.' -rf json -rff "$plain_out" "${@:2}"
echo "load after JMH (plain): $(uptime)"

rm -f "$jax_out"
if "$python" -c 'import jax' 2>/dev/null; then
  # these are set on some machines for old OpenBLAS builds; they slow a current numpy and jaxlib
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$here/scripts/training_step_jax.py" | tee "$jax_out"
  echo "load after JAX: $(uptime)"
else
  echo "skipping JAX: $python cannot import jax (pass a python that can, e.g. a virtualenv's)"
fi

python3 - "$out" "$plain_out" "$jax_out" <<'PY'
import json, os, sys
# the machine may be shared: besides the mean of all iterations, each side's fastest iteration,
# the one least disturbed by other work, gives a second ratio
def load(path):
    runs = {}
    for r in json.load(open(path)):
        m = r["primaryMetric"]
        raw = [x for fork in m["rawData"] for x in fork]
        runs[r["benchmark"].rsplit(".", 1)[1]] = (m["score"], m["scoreError"], min(raw))
    return runs
jax = None
if os.path.exists(sys.argv[3]):
    words = next(l for l in open(sys.argv[3]) if l.startswith("jax_us_per_step")).split()
    jax = (float(words[2]), float(words[4]))
for label, path in (("with the Vector API", sys.argv[1]), ("plain kernels (no --add-modules)", sys.argv[2])):
    runs = load(path)
    print(f"\n{label}")
    print(f"{'step':<14}{'mean us':>10}{'+-':>8}{'best us':>10}")
    for name, (mean, err, best) in sorted(runs.items()):
        print(f"{name:<14}{mean:>10.2f}{err:>8.2f}{best:>10.2f}")
    (g, _, gb), (h, _, hb) = runs["generated"], runs["handWritten"]
    print(f"generated / handWritten: {g / h:.2f} (means), {gb / hb:.2f} (best iterations); goal <= 1.5")
    if jax:
        print(f"JAX / generated: {jax[0] / g:.2f} (means), {jax[1] / gb:.2f} (best); goal >= 5")
if jax:
    print(f"\njax: {jax[0]:.2f} us per step (mean), {jax[1]:.2f} (best block)")
PY
