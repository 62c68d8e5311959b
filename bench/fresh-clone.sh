#!/usr/bin/env bash
# Runs the README's test command N times (default 5), each on a fresh clone of this repository's HEAD with an
# empty local Maven repository, as a newcomer's first `mvn -B verify` would. Prints pass/fail and wall time.
#   bench/fresh-clone.sh [N]
set -uo pipefail
n=${1:-5}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pass=0
for i in $(seq 1 "$n"); do
  rm -rf "$work/clone" "$work/m2"
  git clone -q "$src" "$work/clone"
  start=$(date +%s)
  if (cd "$work/clone" && mvn -B verify -Dmaven.repo.local="$work/m2" > "$work/run-$i.log" 2>&1); then
    result=pass; pass=$((pass + 1))
  else
    result=FAIL; cp "$work/run-$i.log" "/tmp/fresh-clone-fail-$i.log"
  fi
  tests=$(grep -E "Tests run: [0-9]+, Failures" "$work/run-$i.log" | tail -1 | sed 's/^\[[A-Z]*\] //')
  echo "run $i: $result in $(( $(date +%s) - start )) s ($tests)"
done
echo "$pass of $n passed"
rm -rf "$work"
