# Shared by the bench scripts (source it). start_verdict LOG: builds the jar if missing (JAR: another build), starts it on
# 127.0.0.1:$PORT with the caller's environment (VERDICT_* variables, JAVA_OPTS), sets SERVER to its pid and
# waits until it is ready. bench_setup: target/bench, the holdout bodies, and an EXIT trap that stops $SERVER.
start_verdict() {
  [[ -n ${JAR:-} || -f target/verdict.jar ]] || mvn -q -B -DskipTests package
  mkdir -p target/bench
  # a new prediction log each start: a log left by earlier runs at its row bound makes the server spend its first
  # minutes in retention (the log's own cost is measured on a fresh file; docs/performance.md, the prediction log)
  # (every start, not only the first: a script that starts Verdict four times must not grow one log across them)
  if [[ -z ${VERDICT_OUTCOMES_DIR:-} || $VERDICT_OUTCOMES_DIR == target/bench/outcomes ]]; then
    rm -rf target/bench/outcomes
    export VERDICT_OUTCOMES_DIR=target/bench/outcomes
  fi
  HOST=127.0.0.1 PORT=$PORT java ${JAVA_OPTS:-} -jar "${JAR:-target/verdict.jar}" > "$1" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server did not become ready" >&2
  cat "$1" >&2
  return 1
}

bench_setup() {
  mkdir -p target/bench
  python3 bench/holdout.py > target/bench/holdout.jsonl
  SERVER=""
  trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
}
