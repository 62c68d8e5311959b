#!/usr/bin/env bash
# How long a cold Verdict takes to reach its steady CPU per request: starts plain `java -jar` on 127.0.0.1, then
# drives /predict (holdout mix) in STEPS consecutive STEP-long wrk runs from the moment it is ready and prints
# req/s and server CPU per request for each. Why bench/compare.sh warms every stack for 30 s before timing.
# env: STEPS=5 STEP=10s CONNS=32 PORT=18111, VERDICT_* variables for the server (e.g. VERDICT_CACHE_MAX_ENTRIES=0)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-5}; STEP=${STEP:-10s}; CONNS=${CONNS:-32}; PORT=${PORT:-18111}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
source bench/lib.sh
bench_setup
start_verdict target/bench/warmup.log
tick_us=$(( 1000000 / $(getconf CLK_TCK) ))
echo "machine: $(nproc) cores; wrk and server on the same machine; $CONNS connections; steps of $STEP from ready"
for i in $(seq 1 "$STEPS"); do
  c0=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  r=$(BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$CONNS" -d"$STEP" -s bench/report.lua \
    "http://127.0.0.1:$PORT/predict" | grep '^RESULT')
  c1=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$r")
  echo "step $i: $(sed -E 's/.*(rps=[0-9]+).*/\1/' <<<"$r") cpu_us_per_req=$(( (c1 - c0) * tick_us / (n > 0 ? n : 1) ))"
done
