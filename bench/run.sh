#!/usr/bin/env bash
# Verdict over HTTP with wrk, loopback only, bounded in time: /predict with the seed product, /predict cycling the
# 278 holdout products (in-distribution traffic), and 100-product /predict/batch.
# Usage: bench/run.sh            (env: WARMUP=5s DURATION=10s CONNS="8 32 64" SEED_CONNS=$CONNS BATCH_CONNS="1 4" PORT=18080 THREADS=2)
# The server runs with its default config unless VERDICT_* variables are set; wrk shares the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-5s}
DURATION=${DURATION:-10s}
CONNS=${CONNS-"8 32 64"}
BATCH_CONNS=${BATCH_CONNS-"1 4"}
SEED_CONNS=${SEED_CONNS-$CONNS}
PORT=${PORT:-18080}
THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
source bench/lib.sh
bench_setup
python3 bench/holdout.py --batch 100 > target/bench/batch100.json
start_verdict target/bench/server.log

URL="http://127.0.0.1:$PORT"
# Server CPU (user + system, all threads) in clock ticks: with requests served it gives CPU per request, a
# figure far steadier than throughput on a shared 2-core machine.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
run() { # label path conns body_file [bodies_file]
  local out t=$THREADS c0 c1 n
  (( $3 < t )) && t=$3
  c0=$(cpu_ticks)
  out=$(BODY_FILE="$4" BODIES_FILE="${5:-}" wrk -t"$t" -c"$3" -d"$DURATION" -s bench/report.lua "$URL$2" | grep '^RESULT')
  c1=$(cpu_ticks)
  n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  printf '%-22s %6s %s cpu_us_per_req=%s\n' "$1" "$3" "${out#RESULT }" "$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) ))"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); wrk and server on the same machine"
echo "warm-up..."
# In-distribution warm-up: the repeated seed product would itself raise drift and put the fallback on duty.
BODY_FILE="" BODIES_FILE=target/bench/holdout.jsonl wrk -t"$THREADS" -c32 -d"$WARMUP" -s bench/report.lua "$URL/predict" >/dev/null
BODY_FILE=target/bench/batch100.json wrk -t1 -c2 -d3s -s bench/report.lua "$URL/predict/batch" >/dev/null
printf '%-22s %6s %s\n' "endpoint" "conns" "results (latency in ms)"
for c in $SEED_CONNS; do run "/predict" /predict "$c" ""; done
for c in $CONNS; do run "/predict (holdout mix)" /predict "$c" "" target/bench/holdout.jsonl; done
for c in $BATCH_CONNS; do run "/predict/batch (100)" /predict/batch "$c" target/bench/batch100.json; done
