#!/usr/bin/env bash
# Builds the runtime with its JMH benchmarks (profile jmh) and runs JMH with the given options.
#   runtime/bench/jmh.sh                         # every benchmark
#   runtime/bench/jmh.sh MatmulBenchmark -p size=512
#   runtime/bench/jmh.sh -l                      # list them
# The JVM runs with --add-modules jdk.incubator.vector, which JMH's forks inherit, so the float32
# matmul runs on the Vector API; ADJOINT_VECTOR_API=off leaves the module out (the plain-Java
# kernels), as a JVM without the flag would.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -B -Pjmh -pl runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test >&2
cp="runtime/target/test-classes:runtime/target/classes:$(cat runtime/target/jmh.classpath)"
if [[ "${ADJOINT_VECTOR_API:-on}" == off ]]; then
  exec java -cp "$cp" org.openjdk.jmh.Main "$@"
fi
exec java --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main "$@"
