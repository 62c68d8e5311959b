#!/usr/bin/env bash
# Native memory over model reloads: serves a copy of the product classifier with versions 1, 2 and 3, then
# moves "stable" round them CYCLES times (each reload opens a version on every worker and frees the one that
# fell out: the registry keeps only what the aliases name plus the previous stable). Prints the server's RSS
# every 10 cycles, with light /predict traffic throughout. Loopback only, bounded by CYCLES.
#   bench/reload-cycles.sh            (env: CYCLES=50 PORT=18081 JAVA_OPTS="-Xmx512m")
set -euo pipefail
cd "$(dirname "$0")/.."
CYCLES=${CYCLES:-50}
PORT=${PORT:-18081}
KEY=reload-cycles-key
[[ -f target/verdict.jar ]] || mvn -q -B -DskipTests package
WORK=$(mktemp -d)
SERVER=""
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/product-classifier"
for v in 1 2 3; do
  cp -r models/product-classifier/1 "$WORK/product-classifier/$v"
  python3 - "$WORK/product-classifier/$v/manifest.json" "$v" <<'PY'
import json, sys
p, v = sys.argv[1], sys.argv[2]
m = json.load(open(p)); m["version"] = v; json.dump(m, open(p, "w"))
PY
done
echo '{"stable": "1"}' > "$WORK/product-classifier/aliases.json"
source bench/lib.sh
VERDICT_MODELS_DIR="$WORK" VERDICT_DEFAULT_MODEL=product-classifier VERDICT_ADMIN_API_KEY=$KEY \
  VERDICT_REQUEST_LOG_LEVEL=WARN start_verdict "$WORK/server.log"
rss() { awk '/VmRSS/ {print $2}' /proc/$SERVER/status; }
body='{"title": "Xerox 1967", "brand": "Xerox", "price": 12.5}'
predict() { for _ in $(seq 1 50); do curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$PORT/predict"; done; }
predict
echo "machine: $(nproc) cores; 2 workers; cycle 0: RSS $(rss) kB"
failed=0
for c in $(seq 1 "$CYCLES"); do
  v=$(( c % 3 + 1 ))
  echo "{\"stable\": \"$v\"}" > "$WORK/product-classifier/aliases.json"
  code=$(curl -s -o "$WORK/reload.json" -w '%{http_code}' -X POST -H "X-API-Key: $KEY" \
    "http://127.0.0.1:$PORT/models/product-classifier/reload")
  [[ $code == 200 ]] || { failed=$((failed + 1)); cat "$WORK/reload.json"; echo; }
  predict
  (( c % 10 == 0 )) && echo "cycle $c: stable=$v loaded=$(python3 -c "import json,sys; print(sorted(json.load(open(sys.argv[1]))['versions']))" "$WORK/reload.json") RSS $(rss) kB"
done
echo "reloads failed: $failed of $CYCLES"
