#!/usr/bin/env bash
# Runs the README's test command N times (default 5), each on a fresh clone of this repository's HEAD with an
# empty local Maven repository, as a newcomer's first `mvn -B verify` would. Prints pass/fail and wall time.
#   bench/fresh-clone.sh [N]
# BARE=1: on a PATH without the optional tools (yamllint, prometheus, promtool, go, node, npm, openssl, psql),
# as on a machine with only Java 17, Maven and libgomp1; prints the skipped tests' lines.
# M2=keep: reuse ~/.m2 instead of an empty repository (times the tests, not the downloads).
set -uo pipefail
n=${1:-5}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pass=0
path=$PATH
if [[ ${BARE:-0} == 1 ]]; then
  mkdir -p "$work/bare"
  for dir in /usr/local/bin /usr/bin /bin; do
    for f in "$dir"/*; do
      name=$(basename "$f")
      case $name in yamllint|prometheus|promtool|go|gofmt|node|nodejs|npm|npx|openssl|psql|postgres|pg_ctl) continue ;; esac
      [[ -e "$work/bare/$name" ]] || ln -s "$f" "$work/bare/$name"
    done
  done
  path=$work/bare
fi
repo=(-Dmaven.repo.local="$work/m2")
[[ ${M2:-} == keep ]] && repo=()
for i in $(seq 1 "$n"); do
  rm -rf "$work/clone" "$work/m2"
  git clone -q "$src" "$work/clone"
  start=$(date +%s)
  if (cd "$work/clone" && PATH=$path mvn -B verify "${repo[@]}" > "$work/run-$i.log" 2>&1); then
    result=pass; pass=$((pass + 1))
  else
    result=FAIL; cp "$work/run-$i.log" "/tmp/fresh-clone-fail-$i.log"
  fi
  tests=$(grep -E "Tests run: [0-9]+, Failures" "$work/run-$i.log" | tail -1 | sed 's/^\[[A-Z]*\] //')
  echo "run $i: $result in $(( $(date +%s) - start )) s ($tests)"
  grep -h "^SKIPPED: " "$work/run-$i.log" | sort | uniq -c
done
echo "$pass of $n passed"
rm -rf "$work"
