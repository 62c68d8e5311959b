#!/usr/bin/env bash
# What a feature costs: /predict throughput (in-distribution holdout mix, 32 connections) with the feature off
# and on, alternating ROUNDS times, loopback only. Each argument is a set of environment variables.
#   bench/overhead.sh "VERDICT_DRIFT_ENABLED=false" "VERDICT_DRIFT_ENABLED=true"
#   bench/overhead.sh "VERDICT_METRICS_ENABLED=false VERDICT_REQUEST_LOG_LEVEL=WARN" "VERDICT_METRICS_ENABLED=true"
# env: ROUNDS=2 DURATION=10s CONNS=32
set -euo pipefail
cd "$(dirname "$0")/.."
OFF=${1:?usage: bench/overhead.sh "OFF_ENV" "ON_ENV"}
ON=${2:?usage: bench/overhead.sh "OFF_ENV" "ON_ENV"}
ROUNDS=${ROUNDS:-2}
export DURATION=${DURATION:-10s} CONNS=${CONNS:-32} BATCH_CONNS=""
declare -A total=([off]=0 [on]=0)
for r in $(seq 1 "$ROUNDS"); do
  for side in off on; do
    vars=$([[ $side == off ]] && echo "$OFF" || echo "$ON")
    line=$(env $vars bench/run.sh | grep '^/predict (holdout mix)')
    rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$line")
    echo "round $r $side ($vars): $line"
    total[$side]=$(( total[$side] + rps ))
  done
done
awk -v off="${total[off]}" -v on="${total[on]}" -v n="$ROUNDS" 'BEGIN {
  printf "mean req/s: off %.0f, on %.0f, on/off = %.3f\n", off / n, on / n, on / off }'
