#!/usr/bin/env bash
# Where the server's CPU goes at saturation: starts Verdict, drives /predict (holdout mix) with wrk on 127.0.0.1
# for WARMUP, profiles the next DURATION, then prints the hottest methods (self time) and the shares of the
# parts that matter for bench/compare.sh and bench/overhead.sh.
#   bench/profile.sh                 JFR (Java frames only); the recording stays in target/bench/profile.jfr
#   PROFILER=async bench/profile.sh  async-profiler 3.0 (Java and native frames, CPU time by itimer), fetched
#                                    once from Maven Central (tools.profiler:async-profiler:3.0, linux-x64)
#   PROFILER=async AP_EVENT=alloc bench/profile.sh   the same, counting bytes allocated instead of CPU time
# env: WARMUP=30s DURATION=20s CONNS=32 PORT=18080 TOP=30 TRAFFIC=holdout|distinct|repeated|oip32 JAR=another build,
#      VERDICT_* variables for the server
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-20s}
CONNS=${CONNS:-32}
PORT=${PORT:-18080}
TOP=${TOP:-30}
PROFILER=${PROFILER:-jfr}
AP_EVENT=${AP_EVENT:-itimer}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
source bench/lib.sh
bench_setup
URL="http://127.0.0.1:$PORT/predict"
# TRAFFIC=distinct: every request a new product (no cache can answer it); repeated: one hot product (report.lua's
# seed, answered from the cache); default the holdout mix
BODIES=target/bench/holdout.jsonl
if [[ ${TRAFFIC:-holdout} == distinct ]]; then
  export DISTINCT=1   # report.lua makes each body from the holdout lines
elif [[ ${TRAFFIC:-holdout} == repeated ]]; then
  BODIES=""
elif [[ ${TRAFFIC:-holdout} == oip32 ]]; then
  # OIP REST, 32 penguin rows in one request (bench/oip-compare.sh's batch shape)
  python3 - <<'PY'
import json
rows = [json.loads(l) for l in open("data/penguins.jsonl")][:32]
cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
body = {"inputs": [{"name": "features", "datatype": "FP64", "shape": [32, 4], "data": [float(r[c]) for r in rows for c in cols]}]}
open("target/bench/oip-32-line.json", "w").write(json.dumps(body) + "\n")
PY
  BODIES=target/bench/oip-32-line.json
  URL="http://127.0.0.1:$PORT/v2/models/penguins/infer"
fi
load() { BODIES_FILE=$BODIES wrk -t2 -c"$CONNS" -d"$1" -s bench/report.lua "$URL"; }
secs() { local d=${1%s}; echo "${d%m}$([[ $1 == *m ]] && echo '*60' || true)" | bc; }
echo "machine: $(nproc) cores; wrk and server on the same machine; $CONNS connections; profiler: $PROFILER"

if [[ $PROFILER == async ]]; then
  AP=target/bench/async-profiler/linux-x64/libasyncProfiler.so
  if [[ ! -f $AP ]]; then
    mvn -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:3.0:jar:linux-x64 -DoutputDirectory=target/bench
    (mkdir -p target/bench/async-profiler && cd target/bench/async-profiler && unzip -q -o ../async-profiler-3.0-linux-x64.jar)
  fi
  rm -f target/bench/ap-*.collapsed
  # One file per interval: interval 0 is start-up and warm-up, interval 1 the steady state reported below.
  interval=$(secs "$WARMUP")
  JAVA_OPTS="${JAVA_OPTS:-} -agentpath:$PWD/$AP=start,event=$AP_EVENT$([[ $AP_EVENT == alloc ]] && echo ,total || echo ,interval=1ms),loop=${interval}s,collapsed,file=$PWD/target/bench/ap-%n{10}.collapsed" \
    start_verdict target/bench/server.log
  load "$(( interval * 2 + 2 ))s" | grep '^RESULT'
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  F=target/bench/ap-1.collapsed
  echo "== hottest frames (self), $(awk '{t += $NF} END {print t}' "$F") $([[ $AP_EVENT == alloc ]] && echo bytes allocated || echo samples of CPU time)"
  awk '{ n = $NF; $NF = ""; k = split($0, a, ";"); s = a[k]; gsub(/ +$/, "", s); self[s] += n; t += n }
    END { for (s in self) printf "%5.1f%%  %s\n", 100 * self[s] / t, s }' "$F" | sort -rn | head -"$TOP" || true  # head stops reading early
  echo "== shares (a sample counts in every group its stack passes through)"
  share() { awk -v label="$1" -v pats="$2" 'BEGIN { n = split(pats, p, "|") }
    { t += $NF; for (i = 1; i <= n; i++) if (index($0, p[i])) { m += $NF; break } }
    END { printf "%5.1f%%  %s\n", 100 * m / t, label }' "$F"; }
  share "LightGBM scoring" "LightGBM::"
  share "feature pipeline" "dev/verdict/features/"
  share "writev (responses)" "writev"
  share "request check (parse + the pipeline's record check)" "RecordCheck"
  share "response JSON" "dev/verdict/http/ResponseBody|dev/verdict/bus/AnswerJson"
  share "Vert.x HTTP server metrics" "io/vertx/micrometer"
  share "metrics + request log" "io/micrometer|io/vertx/micrometer|RequestLog.done|InferenceMetrics|BufferedConsoleAppender|ch/qos/logback|RequestLineEncoder"
  share "drift" "dev/verdict/drift/"
  share "prediction log (entries, SQLite)" "dev/verdict/store/|PredictionLog|libsqlitejdbc|org/sqlite"
  # What adaptive micro-batching could save at most: the hop's own frames, not the handlers they call.
  awk '{ t += $NF; k = split($0, a, ";"); s = a[k]; sub(/ +[0-9]+$/, "", s)
    if (s ~ /io\/vertx\/core\/eventbus|pthread_cond|futex|Unsafe\.(un)?park|TaskQueue|WorkerExecutor|WorkerTask|cancelTimer|AbstractScheduledEventExecutor/) m += $NF }
    END { printf "%5.1f%%  event-bus hop, self (delivery, reply, task queue, wake-ups, reply timer)\n", 100 * m / t }' "$F"
  exit 0
fi

JAVA_OPTS="${JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" start_verdict target/bench/server.log
load "$WARMUP" >/dev/null
jcmd "$SERVER" JFR.start name=bench settings=profile filename="$PWD/target/bench/profile.jfr" >/dev/null
load "$DURATION" | grep '^RESULT'
jcmd "$SERVER" JFR.stop name=bench >/dev/null
# Top frame of every execution sample, by method and by package (native frames show as the Java caller).
jfr print --events jdk.ExecutionSample --stack-depth 1 target/bench/profile.jfr \
  | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print }' > target/bench/top-frames.txt
total=$(wc -l < target/bench/top-frames.txt)
echo "== hottest methods (self), $total samples"
sort target/bench/top-frames.txt | uniq -c | sort -rn | head -"$TOP" \
  | awk -v t="$total" '{ printf "%5.1f%%  %s\n", 100 * $1 / t, substr($0, index($0, $2)) }' || true
echo "== by package"
sed -E 's/\.[A-Za-z0-9_$]+\.[A-Za-z0-9_$<>]+\(.*$//' target/bench/top-frames.txt | sort | uniq -c | sort -rn | head -25 \
  | awk -v t="$total" '{ printf "%5.1f%%  %s\n", 100 * $1 / t, $2 }' || true
