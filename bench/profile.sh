#!/usr/bin/env bash
# Where the server's CPU goes at saturation: starts Verdict with a JFR recording, drives /predict (holdout mix)
# with wrk on 127.0.0.1 for DURATION, then prints the hottest methods (self time) and the same samples summed
# by package. The recording stays in target/bench/profile.jfr for `jfr view` or JDK Mission Control.
# Usage: bench/profile.sh    (env: WARMUP=30s DURATION=20s CONNS=32 PORT=18080 TOP=40, VERDICT_* variables for the server)
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-20s}
CONNS=${CONNS:-32}
PORT=${PORT:-18080}
TOP=${TOP:-40}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
source bench/lib.sh
mkdir -p target/bench
python3 bench/holdout.py > target/bench/holdout.jsonl
SERVER=""
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
JAVA_OPTS="${JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" start_verdict target/bench/server.log
URL="http://127.0.0.1:$PORT/predict"
BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/report.lua "$URL" >/dev/null
jcmd "$SERVER" JFR.start name=bench settings=profile filename="$PWD/target/bench/profile.jfr" >/dev/null
BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$CONNS" -d"$DURATION" -s bench/report.lua "$URL" | grep '^RESULT'
jcmd "$SERVER" JFR.stop name=bench >/dev/null
echo "machine: $(nproc) cores; wrk and server on the same machine; $CONNS connections"
# Top frame of every execution sample, by method and by package (native frames show as the Java caller).
jfr print --events jdk.ExecutionSample --stack-depth 1 target/bench/profile.jfr \
  | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print }' > target/bench/top-frames.txt
total=$(wc -l < target/bench/top-frames.txt)
echo "== hottest methods (self), $total samples"
sort target/bench/top-frames.txt | uniq -c | sort -rn | head -"$TOP" \
  | awk -v t="$total" '{ printf "%5.1f%%  %s\n", 100 * $1 / t, substr($0, index($0, $2)) }'
echo "== by package"
sed -E 's/\.[A-Za-z0-9_$]+\.[A-Za-z0-9_$<>]+\(.*$//' target/bench/top-frames.txt | sort | uniq -c | sort -rn | head -25 \
  | awk -v t="$total" '{ printf "%5.1f%%  %s\n", 100 * $1 / t, $2 }'
