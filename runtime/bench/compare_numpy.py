#!/usr/bin/env python3
"""Times Adjoint's CPU backend against NumPy (OpenBLAS) in one run on one machine.

Usage, from the repository root:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 runtime/bench/compare_numpy.py [--rounds N] [--vector-api off]

For each case it runs the JMH benchmark (MatmulBenchmark.matmul at 256..2048, the two
SmallNetworkBenchmark steps) and right after it times the same work in NumPy in this process, so
that both sides see the same load; it repeats that for several rounds and prints, per case, the
ratio NumPy time / Adjoint time of every round (above 1: Adjoint is faster) and their median.
Each round's ratio compares the best measurement iteration of each side (one-second batches on
both sides), the figure least disturbed by other work on a shared machine; the means are shown
too. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the environment before NumPy
loads, so that OpenBLAS picks its own kernels for this CPU. Both sides use every core.

JMH's JVM (and so its forks, which inherit its options) runs with --add-modules jdk.incubator.vector,
so that the float32 matmul runs on the Vector API; --vector-api off leaves the module out, which
measures the plain-Java kernels a JVM without the flag uses.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(var, None)

import numpy as np  # noqa: E402  (after the environment is cleaned)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIZES = [256, 512, 1024, 2048]


def build(vector_api):
    """Compiles the benchmarks once (runtime/bench/jmh.sh) and returns the java command prefix."""
    subprocess.run([os.path.join(ROOT, "runtime", "bench", "jmh.sh"), "-l"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, ADJOINT_VECTOR_API="on" if vector_api else "off"))
    with open(os.path.join(ROOT, "runtime", "target", "jmh.classpath")) as f:
        cp = "runtime/target/test-classes:runtime/target/classes:" + f.read().strip()
    modules = ["--add-modules", "jdk.incubator.vector"] if vector_api else []
    return ["java"] + modules + ["-cp", cp, "org.openjdk.jmh.Main"]


def jmh(java, pattern, params=()):
    """(mean, error, best) seconds per operation of one JMH benchmark."""
    out = os.path.join(tempfile.mkdtemp(), "jmh.json")
    args = java + [pattern, "-wi", "2", "-i", "3", "-f", "1", "-rf", "json", "-rff", out]
    for p in params:
        args += ["-p", p]
    for _ in range(60):  # JMH allows one run per machine; wait while someone else's holds its lock
        done = subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode == 0 or "Unable to acquire the JMH lock" not in done.stderr:
            break
        time.sleep(15)
    if done.returncode != 0:
        sys.exit("JMH failed:\n" + done.stderr)
    with open(out) as f:
        m = json.load(f)[0]["primaryMetric"]
    scale = {"ms/op": 1e-3, "us/op": 1e-6}[m["scoreUnit"]]
    best = min(v for fork in m["rawData"] for v in fork)
    return m["score"] * scale, m["scoreError"] * scale, best * scale


def time_python(fn, batches=3, batch_seconds=1.0):
    """(mean, half the spread, best) seconds per call over one-second batches, after a warm-up."""
    fn()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.5:
        fn()
        calls += 1
    per_batch = max(1, int(calls * batch_seconds / 0.5))
    means = []
    for _ in range(batches):
        t = time.perf_counter()
        for _ in range(per_batch):
            fn()
        means.append((time.perf_counter() - t) / per_batch)
    return statistics.mean(means), (max(means) - min(means)) / 2, min(means)


def numpy_network():
    """The seed network's loss, and its loss and gradient backpropagated by hand."""
    rng = np.random.default_rng(45)
    f = np.float32
    x = (rng.standard_normal((32, 1)) * 3).astype(f)
    t = np.tanh(5 * x)
    w1 = rng.standard_normal((30, 1)).astype(f)
    b1 = np.zeros(30, f)
    w2 = (rng.standard_normal((20, 30)) / np.sqrt(30)).astype(f)
    b2 = np.zeros(20, f)
    w3 = (rng.standard_normal((1, 20)) / np.sqrt(20)).astype(f)
    b3 = np.zeros(1, f)

    def loss():
        h1 = np.tanh(x @ w1.T + b1)
        h2 = np.tanh(h1 @ w2.T + b2)
        y = h2 @ w3.T + b3
        return float(np.mean((y - t) ** 2))

    def loss_and_gradient():
        h1 = np.tanh(x @ w1.T + b1)
        h2 = np.tanh(h1 @ w2.T + b2)
        y = h2 @ w3.T + b3
        d = y - t
        value = np.mean(d * d)
        g_y = d * (2.0 / d.size)
        g_w3 = g_y.T @ h2
        g_b3 = g_y.sum(0)
        g_z2 = (g_y @ w3) * (1 - h2 * h2)
        g_w2 = g_z2.T @ h1
        g_b2 = g_z2.sum(0)
        g_z1 = (g_z2 @ w2) * (1 - h1 * h1)
        g_w1 = g_z1.T @ x
        g_b1 = g_z1.sum(0)
        return value, g_w1, g_b1, g_w2, g_b2, g_w3, g_b3

    return {"loss": loss, "lossAndGradient": loss_and_gradient}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def main():
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    vector_api = "--vector-api" not in sys.argv or sys.argv[sys.argv.index("--vector-api") + 1] != "off"
    print(f"{cpu_model()}, {os.cpu_count()} cores, numpy {np.__version__}, {time.strftime('%Y-%m-%d %H:%M')},"
          f" load average {os.getloadavg()[0]:.2f} at start,"
          f" Vector API {'on (--add-modules jdk.incubator.vector)' if vector_api else 'off'}")
    java = build(vector_api)
    network = numpy_network()
    cases = [(f"matmul {n}", r"MatmulBenchmark\.matmul$", [f"size={n}"], n) for n in SIZES]
    cases += [(f"network {name}", rf"SmallNetworkBenchmark\.{name}$", [], name) for name in network]
    results = {label: [] for label, *_ in cases}
    for r in range(rounds):
        for label, pattern, params, what in cases:
            j = jmh(java, pattern, params)
            if isinstance(what, int):
                rng = np.random.default_rng(what)
                a = rng.standard_normal((what, what)).astype(np.float32)
                b = rng.standard_normal((what, what)).astype(np.float32)
                p = time_python(lambda: a @ b)
            else:
                p = time_python(network[what])
            results[label].append((j, p, os.getloadavg()[0]))
        print(f"round {r + 1} of {rounds} done, load average {os.getloadavg()[0]:.2f}", flush=True)

    print("\nRatio NumPy time / Adjoint time per round (best iterations), and its median. Times of the"
          " round with the median ratio: mean ± JMH error (Adjoint), mean ± half spread (NumPy).")
    print(f"{'case':>24} {'ratios per round':>24} {'median':>7} {'Adjoint':>20} {'NumPy':>20} {'Adjoint GFLOP/s':>16}")
    for label, *_, what in cases:
        rows = results[label]
        ratios = [p[2] / j[2] for j, p, _ in rows]
        med = statistics.median(ratios)
        j, p, _ = rows[min(range(len(ratios)), key=lambda i: abs(ratios[i] - med))]
        unit, scale = ("ms", 1e3) if isinstance(what, int) else ("us", 1e6)
        gflops = f"{2 * what**3 / j[2] / 1e9:16.1f}" if isinstance(what, int) else ""
        print(f"{label:>24} {' '.join(f'{x:.2f}' for x in ratios):>24} {med:7.2f}"
              f" {j[0]*scale:10.2f}±{j[1]*scale:<6.2f}{unit} {p[0]*scale:10.2f}±{p[1]*scale:<6.2f}{unit} {gflops}")


if __name__ == "__main__":
    main()
