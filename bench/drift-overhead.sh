#!/usr/bin/env bash
# Throughput of /predict (in-distribution holdout mix) with drift monitoring off and on (alternating, ROUNDS times each), same machine,
# loopback only. Usage: bench/drift-overhead.sh   (env: ROUNDS=2 DURATION=10s CONNS=32)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
export DURATION=${DURATION:-10s} CONNS=${CONNS:-32} BATCH_CONNS=""
declare -A total=([false]=0 [true]=0)
for r in $(seq 1 "$ROUNDS"); do
  for enabled in false true; do
    line=$(VERDICT_DRIFT_ENABLED=$enabled bench/run.sh | grep '^/predict (holdout mix)')
    rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$line")
    echo "round $r drift.enabled=$enabled: $line"
    total[$enabled]=$(( total[$enabled] + rps ))
  done
done
awk -v off="${total[false]}" -v on="${total[true]}" -v n="$ROUNDS" 'BEGIN {
  printf "mean req/s: drift off %.0f, drift on %.0f, on/off = %.3f\n", off / n, on / n, on / off }'
