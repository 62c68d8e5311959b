#!/usr/bin/env bash
# Verdict against a KServe-lgbserver-equivalent Python server (bench/reference/oip.py) on the Open Inference
# Protocol, same model (penguins, 4 features), same machine, loopback only, bounded in time: 1 row and 32 rows per
# request, over REST (wrk) and over gRPC (dev.verdict.bench.GrpcLoad, grpc-java), with server CPU per request.
# Each stack gets WARMUP of traffic after it starts (the JVM compiles its hot path), then the runs alternate.
# KSERVE_SRC=a kserve/kserve checkout: KServe's own lgbserver joins as a third stack, run from those sources
# (python -m lgbserver, one worker as KServe ships it) with bench/reference/kserve-shims standing in for the four
# libraries the local mirror lacks (see its README: they only remove work).
# env: DURATION=10s WARMUP=20s CONNS=32 ROUNDS=1 KSERVE_SRC=
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}; WARMUP=${WARMUP:-20s}; CONNS=${CONNS:-32}; ROUNDS=${ROUNDS:-1}
VENV=${VENV:-target/bench/venv}
VPORT=18080; VGRPC=18081; RPORT=18090; RGRPC=18091; KPORT=18390; KGRPC=18391
KSERVE_SRC=${KSERVE_SRC:-}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
[[ -f target/verdict.jar ]] || mvn -q -B -DskipTests package
mkdir -p target/bench/py bench/results
if [[ ! -x $VENV/bin/uvicorn ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --index-url "${PIP_INDEX_URL:-file:///opt/pypi/simple}" \
    --extra-index-url "${PIP_EXTRA_INDEX_URL:-file:///opt/pypi-more/simple}" --find-links /opt/wheels \
    -r bench/reference/requirements.txt
fi
"$VENV/bin/python" -c "import grpc, google.protobuf" 2>/dev/null || "$VENV/bin/pip" install -q \
  --index-url "${PIP_INDEX_URL:-file:///opt/pypi/simple}" --extra-index-url "${PIP_EXTRA_INDEX_URL:-file:///opt/pypi-more/simple}" \
  --find-links /opt/wheels grpcio protobuf
# the protoc of the Maven build, for the Python messages; the test classpath, for the gRPC load client
PROTOC=$(ls ~/.m2/repository/com/google/protobuf/protoc/*/protoc-*-linux-x86_64.exe 2>/dev/null | sort -V | tail -1)
chmod +x "$PROTOC"
"$PROTOC" -Isrc/main/proto --python_out=target/bench/py src/main/proto/grpc_predict_v2.proto
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
python3 - <<'PY'
import json
rows = [json.loads(l) for l in open("data/penguins.jsonl")]
cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
for n in (1, 32):
    data = [float(r[c]) for r in rows[:n] for c in cols]
    body = {"inputs": [{"name": "features", "datatype": "FP64", "shape": [n, 4], "data": data}]}
    open(f"target/bench/oip-{n}.json", "w").write(json.dumps(body))
PY
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pids=(); sleep 1; }
trap stop EXIT
wait_url() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))

rm -rf target/bench/outcomes   # a new prediction log (see bench/lib.sh)
HOST=127.0.0.1 PORT=$VPORT VERDICT_HTTP_GRPC_PORT=$VGRPC VERDICT_OUTCOMES_DIR=${VERDICT_OUTCOMES_DIR:-target/bench/outcomes} java -jar target/verdict.jar > target/bench/oip-verdict.log 2>&1 &
VPID=$!; pids+=("$VPID")
MODEL_DIR=models/penguins/1 GRPC_PORT=$RGRPC PYTHONPATH=target/bench/py "$VENV/bin/uvicorn" oip:app \
  --app-dir bench/reference --host 127.0.0.1 --port $RPORT --log-level warning > target/bench/oip-reference.log 2>&1 &
RPID=$!; pids+=("$RPID")
STACKS=("verdict $VPID $VPORT $VGRPC" "reference $RPID $RPORT $RGRPC")
if [[ -n $KSERVE_SRC ]]; then
  KVENV=target/bench/lgbserver-venv
  if [[ ! -x $KVENV/bin/python ]]; then
    python3 -m venv "$KVENV"
    "$KVENV/bin/pip" install -q --index-url "${PIP_INDEX_URL:-file:///opt/pypi/simple}" \
      --extra-index-url "${PIP_EXTRA_INDEX_URL:-file:///opt/pypi-more/simple}" --find-links /opt/wheels \
      fastapi uvicorn lightgbm pandas orjson prometheus-client httpx psutil python-dateutil six tabulate pyyaml \
      pydantic grpcio "protobuf<7" numpy requests
  fi
  mkdir -p target/bench/lgbserver-model
  cp models/penguins/1/model.txt target/bench/lgbserver-model/model.bst   # lgbserver loads the one .bst file
  PYTHONPATH="bench/reference/kserve-shims:$KSERVE_SRC/python/kserve:$KSERVE_SRC/python/lgbserver:$KSERVE_SRC/python/storage" \
    "$KVENV/bin/python" -m lgbserver --model_dir target/bench/lgbserver-model --model_name penguins \
    --http_port $KPORT --grpc_port $KGRPC > target/bench/oip-lgbserver.log 2>&1 &
  KPID=$!; pids+=("$KPID")
  STACKS+=("lgbserver $KPID $KPORT $KGRPC")
  wait_url "http://127.0.0.1:$KPORT/v2/health/ready"
  KSERVE_DESC="lgbserver: KServe's own, python -m lgbserver from $KSERVE_SRC ($(git -C "$KSERVE_SRC" log -1 \
    --format='commit %h, %cs' 2>/dev/null || echo "${KSERVE_COMMIT:-commit not known}")), 1 worker, shims: bench/reference/kserve-shims"
fi
wait_url "http://127.0.0.1:$VPORT/health/ready"
wait_url "http://127.0.0.1:$RPORT/docs"
# the same probabilities from both before anything is timed
python3 - "$VPORT" "$RPORT" ${KSERVE_SRC:+"$KPORT"} <<'PY'
import json, sys, urllib.request
def post(port, path):
    body = open("target/bench/oip-32.json", "rb").read()
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(r))
v = post(sys.argv[1], "/v2/models/penguins/infer")
r = post(sys.argv[2], "/v2/models/penguins/infer")
vp = next(o for o in v["outputs"] if o["name"] == "predict_proba")["data"]
rp = r["outputs"][0]["data"]
assert len(vp) == len(rp) == 96, "the two servers answer different shapes"
same = sum(1 for i in range(32) if max(abs(vp[3 * i + k] - rp[3 * i + k]) for k in range(3)) < 1e-9)
# Verdict's default policy answers an input outside the training support with its fallback: such a row differs
assert same >= 30, f"the two servers disagree on {32 - same} of 32 rows"
print(f"equivalent: {same} of 32 rows within 1e-9; the others answered by Verdict's fallback (out of support)")
if len(sys.argv) > 3:
    k = post(sys.argv[3], "/v2/models/penguins/infer")["outputs"][0]["data"]
    assert max(abs(a - b) for a, b in zip(k, rp)) < 1e-12, "lgbserver and the reference disagree"
    print("lgbserver: the reference's probabilities on all 32 rows")
PY

rest() { # pid port rows -> RESULT line + cpu
  local c0 c1 out n
  c0=$(ticks "$1")
  out=$(BODY_FILE=target/bench/oip-$3.json wrk -t2 -c"$CONNS" -d"$DURATION" -s bench/report.lua \
    "http://127.0.0.1:$2/v2/models/penguins/infer" | grep '^RESULT')
  c1=$(ticks "$1"); n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  echo "${out#RESULT } cpu_us_per_req=$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) ))"
}
grpcload() { # pid port rows
  local c0 c1 out n
  c0=$(ticks "$1")
  out=$(java -cp "$CP" dev.verdict.bench.GrpcLoad "$2" penguins "$3" "${DURATION%s}" "$CONNS" 2 2>/dev/null | grep '^RESULT')
  c1=$(ticks "$1"); n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  echo "${out#RESULT } cpu_us_per_req=$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) ))"
}
echo "warm-up: $WARMUP of REST and gRPC traffic on each"
for p in "${STACKS[@]}"; do
  set -- ${p#* }
  BODY_FILE=target/bench/oip-1.json wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/report.lua "http://127.0.0.1:$2/v2/models/penguins/infer" >/dev/null
  java -cp "$CP" dev.verdict.bench.GrpcLoad "$3" penguins 32 10 "$CONNS" 2 >/dev/null 2>&1
done
OUT=bench/results/oip-compare-$(date +%F).md
{
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load generator and the servers on it; $CONNS in flight, $DURATION per run"
echo "reference: bench/reference/oip.py (FastAPI + LightGBM, the V2 protocol as lgbserver answers it)"
[[ -n ${KSERVE_DESC:-} ]] && echo "$KSERVE_DESC"
for r in $(seq 1 "$ROUNDS"); do
  for rows in 1 32; do
    for door in REST gRPC; do
      line="round $r $door $rows row(s):"
      for st in "${STACKS[@]}"; do
        set -- $st
        if [[ $door == REST ]]; then line+=" $1 $(rest "$2" "$3" "$rows") |"; else line+=" $1 $(grpcload "$2" "$4" "$rows") |"; fi
      done
      echo "${line% |}"
    done
  done
done
} | tee "$OUT.raw"
# Verdict against each other stack: throughput ratio, and Verdict's p99 as a share of the other's
awk '/ row\(s\):/ {
  split($0, h, ":"); label = h[1]; n = split(substr($0, length(h[1]) + 2), parts, "|")
  for (i = 1; i <= n; i++) {
    split(parts[i], w, " "); name[i] = w[1]
    match(parts[i], /rps=[0-9]+/); rps[i] = substr(parts[i], RSTART + 4, RLENGTH - 4)
    match(parts[i], /p99=[0-9.]+/); p99[i] = substr(parts[i], RSTART + 4, RLENGTH - 4)
  }
  for (i = 2; i <= n; i++)
    printf "%-26s against %-10s throughput %6.1fx   p99 %5.3f of its\n", label, name[i], rps[1] / rps[i], p99[1] / p99[i] }' "$OUT.raw" | tee -a "$OUT.raw"
mv "$OUT.raw" "$OUT"
