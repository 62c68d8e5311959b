#!/usr/bin/env bash
# Overload behaviour, loopback only, bounded: 30 s at OVER_CONNS connections (far beyond what 2 cores serve),
# then 10 s back at 32. Reports throughput, 503 share, latency, and the server's RSS before/after.
#   env: OVER_CONNS=512 OVER_DURATION=30s
set -euo pipefail
cd "$(dirname "$0")/.."
OVER_CONNS=${OVER_CONNS:-512}; OVER_DURATION=${OVER_DURATION:-30s}; PORT=${PORT:-18110}
source bench/lib.sh
mkdir -p target/bench
python3 bench/holdout.py > target/bench/holdout.jsonl
trap 'kill $SERVER 2>/dev/null || true' EXIT
VERDICT_REQUEST_LOG_LEVEL=WARN start_verdict target/bench/overload-server.log
rss() { awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$SERVER/status; }
run() { BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$1" -d"$2" --timeout 10s -s bench/report.lua "http://127.0.0.1:$PORT/predict" | grep '^RESULT' | sed 's/^RESULT //'; }
echo "machine: $(nproc) cores; wrk and server on the same machine"
run 32 8s >/dev/null
echo "RSS after warm-up: $(rss)"
echo "normal   (32 conns, 10s):              $(run 32 10s)"
curl -s "http://127.0.0.1:$PORT/metrics" > target/bench/overload-before.prom
echo "overload ($OVER_CONNS conns, $OVER_DURATION): $(run "$OVER_CONNS" "$OVER_DURATION")   (errors = non-2xx, i.e. 503 + Retry-After)"
curl -s "http://127.0.0.1:$PORT/metrics" > target/bench/overload-after.prom
# wrk's latencies mix answers and refusals; the server's own histogram of 200s says how the accepted fared.
python3 - target/bench/overload-before.prom target/bench/overload-after.prom <<'PY'
import re, sys
def buckets(path):
    out = {}
    for line in open(path):
        if line.startswith("verdict_request_seconds_bucket{") and 'endpoint="/predict"' in line and 'status="200"' in line:
            le = re.search(r'le="([^"]+)"', line).group(1)
            out[le] = out.get(le, 0) + float(line.rsplit(" ", 1)[1])
    return out
a, b = buckets(sys.argv[1]), buckets(sys.argv[2])
d = {le: b[le] - a.get(le, 0) for le in b}
total = d.get("+Inf", 0)
bounds = sorted((float(le), n) for le, n in d.items() if le != "+Inf")
p99 = next((le for le, n in bounds if total and n / total >= 0.99), float("inf"))
print(f"accepted during overload: {int(total)} answered 200; server-side p99 <= {p99 * 1000:g} ms "
      f"(histogram bucket bound); share under 50 ms: {d.get('0.05', 0) / total if total else 0:.4f}")
PY
echo "RSS after overload: $(rss)"
echo "recovery (32 conns, 10s):              $(run 32 10s)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^verdict_errors_total\{code="overloaded"' | head -2
