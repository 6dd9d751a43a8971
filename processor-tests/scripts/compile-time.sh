#!/usr/bin/env bash
# What the processor adds to javac for a class of 100 differentiable methods.
# Build first: mvn -q install -DskipTests
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
cp=$(mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
java -cp "target/test-classes:$cp" dev.adjoint.processortests.CompileTime "$@"
