#!/usr/bin/env bash
# Overload behaviour, loopback only, bounded: 30 s at OVER_CONNS connections (far beyond what 2 cores serve),
# then 10 s back at 32. Reports throughput, 503 share, latency, and the server's RSS before/after.
#   env: OVER_CONNS=512 OVER_DURATION=30s
set -euo pipefail
cd "$(dirname "$0")/.."
OVER_CONNS=${OVER_CONNS:-512}; OVER_DURATION=${OVER_DURATION:-30s}; PORT=${PORT:-18110}
[[ -f target/verdict.jar ]] || mvn -q -B -DskipTests package
mkdir -p target/bench
python3 bench/holdout.py > target/bench/holdout.jsonl
HOST=127.0.0.1 PORT=$PORT VERDICT_REQUEST_LOG_LEVEL=WARN java -jar target/verdict.jar > target/bench/overload-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
rss() { awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$SERVER/status; }
run() { BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$1" -d"$2" --timeout 10s -s bench/report.lua "http://127.0.0.1:$PORT/predict" | grep '^RESULT' | sed 's/^RESULT //'; }
echo "machine: $(nproc) cores; wrk and server on the same machine"
run 32 8s >/dev/null
echo "RSS after warm-up: $(rss)"
echo "normal   (32 conns, 10s):              $(run 32 10s)"
echo "overload ($OVER_CONNS conns, $OVER_DURATION): $(run "$OVER_CONNS" "$OVER_DURATION")   (errors = non-2xx, i.e. 503 + Retry-After)"
echo "RSS after overload: $(rss)"
echo "recovery (32 conns, 10s):              $(run 32 10s)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^verdict_errors_total\{code="overloaded"' | head -2
