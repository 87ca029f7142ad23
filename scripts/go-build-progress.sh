#!/usr/bin/env bash
# Runs `go build -v ARGS...` and, instead of staying silent for minutes on an
# empty build cache, reports every 20 seconds how many packages it has
# compiled, out of about TOTAL. Packages already in the build cache are not
# compiled again, so a warm cache finishes at once, well short of TOTAL.
#
# Usage: scripts/go-build-progress.sh TOTAL [go build flags and packages]
# Used by make test and scripts/demo.sh.
set -euo pipefail
total=$1
shift

log=$(mktemp)
trap 'rm -f "$log"' EXIT
compiled() { grep -cv -e '^go: downloading' -e '^#' "$log" || true; }

started=$SECONDS
go build -v "$@" 2>"$log" &
pid=$!
report_at=20
while kill -0 "$pid" 2>/dev/null; do
  sleep 1
  if [ $((SECONDS - started)) -ge "$report_at" ]; then
    echo "    ... $(compiled) of about $total packages compiled ($((SECONDS - started))s)"
    report_at=$((report_at + 20))
  fi
done
if ! wait "$pid"; then
  grep -v -E -e '^go: downloading' -e '^[[:alnum:]._/~-]+$' "$log" >&2 || true
  echo "go build failed after $((SECONDS - started))s (its errors are above)" >&2
  exit 1
fi
echo "    compiled in $((SECONDS - started))s: $(compiled) packages, the rest from the build cache"
