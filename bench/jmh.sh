#!/usr/bin/env bash
# In-process scoring benchmark (JMH) of the shipped models. Usage: bench/jmh.sh [JMH args, e.g. -f 1 -wi 2]
# BENCH='ScoringBenchmark\.scorePenguin.*' picks benchmarks by regex (default: all of ScoringBenchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
echo "cores: $(nproc)  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  "${BENCH:-dev.verdict.bench.ScoringBenchmark}" "$@"
