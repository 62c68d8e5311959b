#!/usr/bin/env bash
# What a feature costs: /predict throughput (in-distribution holdout mix, 32 connections) under two or more
# configurations, alternating ROUNDS times, loopback only. Each argument is a set of environment variables; the
# first is the reference the others are compared with.
#   bench/overhead.sh "VERDICT_DRIFT_ENABLED=false" "VERDICT_DRIFT_ENABLED=true"
#   bench/overhead.sh "VERDICT_METRICS_ENABLED=false VERDICT_REQUEST_LOG_LEVEL=WARN" "VERDICT_METRICS_ENABLED=true"
# env: ROUNDS=2 WARMUP=20s DURATION=10s CONNS=32. The warm-up is long because the schema validator, a method
# too big for C1, runs interpreted until C2 compiles it, some 10 s into saturated load.
set -euo pipefail
cd "$(dirname "$0")/.."
(( $# >= 2 )) || { echo 'usage: bench/overhead.sh "REFERENCE_ENV" "OTHER_ENV" [...]' >&2; exit 1; }
ROUNDS=${ROUNDS:-2}
export WARMUP=${WARMUP:-20s} DURATION=${DURATION:-10s} CONNS=${CONNS:-32} BATCH_CONNS="" SEED_CONNS=""
configs=("$@")
declare -a total cpu
for i in "${!configs[@]}"; do total[$i]=0; cpu[$i]=0; done
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!configs[@]}"; do
    vars=${configs[$i]}
    line=$(env $vars bench/run.sh | grep '^/predict (holdout mix)')
    rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$line")
    us=$(sed -E 's/.*cpu_us_per_req=([0-9]+).*/\1/' <<<"$line")
    echo "round $r [$i] ($vars): $line"
    total[$i]=$(( total[$i] + rps ))
    cpu[$i]=$(( cpu[$i] + us ))
  done
done
echo "machine: $(nproc) cores; wrk and server on the same machine; $ROUNDS rounds of $DURATION at $CONNS connections"
for i in "${!configs[@]}"; do
  awk -v t="${total[$i]}" -v ref="${total[0]}" -v u="${cpu[$i]}" -v uref="${cpu[0]}" -v n="$ROUNDS" \
    -v c="${configs[$i]}" 'BEGIN {
    printf "[%d] mean %6.0f req/s  ratio to [0] %.3f | server CPU %4.0f us/request  ratio to [0] %.3f  (%s)\n",
      '"$i"', t / n, t / ref, u / n, u / uref, c }'
done
