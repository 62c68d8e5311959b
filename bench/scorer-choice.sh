#!/usr/bin/env bash
# Which scorer each model serves with, and the two per-row timings the choice was made on (taken at load on the
# same rows: the booster's single-row path and the proven compiled forest). Sparse: product-classifier (18,052
# columns, ~20 set per row). Dense: penguins and the five Python models (every column set).
# Usage: bench/scorer-choice.sh [ROUNDS, default 3]: starts the server ROUNDS times, since the figures are timed
# at load on a machine that is doing other work too.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
PORT=${PORT:-8097}
ROUNDS=${1:-3}
SERVER=""
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
root=target/bench/scorer-choice-models
rm -rf "$root" && mkdir -p "$root"
cp -r models/product-classifier models/penguins "$root/"
for m in breast-cancer diabetes iris pandas-categorical missing-values; do
  mkdir -p "$root/$m/1" && cp "examples/python-models/$m/model.txt" "$root/$m/1/"
done
echo "cores: $(nproc)  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-20s %-6s %-9s %11s %12s %8s\n' model round serves booster_us compiled_us ratio
for r in $(seq 1 "$ROUNDS"); do
  VERDICT_MODELS_DIR=$root start_verdict target/bench/scorer-choice.log
  curl -s "http://127.0.0.1:$PORT/models" | python3 -c '
import json, sys
r = sys.argv[1]
for m in json.load(sys.stdin)["models"]:
    s = m["versions"]["1"]["scorer"]
    t = s.get("timing", {})
    b, c = t.get("booster_us"), t.get("compiled_us")
    print("%-20s %-6s %-9s %11s %12s %8s" % (m["name"], r, s["kind"], b, c, "%.2f" % (b / c) if b and c else "-"))
' "$r"
  kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
done
