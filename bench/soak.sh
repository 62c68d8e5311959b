#!/usr/bin/env bash
# Soak: moderate in-distribution /predict load (wrk -R is not available, so a fixed small number of connections
# with think time) for DURATION, loopback only, with the server's RSS, threads and open file descriptors
# sampled every minute and every status counted. Not part of CI.
#   bench/soak.sh                (env: DURATION_S=600 CONNS=8 PORT=18082)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION_S=${DURATION_S:-600}
CONNS=${CONNS:-8}
PORT=${PORT:-18082}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
source bench/lib.sh
bench_setup
VERDICT_REQUEST_LOG_LEVEL=WARN start_verdict target/bench/soak-server.log
sample() {
  printf '%4ss  RSS %7s kB  threads %3s  fds %4s\n' "$1" "$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)" \
    "$(awk '/Threads/ {print $2}' /proc/$SERVER/status)" "$(ls /proc/$SERVER/fd | wc -l)"
}
echo "machine: $(nproc) cores; soak of ${DURATION_S}s, $CONNS connections, wrk and server on the same machine"
sample 0
BODY_FILE="" BODIES_FILE=target/bench/holdout.jsonl SLEEP_MS=${SLEEP_MS:-2} \
  wrk -t2 -c"$CONNS" -d"${DURATION_S}s" -s bench/report.lua "http://127.0.0.1:$PORT/predict" > target/bench/soak-wrk.txt &
WRK=$!
for t in $(seq 60 60 "$DURATION_S"); do sleep 60; sample "$t"; done
wait $WRK
grep '^RESULT' target/bench/soak-wrk.txt
grep -E 'Non-2xx|Socket errors' target/bench/soak-wrk.txt || echo "no non-2xx answers, no socket errors"
curl -s "http://127.0.0.1:$PORT/health" > target/bench/soak-health.json || true
echo "health after the soak: $(head -c 300 target/bench/soak-health.json)"
echo "server errors logged: $(grep -c ' ERROR ' target/bench/soak-server.log || true)"
