#!/usr/bin/env bash
# Drift and routing on labelled streams: one fresh server per stream (the shipped config, 127.0.0.1 only),
# each stream sent through HTTP by dev.verdict.bench.DriftStreams, one markdown row per stream.
#   bench/drift-streams.sh [REQUESTS]      (default 10000 for the hot and holdout streams, 3000 for the others)
#   STREAMS="typos-10 out-of-domain" bench/drift-streams.sh      (a subset)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
PORT=${PORT:-18090}
N=${1:-}
[[ -f target/test-classpath.txt && -d target/test-classes ]] || {
  mvn -q -B -DskipTests package
  mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
}
[[ -f target/verdict.jar ]] || mvn -q -B -DskipTests package
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
SERVER=""
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
echo "| stream | requests | alarm | raised after | concentrated | answers by path | macro-F1 of answers | primary alone | estimated accuracy / reference / alarm level | out-of-support share |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for s in ${STREAMS:-holdout hot-item hot-mix-70-30 words-dropped-60 words-dropped-80 typos-10 price-x10 price-x1000 no-brand out-of-domain}; do
  case $s in holdout|hot-item|hot-mix-70-30) n=${N:-10000} ;; *) n=${N:-3000} ;; esac
  start_verdict target/bench/drift-streams-$s.log
  java -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.verdict.bench.DriftStreams "http://127.0.0.1:$PORT" "$s" "$n" 2>/dev/null
  kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
done
echo
echo "$(nproc) cores; $(date -u +%Y-%m-%d); bench/drift-streams.sh ${N:-}"
