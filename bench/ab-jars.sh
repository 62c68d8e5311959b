#!/usr/bin/env bash
# Before/after for a change: two builds of Verdict (JAR_A, JAR_B) in alternating runs on the same traffic,
# ROUNDS times: /predict holdout mix, /predict one product repeated, and OIP REST with one penguin. Each start
# gets WARMUP of holdout traffic first (JIT). Prints req/s, p99 and server CPU per request, then B/A means.
# Usage: bench/ab-jars.sh before.jar after.jar     env: ROUNDS=2 WARMUP=20s DURATION=10s CONNS=32, VERDICT_*
set -euo pipefail
cd "$(dirname "$0")/.."
(( $# == 2 )) || { echo "usage: bench/ab-jars.sh JAR_A JAR_B" >&2; exit 1; }
ROUNDS=${ROUNDS:-2}; WARMUP=${WARMUP:-20s}; DURATION=${DURATION:-10s}; CONNS=${CONNS:-32}; PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
mkdir -p target/bench
python3 bench/holdout.py > target/bench/holdout.jsonl
python3 - <<'PY'
import json
r = json.loads(open("data/penguins.jsonl").readline())
cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
open("target/bench/oip-1.json", "w").write(json.dumps({"inputs": [{"name": "features", "datatype": "FP64",
    "shape": [1, 4], "data": [float(r[c]) for c in cols]}]}))
PY
SERVER=""
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
run() { # label path [body_file] [bodies_file]
  local c0 c1 out n
  c0=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  out=$(BODY_FILE="${3:-}" BODIES_FILE="${4:-}" wrk -t2 -c"$CONNS" -d"$DURATION" -s bench/report.lua \
    "http://127.0.0.1:$PORT$2" | grep '^RESULT')
  c1=$(awk '{print $14 + $15}' "/proc/$SERVER/stat"); n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  printf '%s %s cpu_us_per_req=%s\n' "$1" "${out#RESULT }" "$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) ))"
}
for r in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    jar=$([[ $side == A ]] && echo "$1" || echo "$2")
    rm -rf target/bench/outcomes
    HOST=127.0.0.1 PORT=$PORT VERDICT_OUTCOMES_DIR=target/bench/outcomes java -jar "$jar" > target/bench/ab-$side.log 2>&1 &
    SERVER=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/report.lua "http://127.0.0.1:$PORT/predict" >/dev/null
    run "round $r $side holdout " /predict "" target/bench/holdout.jsonl
    run "round $r $side repeated" /predict
    run "round $r $side oip-1row" /v2/models/penguins/infer target/bench/oip-1.json
    kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
  done
done | tee target/bench/ab-jars.txt
awk '{ shape = $4; side = $3; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "rps") rps[side, shape] += kv[2];
       if (kv[1] == "cpu_us_per_req") cpu[side, shape] += kv[2]; if (kv[1] == "p99") p99[side, shape] += kv[2] } shapes[shape] = 1 }
  END { for (s in shapes) printf "%-9s B/A throughput %.3f, CPU per request %.3f, p99 %.3f\n", s,
        rps["B", s] / rps["A", s], cpu["B", s] / cpu["A", s], p99["B", s] / p99["A", s] }' target/bench/ab-jars.txt
