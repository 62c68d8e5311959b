#!/usr/bin/env bash
# Verdict vs the reference stack (FastAPI + uvicorn + LightGBM, 1 and 2 workers) vs the floor (bare Vert.x
# echo), same model, same machine, same connections, loopback only, bounded in time. Prints a table and
# writes it to bench/results/compare-<date>.md.   env: DURATION=10s CONNS=32 THREADS=2 WARMUP=20s JIT_WARMUP=30s SWEEP_CONNS="8 64"
# Two traffic shapes, each stack timed on both: "holdout" (the 278 holdout products, cycled) and "repeated" (the
# seed product over and over). Verdict starts as users start it: plain `java -jar target/verdict.jar`.
# The main table and the CPU check run at CONNS; Verdict and the reference also run at each SWEEP_CONNS, for the
# throughput and p99 ratios at several concurrencies. Each stack first gets JIT_WARMUP (default 30s) of holdout
# traffic once after it starts: the JVM takes 20-30 s at saturation to compile its hot path
# (VERDICT_CACHE_MAX_ENTRIES=0 bench/warmup.sh, 10 s steps from ready: 517, 128, 59, 56, 55 µs of CPU per
# request), and CPython has nothing to compile.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}; CONNS=${CONNS:-32}; THREADS=${THREADS:-2}
SHAPES=${SHAPES:-"holdout repeated"}   # and "distinct"
VENV=${VENV:-target/bench/venv}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
[[ -f target/verdict.jar ]] || mvn -q -B -DskipTests package
mkdir -p target/bench bench/results
if [[ ! -x $VENV/bin/uvicorn ]]; then
  python3 -m venv "$VENV"
  # the local wheel mirror: nothing is fetched from the internet
  "$VENV/bin/pip" install -q --index-url "${PIP_INDEX_URL:-file:///opt/pypi/simple}" \
    --extra-index-url "${PIP_EXTRA_INDEX_URL:-file:///opt/pypi-more/simple}" --find-links /opt/wheels \
    -r bench/reference/requirements.txt
fi
python3 bench/holdout.py > target/bench/holdout.jsonl
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pids=(); sleep 1; }
trap stop EXIT
wait_url() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
# CPU (user + system clock ticks) of a server process and its children (uvicorn's workers).
tree_ticks() {
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    [[ -r /proc/$p/stat ]] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$total"
}
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
# "" = report.lua's seed product; distinct: every request a new product (holdout products, price nudged per request
# by report.lua's DISTINCT=1)
bodies_of() { case $1 in repeated) echo "" ;; *) echo target/bench/holdout.jsonl ;; esac; }
distinct_of() { [[ $1 == distinct ]] && echo 1 || echo 0; }
bench() { # label url server_pid [body_file]; BODIES (set per shape) is the traffic
  local bodies=${BODIES-target/bench/holdout.jsonl} body=${4:-} t=$THREADS c=$CONNS
  [[ -n $body ]] && { bodies=""; c=${BATCH_CONNS:-4}; t=2; }
  BODY_FILE="$body" BODIES_FILE="$bodies" DISTINCT=${DISTINCT:-0} wrk -t"$t" -c"$c" -d"${WARMUP:-20s}" -s bench/report.lua "$2" >/dev/null
  local c0 r c1 n
  c0=$(tree_ticks "$3")
  r=$(BODY_FILE="$body" BODIES_FILE="$bodies" DISTINCT=${DISTINCT:-0} wrk -t"$t" -c"$c" -d"$DURATION" -s bench/report.lua "$2" | grep '^RESULT')
  c1=$(tree_ticks "$3")
  n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$r")
  echo "$1|${r#RESULT } cpu_us=$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) )) conns=$c"
}
rows=(); sweep=()
SWEEP_CONNS=${SWEEP_CONNS-"8 64"}
jit_warmup() { BODIES_FILE=target/bench/holdout.jsonl wrk -t"$THREADS" -c"$CONNS" -d"${JIT_WARMUP:-30s}" -s bench/report.lua "$1" >/dev/null; }
sweep_run() { # label url (the server is warm: 3 s at each concurrency, then DURATION)
  local c t r
  for c in $SWEEP_CONNS; do
    t=$THREADS; (( c < t )) && t=$c
    BODIES_FILE=target/bench/holdout.jsonl wrk -t"$t" -c"$c" -d3s -s bench/report.lua "$2" >/dev/null
    r=$(BODIES_FILE=target/bench/holdout.jsonl wrk -t"$t" -c"$c" -d"$DURATION" -s bench/report.lua "$2" | grep '^RESULT')
    sweep+=("$1|$c|${r#RESULT }")
  done
}

rm -rf target/bench/outcomes   # a new prediction log (see bench/lib.sh)
HOST=127.0.0.1 PORT=18101 VERDICT_OUTCOMES_DIR=${VERDICT_OUTCOMES_DIR:-target/bench/outcomes} java ${VERDICT_JAVA_OPTS:-} -jar target/verdict.jar > target/bench/verdict.log 2>&1 & pids+=($!)
wait_url http://127.0.0.1:18101/health/ready
# the two stacks must agree before they are timed
MODEL_DIR=models/product-classifier/1 "$VENV/bin/python" bench/reference/serve.py app:app --app-dir bench/reference --host 127.0.0.1 \
  --port 18102 --workers 1 > target/bench/reference-1.log 2>&1 & pids+=($!)
wait_url http://127.0.0.1:18102/docs
python3 - <<'PY'
import json, urllib.request
def post(port, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/predict", json.dumps(body).encode(), {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
worst, same, routed = 0.0, 0, 0
for line in list(open("target/bench/holdout.jsonl"))[:50]:
    a, b = post(18101, json.loads(line)), post(18102, json.loads(line))
    if a["model"]["path"] != "primary":
        routed += 1  # routed to a measured-better candidate: not the primary's answer to compare
        continue
    same += 1
    worst = max(worst, max(abs(a["probabilities"][k] - b["probabilities"][k]) for k in a["probabilities"]))
print(f"reference vs Verdict's primary on {same} of 50 holdout products ({routed} routed): max |Δp| = {worst:.2e}")
assert same >= 40, "too few primary answers to compare"
assert worst < 1e-9, "the reference feature step differs from Verdict's"
PY
kill "${pids[1]}"; unset 'pids[1]'; sleep 1   # each stack is timed alone on the machine
jit_warmup http://127.0.0.1:18101/predict
for shape in $SHAPES; do
  rows+=("$(DISTINCT=$(distinct_of "$shape") BODIES=$(bodies_of "$shape") bench "$shape|Verdict /predict" http://127.0.0.1:18101/predict "${pids[0]}")")
done
sweep_run "Verdict" http://127.0.0.1:18101/predict
paths=$(curl -s http://127.0.0.1:18101/metrics | awk '/^verdict_predictions_total/ { match($0, /path="[a-z]+"/); p = substr($0, RSTART + 6, RLENGTH - 7); n[p] += $NF } END { for (p in n) printf "%s=%d ", p, n[p] }')
python3 bench/holdout.py --batch 100 > target/bench/batch100.json
batch_row="$(bench "Verdict /predict/batch (100 products)" http://127.0.0.1:18101/predict/batch "${pids[0]}" target/bench/batch100.json)"
stop
MODEL_DIR=models/product-classifier/1 "$VENV/bin/python" bench/reference/serve.py app:app --app-dir bench/reference --host 127.0.0.1 \
  --port 18102 --workers 1 > target/bench/reference-1.log 2>&1 & pids+=($!)
wait_url http://127.0.0.1:18102/docs
jit_warmup http://127.0.0.1:18102/predict
for shape in $SHAPES; do
  rows+=("$(DISTINCT=$(distinct_of "$shape") BODIES=$(bodies_of "$shape") bench "$shape|FastAPI+LightGBM, 1 uvicorn worker" http://127.0.0.1:18102/predict "${pids[0]}")")
done
sweep_run "reference, 1 worker" http://127.0.0.1:18102/predict
stop
MODEL_DIR=models/product-classifier/1 "$VENV/bin/python" bench/reference/serve.py app:app --app-dir bench/reference --host 127.0.0.1 \
  --port 18103 --workers 2 > target/bench/reference-2.log 2>&1 & pids+=($!)
wait_url http://127.0.0.1:18103/docs
jit_warmup http://127.0.0.1:18103/predict
for shape in $SHAPES; do
  rows+=("$(DISTINCT=$(distinct_of "$shape") BODIES=$(bodies_of "$shape") bench "$shape|FastAPI+LightGBM, 2 uvicorn workers" http://127.0.0.1:18103/predict "${pids[0]}")")
done
sweep_run "reference, 2 workers" http://127.0.0.1:18103/predict
stop
java -cp target/verdict.jar bench/EchoServer.java 18104 > target/bench/echo.log 2>&1 & pids+=($!)
wait_url http://127.0.0.1:18104/
jit_warmup http://127.0.0.1:18104/
rows+=("$(bench "any|floor: bare Vert.x echo" http://127.0.0.1:18104/ "${pids[0]}")")
stop
# In-process floor (JMH): encode + score the holdout products one per call, cycled as wrk sends them, and 100
# of them in one batch call. The same product every call would be some 20% faster (its trees' branches are
# always predicted), so it would not be the floor of this traffic.
jmh=$(bench/jmh.sh -wi 2 -i 3 -w 1 -r 2 -f 1 'ScoringBenchmark.(encodeAndScoreHoldoutProduct|encodeAndScoreBatchOf100)$' 2>/dev/null \
  | grep -E '^ScoringBenchmark' || true)
row_us=$(awk '/encodeAndScoreHoldoutProduct/ {print $4}' <<<"$jmh")
batch_us=$(awk '/encodeAndScoreBatchOf100/ {print $4}' <<<"$jmh")

out=bench/results/compare-$(date +%Y-%m-%d).md
{
  echo "# Verdict vs FastAPI + LightGBM vs bare echo"
  echo
  echo "Command: \`bench/compare.sh\` (DURATION=$DURATION, CONNS=$CONNS, wrk threads $THREADS); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); wrk and servers on the same machine; body: the 278 holdout products, cycled; model: models/product-classifier/1."
  echo
  echo "Verdict's answers by path over the whole run (verdict_predictions_total): ${paths:-?}"
  echo
  echo "| traffic | stack | req/s | p50 ms | p99 ms | p99.9 ms | errors | server CPU µs/request | Verdict ÷ this (req/s) | this p99 ÷ Verdict p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for row in "${rows[@]}"; do
    shape=${row%%|*}; rest=${row#*|}; label=${rest%%|*}; r=${rest#*|}
    v=""
    for vr in "${rows[@]}"; do [[ $vr == "$shape|Verdict /predict|"* ]] && v=$vr; done
    [[ -z $v ]] && v=${rows[0]}
    vrps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$v"); vp99=$(sed -E 's/.* p99=([0-9.]+).*/\1/' <<<"$v")
    rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$r"); p50=$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<<"$r")
    p99=$(sed -E 's/.* p99=([0-9.]+).*/\1/' <<<"$r"); p999=$(sed -E 's/.*p999=([0-9.]+).*/\1/' <<<"$r")
    err=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$r"); cpu=$(sed -E 's/.*cpu_us=([0-9]+).*/\1/' <<<"$r")
    echo "| $shape | $label | $rps | $p50 | $p99 | $p999 | $err | $cpu | $(awk -v a="$vrps" -v b="$rps" 'BEGIN{printf "%.2f", a/b}') | $(awk -v a="$p99" -v b="$vp99" 'BEGIN{printf "%.2f", a/b}') |"
  done
  vcpu=$(sed -E 's/.*cpu_us=([0-9]+).*/\1/' <<<"${rows[0]}"); ecpu=$(sed -E 's/.*cpu_us=([0-9]+).*/\1/' <<<"${rows[-1]}")
  brps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$batch_row"); bp50=$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<<"$batch_row")
  bconns=$(sed -E 's/.*conns=([0-9]+).*/\1/' <<<"$batch_row")
  echo
  echo "In process (JMH, one thread): encode + score one holdout product ${row_us:-?} µs (cycling all 278); 100 products in one batch call ${batch_us:-?} µs."
  echo
  echo "| check | measured | goal |"
  echo "|---|---|---|"
  awk -v v="$vcpu" -v e="$ecpu" -v r="$row_us" 'BEGIN { if (r == "") r = 0;
    printf "| Verdict CPU per request ÷ (echo CPU per request + in-process µs per row) | %d ÷ (%d + %.1f) = %.2f | ≤ 1.5 |\n", v, e, r, v / (e + r);
    printf "| Verdict CPU per request ÷ echo CPU per request (holdout) | %d ÷ %d = %.2f | ≤ 5 |\n", v, e, v / e }'
  awk -v b="$brps" -v c="$bconns" -v p="$bp50" -v u="$batch_us" 'BEGIN { if (u == "" || u == 0) u = 1e9;
    inproc = 100 / (u / 1e6);
    printf "| /predict/batch of 100 over HTTP (%d conns, p50 %s ms): rows/s ÷ in-process batch rows/s (one thread) | %d ÷ %d = %.2f | ≥ 0.5 |\n", c, p, b * 100, inproc, b * 100 / inproc }'
  if (( ${#sweep[@]} > 0 )); then
    echo
    echo "Other concurrencies (same traffic; each row ${DURATION} after 3 s at that concurrency):"
    echo
    echo "| connections | stack | req/s | p50 ms | p99 ms | Verdict ÷ this (req/s) | this p99 ÷ Verdict p99 |"
    echo "|---|---|---|---|---|---|---|"
    for c in $SWEEP_CONNS; do
      v=""
      for row in "${sweep[@]}"; do [[ $row == "Verdict|$c|"* ]] && v=${row##*|}; done
      vrps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$v"); vp99=$(sed -E 's/.* p99=([0-9.]+).*/\1/' <<<"$v")
      for row in "${sweep[@]}"; do
        [[ $row == *"|$c|"* ]] || continue
        label=${row%%|*}; r=${row##*|}
        rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$r"); p50=$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<<"$r")
        p99=$(sed -E 's/.* p99=([0-9.]+).*/\1/' <<<"$r")
        echo "| $c | $label | $rps | $p50 | $p99 | $(awk -v a="$vrps" -v b="$rps" 'BEGIN{printf "%.2f", a/b}') | $(awk -v a="$p99" -v b="$vp99" 'BEGIN{printf "%.2f", a/b}') |"
      done
    done
  fi
} | tee "$out"
