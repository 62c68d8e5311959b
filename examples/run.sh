#!/usr/bin/env bash
# Runs every client example against live Verdict instances on 127.0.0.1 and checks their output.
#   1. one standalone Verdict; the Node.js and Go HTTP clients (each skipped if its toolchain is missing)
#   2. two clustered Verdict nodes and the Java event-bus client node
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/verdict.jar ]] || mvn -q -B -DskipTests package
mkdir -p target/examples
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
wait_ready() { for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }
expect() { # file: the three penguins must come out as Adelie, Chinstrap, Gentoo
  grep -q 'is: Adelie' "$1" && grep -q 'is: Chinstrap' "$1" && grep -q 'is: Gentoo' "$1" || { echo "unexpected output in $1" >&2; cat "$1" >&2; exit 1; }
}

HOST=127.0.0.1 PORT=18090 java -jar target/verdict.jar > target/examples/standalone.log 2>&1 & pids+=($!)
wait_ready 18090
if command -v node >/dev/null; then
  node examples/node/client.mjs http://127.0.0.1:18090 | tee target/examples/node.out; expect target/examples/node.out
else echo "node not installed: Node.js client skipped"; fi
if command -v go >/dev/null; then
  go run examples/go/main.go http://127.0.0.1:18090 | tee target/examples/go.out; expect target/examples/go.out
else echo "go not installed: Go client skipped (apt-get install -y golang-go)"; fi

export VERDICT_CLUSTER_NAME="verdict-examples-$$" VERDICT_CLUSTER_MEMBERS="127.0.0.1:5901,127.0.0.1:5902,127.0.0.1:5903"
HOST=127.0.0.1 PORT=18091 VERDICT_CLUSTER_HAZELCAST_PORT=5901 java -jar target/verdict.jar serve --cluster > target/examples/node-a.log 2>&1 & pids+=($!)
HOST=127.0.0.1 PORT=18092 VERDICT_CLUSTER_HAZELCAST_PORT=5902 java -jar target/verdict.jar serve --cluster > target/examples/node-b.log 2>&1 & pids+=($!)
wait_ready 18091; wait_ready 18092
java -cp target/verdict.jar examples/java/EventBusClient.java "$VERDICT_CLUSTER_MEMBERS" 5903 2>/dev/null | tee target/examples/java.out
[[ $(grep -c 'is: ' target/examples/java.out) -eq 6 ]] || { echo "Java client did not get 6 answers" >&2; exit 1; }
echo "nodes that answered the Java client: $(grep -o 'node [0-9a-f-]*' target/examples/java.out | sort -u | wc -l)"
