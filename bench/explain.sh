#!/usr/bin/env bash
# Explanations: (1) exactness against an independent LightGBM (Python, pred_contrib=True) on the 278 holdout
# products; (2) the server CPU of an explained request against an unexplained one, holdout mix, 32 connections,
# alternating ROUNDS times, cache off for both. Loopback only.
#   bench/explain.sh      (env: ROUNDS=2 WARMUP=15s DURATION=10s PORT=18080 VENV=target/bench/venv)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-15s}
DURATION=${DURATION:-10s}
PORT=${PORT:-18080}
VENV=${VENV:-target/bench/venv}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c 'import lightgbm' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --index-url "${PIP_INDEX_URL:-file:///opt/pypi/simple}" \
    --extra-index-url "${PIP_EXTRA_INDEX_URL:-file:///opt/pypi-more/simple}" --find-links /opt/wheels \
    -r bench/reference/requirements.txt
fi
source bench/lib.sh
bench_setup
VERDICT_CACHE_MAX_ENTRIES=0 VERDICT_REQUEST_LOG_LEVEL=WARN start_verdict target/bench/server.log
URL="http://127.0.0.1:$PORT"
: > target/bench/explained.jsonl
while IFS= read -r body; do
  curl -fs "$URL/predict?explain=true" -H 'Content-Type: application/json' -d "$body" >> target/bench/explained.jsonl
  echo >> target/bench/explained.jsonl
done < target/bench/holdout.jsonl
java -jar target/verdict.jar features --model models/product-classifier/1 --input target/bench/holdout.jsonl \
  > target/bench/vectors.jsonl
"$VENV/bin/python" bench/explain-check.py target/bench/explained.jsonl target/bench/vectors.jsonl models/product-classifier/1
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
run() { # label path
  local c0 c1 out n
  c0=$(cpu_ticks)
  out=$(BODY_FILE="" BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c32 -d"$DURATION" -s bench/report.lua "$URL$2" | grep '^RESULT')
  c1=$(cpu_ticks)
  n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  echo "$1 ${out#RESULT } cpu_us_per_req=$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) ))"
}
BODY_FILE="" BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c32 -d"$WARMUP" -s bench/report.lua "$URL/predict?explain=true" >/dev/null
BODY_FILE="" BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c32 -d"$WARMUP" -s bench/report.lua "$URL/predict" >/dev/null
echo "machine: $(nproc) cores; wrk and server on the same machine; holdout mix, 32 connections, $DURATION each"
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then run "round $r plain    " /predict; run "round $r explained" "/predict?explain=true"
  else run "round $r explained" "/predict?explain=true"; run "round $r plain    " /predict; fi
done
