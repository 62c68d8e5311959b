#!/usr/bin/env bash
# SQLite (shipped) against H2 as the embedded outcome store: insert cost per row, label upsert, the realized-metrics
# query and file size, on the same schema and rows (3 rounds of ROWS, default 100000). See StoreChoiceBench.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.verdict.bench.StoreChoiceBench "${1:-100000}" 2>&1 \
  | grep -v " INFO "
