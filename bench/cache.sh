#!/usr/bin/env bash
# The response cache, on against off, alternating ROUNDS times in one run, loopback only, 32 connections:
#   repeated  one product (the seed's iPhone) over and over: where the cache helps;
#   holdout   the 278 holdout products cycled: every primary answer is a hit after the first lap;
#   distinct  every request a new record (holdout products with the price nudged per request): where it cannot
#             help, and what its misses cost.
# Reports req/s and server CPU per request (user + system of the server process) per stream and setting.
#   bench/cache.sh        (env: ROUNDS=2 WARMUP=20s DURATION=10s CONNS=32 PORT=18080)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
source bench/lib.sh
bench_setup
URL="http://127.0.0.1:$PORT"
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
stream() { # label bodies_file [1: every request a new product, report.lua's DISTINCT]
  local c0 c1 out n
  c0=$(cpu_ticks)
  out=$(BODY_FILE="" BODIES_FILE="$2" DISTINCT="${3:-0}" wrk -t2 -c"$CONNS" -d"$DURATION" -s bench/report.lua "$URL/predict" | grep '^RESULT')
  c1=$(cpu_ticks)
  n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  echo "$1 ${out#RESULT } cpu_us_per_req=$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) ))"
}
python3 -c 'import json; print(json.dumps({"title": "Apple iPhone 15 Pro Max", "seller_id": "seller_123", "brand": "Apple", "subcategory": "Smartphones", "price": 1299.99, "rating": 4.8, "reviews_count": 15234}))' > target/bench/repeated.jsonl
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); wrk and server on the same machine; $CONNS connections, $DURATION per stream"
for r in $(seq 1 "$ROUNDS"); do
  order=("0" "10000"); (( r % 2 == 0 )) && order=("10000" "0")
  for entries in "${order[@]}"; do
    VERDICT_CACHE_MAX_ENTRIES=$entries VERDICT_REQUEST_LOG_LEVEL=WARN start_verdict target/bench/server.log
    BODY_FILE="" BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c32 -d"$WARMUP" -s bench/report.lua "$URL/predict" >/dev/null
    label=$([[ $entries == 0 ]] && echo off || echo on)
    for s in repeated holdout distinct; do
      if [[ $s == distinct ]]; then
        echo "round $r cache=$label $(stream "$s" target/bench/holdout.jsonl 1)"
      else
        echo "round $r cache=$label $(stream "$s" "target/bench/$s.jsonl")"
      fi
    done
    echo "round $r cache=$label RSS $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status) kB; $(curl -s "$URL/metrics" | grep -E '^verdict_cache_(hits|misses|evictions)_total|^verdict_cache_entries' | tr '\n' ' ')"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  done
done
