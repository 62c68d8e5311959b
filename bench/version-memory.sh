#!/usr/bin/env bash
# Memory per loaded model version: RSS of the server with the product classifier loaded once, then with three
# versions of it loaded at once (stable, canary, shadow), after the same 2,000 requests. Sizes the pod limit.
#   bench/version-memory.sh            (needs target/verdict.jar; MALLOC_ARENA_MAX=2 and the heap of the manifests)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/verdict.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
measure() {
  local models=$1 port=$2
  MALLOC_ARENA_MAX=2 PORT=$port HOST=127.0.0.1 VERDICT_MODELS_DIR=$models VERDICT_REQUEST_LOG_LEVEL=WARN \
    java -Doffline=true -Xmx410m -jar $jar > "$work/log-$port" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  for i in $(seq 1 2000); do
    curl -fs "127.0.0.1:$port/predict" -H 'Content-Type: application/json' \
      -d "{\"title\": \"Avery binder $i\", \"price\": $((i % 50 + 1))}" >/dev/null
  done
  sleep 2
  echo "$(rss $pid)"
  kill $pid; wait $pid 2>/dev/null || true
}
mkdir -p "$work/one" "$work/three/product-classifier"
cp -r models/penguins "$work/one/"; cp -r models/product-classifier "$work/one/"
cp -r models/penguins "$work/three/"
for v in 1 2 3; do
  cp -r models/product-classifier/1 "$work/three/product-classifier/$v"
  sed -i "s/\"version\" : \"1\"/\"version\" : \"$v\"/" "$work/three/product-classifier/$v/manifest.json"
done
echo '{"stable": "1", "canary": "2", "canary_weight": 0.5, "shadow": "3"}' > "$work/three/product-classifier/aliases.json"
one=$(measure "$work/one" 18181)
three=$(measure "$work/three" 18182)
echo "cores: $(nproc); workers: default"
echo "RSS, product-classifier 1 version loaded: $((one / 1024)) MB"
echo "RSS, product-classifier 3 versions loaded: $((three / 1024)) MB"
echo "per extra version: $(((three - one) / 2048)) MB"
