#!/usr/bin/env bash
# Builds the runtime with its JMH benchmarks (profile jmh) and runs JMH with the given options.
#   runtime/bench/jmh.sh                         # every benchmark
#   runtime/bench/jmh.sh MatmulBenchmark -p size=512
#   runtime/bench/jmh.sh -l                      # list them
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -B -Pjmh -pl runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test >&2
cp="runtime/target/test-classes:runtime/target/classes:$(cat runtime/target/jmh.classpath)"
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
