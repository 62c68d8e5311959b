#!/usr/bin/env bash
# Renders /docs and /dashboard of a Verdict started here (loopback) in headless Chromium; fails on console
# errors or requests leaving the host; refreshes docs/docs.png and docs/dashboard.png.
# Needs: Debian chromium (apt-get install -y chromium) and Node.js; installs playwright-core into docs/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18081}
[[ -d docs/node_modules/playwright-core ]] || (cd docs && npm install --no-audit --no-fund --silent)
[[ -f target/verdict.jar ]] || mvn -q -B -DskipTests package
HOST=127.0.0.1 PORT=$PORT VERDICT_DRIFT_MIN_SAMPLES=50 java -jar target/verdict.jar > target/render-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
# some traffic so the dashboard has something to show: holdout products, then a few shifted prices
python3 - "$PORT" <<'PY'
import json, random, sys, urllib.request
port = sys.argv[1]
rows = [json.loads(l) for l in open("data/products.jsonl", encoding="utf-8")]
hold = [{k: v for k, v in r.items() if k not in ("category", "split")} for r in rows if r["split"] == "holdout"]
random.Random(7).shuffle(hold)  # the table is sorted by title; live traffic is not
for i, r in enumerate(hold * 2):
    if i >= 400:  # then a shifted stream: tripled prices, brands never seen in training
        r = dict(r, price=r["price"] * 3, brand="Zork%d" % i)
    req = urllib.request.Request(f"http://127.0.0.1:{port}/predict", json.dumps(r).encode(), {"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY
node docs/render.mjs "http://127.0.0.1:$PORT"
