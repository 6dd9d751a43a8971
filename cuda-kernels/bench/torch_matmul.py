"""Times torch.matmul (cuBLAS SGEMM, true float32: TF32 off) at the given sizes, the same way
MatmulBenchmark.java times ours: rotated input sets when they would fit in L2, warm-up, each
product timed alone with CUDA events, median. Prints size,median_ms,tflops,max_rel_err."""
import sys

import torch

WARMUP, REPEATS = 5, 30


def main(sizes):
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    dev = torch.device("cuda")
    print("device:", torch.cuda.get_device_name(0), file=sys.stderr)
    print("size,median_ms,tflops,max_rel_err")
    for n in sizes:
        g = torch.Generator(device=dev).manual_seed(n)
        sets = 4 if n * n * 4 * 3 < (256 << 20) else 1
        a = [torch.rand(n, n, device=dev, generator=g) * 2 - 1 for _ in range(sets)]
        b = [torch.rand(n, n, device=dev, generator=g) * 2 - 1 for _ in range(sets)]
        c = torch.empty(n, n, device=dev)
        for w in range(WARMUP):
            torch.matmul(a[w % sets], b[w % sets], out=c)
        torch.cuda.synchronize()
        times = []
        for r in range(REPEATS):
            s = r % sets
            start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            torch.matmul(a[s], b[s], out=c)
            stop.record()
            stop.synchronize()
            times.append(start.elapsed_time(stop))
        times.sort()
        median = times[REPEATS // 2]
        s = (REPEATS - 1) % sets
        rows = torch.randint(0, n, (64,), device=dev)
        cols = torch.randint(0, n, (64,), device=dev)
        a64, b64 = a[s].double(), b[s].double()
        ref = (a64[rows] * b64[:, cols].T).sum(dim=1)
        mag = (a64[rows].abs() * b64[:, cols].T.abs()).sum(dim=1)
        err = ((c[rows, cols].double() - ref).abs() / mag).max().item()
        print(f"{n},{median:.4f},{2 * n ** 3 / (median * 1e-3) / 1e12:.2f},{err:.2e}")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [1024, 4096, 8192])
