#!/usr/bin/env bash
# Times one whole seed-003 training step three ways on this machine and prints the ratios:
# the JMH benchmark TrainingStep (the demo's generated step, and a hand-written float step), then
# the same step in JAX (scripts/training_step_jax.py), when the given Python has jax.
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
jax_out=$here/target/training-step-jax.txt

echo "load before: $(uptime)"
java -jar "$jar" 'TrainingStep\.' -rf json -rff "$out" "${@:2}"
echo "load after JMH: $(uptime)"

rm -f "$jax_out"
if "$python" -c 'import jax' 2>/dev/null; then
  # these are set on some machines for old OpenBLAS builds; they slow a current numpy and jaxlib
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$here/scripts/training_step_jax.py" | tee "$jax_out"
  echo "load after JAX: $(uptime)"
else
  echo "skipping JAX: $python cannot import jax (pass a python that can, e.g. a virtualenv's)"
fi

python3 - "$out" "$jax_out" <<'PY'
import json, os, sys
# the machine may be shared: besides the mean of all iterations, each side's fastest iteration,
# the one least disturbed by other work, gives a second ratio
runs = {}
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    raw = [x for fork in m["rawData"] for x in fork]
    runs[r["benchmark"].rsplit(".", 1)[1]] = (m["score"], m["scoreError"], min(raw))
print(f"{'step':<14}{'mean us':>10}{'+-':>8}{'best us':>10}")
for name, (mean, err, best) in sorted(runs.items()):
    print(f"{name:<14}{mean:>10.2f}{err:>8.2f}{best:>10.2f}")
(g, _, gb), (h, _, hb) = runs["generated"], runs["handWritten"]
print(f"generated / handWritten: {g / h:.2f} (means), {gb / hb:.2f} (best iterations); goal <= 1.5")
if os.path.exists(sys.argv[2]):
    words = next(l for l in open(sys.argv[2]) if l.startswith("jax_us_per_step")).split()
    j, jb = float(words[2]), float(words[4])
    print(f"{'jax':<14}{j:>10.2f}{'':>8}{jb:>10.2f}")
    print(f"JAX / generated: {j / g:.2f} (means), {jb / gb:.2f} (best); goal >= 5")
PY
