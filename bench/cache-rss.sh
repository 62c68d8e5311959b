#!/usr/bin/env bash
# The response cache's memory under distinct traffic: at least TOTAL (default 1,000,000) requests, 500,000
# distinct records each sent twice (so every one is kept, and the cache evicts at full rate), against the
# default bounds; prints RSS, cache entries and evictions every INTERVAL seconds.
#   bench/cache-rss.sh    (env: TOTAL=1000000 CONNS=32 INTERVAL=15 PORT=18080; VERDICT_CACHE_* to change bounds)
set -euo pipefail
cd "$(dirname "$0")/.."
TOTAL=${TOTAL:-1000000}
CONNS=${CONNS:-32}
INTERVAL=${INTERVAL:-15}
PORT=${PORT:-18080}
source bench/lib.sh
bench_setup
VERDICT_REQUEST_LOG_LEVEL=WARN start_verdict target/bench/server.log
URL="http://127.0.0.1:$PORT"
metric() { curl -s "$URL/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
echo "machine: $(nproc) cores; start RSS $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status) kB"
sent=0
while (( sent < TOTAL )); do
  out=$(OFFSET=$((sent * 20 + 1000000000)) wrk -t2 -c"$CONNS" -d"${INTERVAL}s" -s bench/distinct.lua "$URL/predict" | awk '/requests in/ {print $1}')
  sent=$(( sent + out ))
  printf 'requests %8d  RSS %7d kB  cache entries %8.0f  evictions %10.0f  hits %6.0f\n' "$sent" \
    "$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)" "$(metric verdict_cache_entries)" \
    "$(metric verdict_cache_evictions_total)" "$(metric verdict_cache_hits_total)"
done
