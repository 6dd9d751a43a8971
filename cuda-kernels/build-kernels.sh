#!/usr/bin/env bash
# Regenerates the committed kernels from src/main/cuda with nvcc.
#
#   cuda-kernels/build-kernels.sh            writes src/main/resources/dev/adjoint/cuda (commit the result)
#   cuda-kernels/build-kernels.sh DIR        writes DIR instead (the rebuild test compares DIR with the committed copy)
#
# Each top-level .cu file becomes one fatbin (one CUDA module); .cuh files are shared headers.
# The flags come from nvcc-flags.txt alone. Beside the fatbins it writes
#   kernels.manifest   nvcc version, flags, SHA-256 of every source and every fatbin
#   ptxas-report.txt   registers, shared memory, stack frame and spills of every sm_90 kernel
# and it fails when any kernel spills registers to local memory.
# NVCC=/path/to/nvcc selects another compiler than the one on the PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/src/main/cuda
out=${1:-$here/src/main/resources/dev/adjoint/cuda}
nvcc=${NVCC:-nvcc}

command -v "$nvcc" >/dev/null || { echo "build-kernels: nvcc not found (set NVCC or put it on the PATH)" >&2; exit 1; }
mapfile -t flags < <(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$here/nvcc-flags.txt" | grep -v '^$')
version=$("$nvcc" --version | sed -n 's/.*, V\([0-9][0-9.]*\)$/\1/p')
[ -n "$version" ] || { echo "build-kernels: cannot read the version of $nvcc" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
sources=$(ls *.cu | LC_ALL=C sort)

# compile the modules in parallel; ptxas -v (in the flags) writes the resource report on stderr
pids=()
for cu in $sources; do
  name=${cu%.cu}
  ( "$nvcc" "${flags[@]}" -o "$tmp/$name.fatbin" "$cu" >"$tmp/$name.log" 2>&1 \
      || { echo "build-kernels: nvcc failed on $cu:" >&2; cat "$tmp/$name.log" >&2; exit 1; } ) &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ $status -eq 0 ] || exit 1

# resource report, in source order; a spill or local-memory use fails the build
report=$tmp/ptxas-report.txt
for cu in $sources; do
  echo "== ${cu}"
  grep -v -E '^ptxas info +: (0 bytes gmem|Compiling entry function|Compile time)' "$tmp/${cu%.cu}.log" || true
done > "$report"
if grep -E '([1-9][0-9]* bytes spill (stores|loads))|(ptxas warning)' "$report" >&2; then
  echo "build-kernels: a kernel spills registers or uses local memory (see above)" >&2
  exit 1
fi

manifest=$tmp/kernels.manifest
{
  echo "# Written by cuda-kernels/build-kernels.sh; do not edit. Tests compare it with the sources."
  echo "nvcc.version=$version"
  echo "nvcc.flags=${flags[*]}"
  for f in $(ls *.cu *.cuh 2>/dev/null | LC_ALL=C sort); do
    echo "source.$f=$(sha256sum "$f" | cut -d' ' -f1)"
  done
  for cu in $sources; do
    echo "module.${cu%.cu}=$(sha256sum "$tmp/${cu%.cu}.fatbin" | cut -d' ' -f1)"
  done
} > "$manifest"

mkdir -p "$out"
rm -f "$out"/*.fatbin
for cu in $sources; do cp "$tmp/${cu%.cu}.fatbin" "$out/"; done
cp "$manifest" "$report" "$out/"
echo "build-kernels: nvcc $version, $(echo $sources | wc -w) modules -> $out"
