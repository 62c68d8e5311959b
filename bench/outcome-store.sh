#!/usr/bin/env bash
# The embedded outcome store alone: build and insert cost per prediction-log row (3 rounds of ROWS, default 100000),
# then retention down to the newest tenth: the shipped chunked pass beside the single sorted DELETE it replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.verdict.bench.OutcomeStoreBench "${1:-100000}" 2>&1 \
  | grep -v " INFO "
