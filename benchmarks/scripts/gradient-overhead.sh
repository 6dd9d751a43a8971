#!/usr/bin/env bash
# Runs the GradientOverhead JMH benchmark and prints, for each method, the time of its generated
# value-and-gradient over the time of the method itself (one JMH run: both sides on the same
# machine, same JVM flags). Build first: mvn -q -pl benchmarks -am package -DskipTests
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/target/benchmarks.jar
out=${1:-$here/target/gradient-overhead.json}
java -jar "$jar" GradientOverhead -rf json -rff "$out" "${@:2}"
python3 - "$out" <<'PY'
import json, statistics, sys
# the machine may be shared: besides the mean of all iterations, each side's fastest iteration,
# the one least disturbed by other work, gives a second ratio
runs = {}
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    raw = [x for fork in m["rawData"] for x in fork]
    runs[r["benchmark"].rsplit(".", 1)[1]] = (m["score"], min(raw))
print(f"{'method':<16}{'function ns':>14}{'gradient ns':>14}{'ratio':>8}{'best f':>10}{'best g':>10}{'ratio':>8}")
mean_ratios, best_ratios = [], []
for name in sorted(k for k in runs if not k.endswith("Grad")):
    (f, fb), (g, gb) = runs[name], runs[name + "Grad"]
    mean_ratios.append(g / f)
    best_ratios.append(gb / fb)
    print(f"{name:<16}{f:>14.1f}{g:>14.1f}{g / f:>8.2f}{fb:>10.1f}{gb:>10.1f}{gb / fb:>8.2f}")
print(f"means: median ratio {statistics.median(mean_ratios):.2f}, largest {max(mean_ratios):.2f}")
print(f"best iterations: median ratio {statistics.median(best_ratios):.2f}, largest {max(best_ratios):.2f}")
hand = sorted(k[:-len("HandGrad")] for k in runs if k.endswith("HandGrad"))
if hand:
    print("\nagainst a hand-written one-pass gradient of the same function (HandWrittenGradients):")
    print(f"{'method':<16}{'hand ns':>10}{'hand/f':>8}{'generated/hand':>16}{'best g/h':>10}")
    for name in hand:
        (f, fb), (g, gb), (h, hb) = runs[name], runs[name + "Grad"], runs[name + "HandGrad"]
        print(f"{name:<16}{h:>10.1f}{h / f:>8.2f}{g / h:>16.2f}{gb / hb:>10.2f}")
PY
