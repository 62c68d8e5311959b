#!/usr/bin/env bash
# Scoring while PostgreSQL is down: Verdict logs to a PostgreSQL of this script's own (a temporary cluster on
# 127.0.0.1:$PGPORT), and wrk drives /predict (holdout mix) in alternating phases: PostgreSQL up, stopped (fast
# shutdown, connections cut), up again, ROUNDS times. Prints req/s, p99 and server CPU per request per phase, then
# the down/up ratio. The behaviour under the outage (503 feedback, counted drops, resume) is PgOutageTest.
# env: ROUNDS=2 WARMUP=20s PHASE=10s CONNS=32 PORT=18080 PGPORT=55432, VERDICT_* variables for the server
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-20s}
PHASE=${PHASE:-10s}
CONNS=${CONNS:-32}
PORT=${PORT:-18080}
PGPORT=${PGPORT:-55432}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $BIN/pg_ctl ]] || { echo "PostgreSQL is required (apt-get install -y postgresql)" >&2; exit 1; }
source bench/lib.sh
bench_setup
PGDIR=$(mktemp -d)
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_up() { as_pg "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1" start >/dev/null; }
pg_down() { as_pg "$BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null; }
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; pg_down 2>/dev/null; rm -rf "$PGDIR"' EXIT
[[ $(id -u) == 0 ]] && chown postgres "$PGDIR"
as_pg "$BIN/initdb" -D "$PGDIR/data" -U verdict --auth=trust -N >/dev/null
pg_up

export VERDICT_OUTCOMES_STORE=postgres VERDICT_OUTCOMES_PG_URI="postgresql://verdict@127.0.0.1:$PGPORT/postgres"
export VERDICT_CACHE_MAX_ENTRIES=${VERDICT_CACHE_MAX_ENTRIES:-0}
start_verdict target/bench/server.log
URL="http://127.0.0.1:$PORT/predict"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
phase() { # label: one wrk run, one line
  local c0 c1 out n
  c0=$(cpu_ticks)
  out=$(BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$CONNS" -d"$PHASE" -s bench/report.lua "$URL" | grep '^RESULT')
  c1=$(cpu_ticks)
  n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  printf '%-12s %s cpu_us_per_req=%s\n' "$1" "${out#RESULT }" "$(( (c1 - c0) * TICK_US / (n > 0 ? n : 1) ))"
}
BODIES_FILE=target/bench/holdout.jsonl wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/report.lua "$URL" >/dev/null
echo "machine: $(nproc) cores; wrk, server and PostgreSQL on the same machine; $CONNS connections, $PHASE per phase"
for r in $(seq 1 "$ROUNDS"); do
  phase "pg-up"
  pg_down
  phase "pg-down"
  pg_up
  sleep 2 # the pool reconnects and the queue is written
done | tee target/bench/pg-outage.txt
awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^rps=/) { split($i, a, "="); s[$1] += a[2]; n[$1]++ } }
  END { printf "pg-down / pg-up throughput: %.3f (mean of %d phases each)\n", (s["pg-down"] / n["pg-down"]) / (s["pg-up"] / n["pg-up"]), n["pg-up"] }' \
  target/bench/pg-outage.txt
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^verdict_log_(dropped|written)' || true
