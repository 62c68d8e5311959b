#!/usr/bin/env bash
# Scoring CPU per holdout row: the primary (as served) and each fallback, side by side in one JVM (FallbackCost).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/test-classpath.txt && -d target/test-classes ]] || {
  mvn -q -B -DskipTests package
  mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
}
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.verdict.bench.FallbackCost "$@" 2>/dev/null
