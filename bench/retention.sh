#!/usr/bin/env bash
# The SQLite outcome store's retention pass: its cost per deleted row, beside the cost of logging a row
# (RetentionBench: ROWS logged, then a pass that keeps the newest tenth). Usage: bench/retention.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.verdict.bench.RetentionBench "${1:-2000000}" 2>&1 \
  | grep -v " INFO "
