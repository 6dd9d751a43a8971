#!/usr/bin/env bash
# Compiles the examples' sources through the built processor with every JDK newer than 17 found
# under /usr/lib/jvm (the processor supports javac 17 and newer). Run after `mvn verify`, which
# records the class paths it reads (target/class-path.txt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for f in examples/target/class-path.txt processor/target/class-path.txt; do
  [ -f "$f" ] || { echo "check-newer-jdks: $f is missing; run mvn verify first" >&2; exit 1; }
done
cp=$(cat examples/target/class-path.txt)
pp=processor/target/classes:$(cat processor/target/class-path.txt)
found=0
for jdk in /usr/lib/jvm/*/; do
  javac=$jdk/bin/javac
  [ -x "$javac" ] || continue
  version=$("$javac" -version 2>&1 | awk '{print $2}' | cut -d. -f1)
  [ "$version" -gt 17 ] 2>/dev/null || continue
  found=1
  out=$(mktemp -d)
  "$javac" --release 17 -Xlint:-options -cp "$cp" -processorpath "$pp" -d "$out/classes" -s "$out/generated" \
    $(find examples/src/main/java -name '*.java')
  count=$(find "$out/generated" -name '*Grad.java' | wc -l)
  [ "$count" -gt 0 ] || { echo "JDK $version: no derivatives were generated" >&2; exit 1; }
  echo "JDK $version ($jdk): examples compiled through the processor, $count generated classes"
  rm -rf "$out"
done
[ $found -eq 1 ] || echo "no JDK newer than 17 installed; nothing to check"
