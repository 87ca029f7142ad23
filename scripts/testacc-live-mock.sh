#!/usr/bin/env bash
# Proves the acceptance suite's live mode without a Portkey account: starts
# the standalone mock with its /__mock/ hooks off (-no-hooks), so it is only
# the Admin API, as Portkey would be, and runs the acceptance tests in live
# mode against it, all of them in that one organisation. Then it checks with
# the sweeper that the run left no tf-acc- object behind. `make test` runs it;
# `make testacc-live-mock` runs it alone.
#
#   LIVE_RUN        the -run pattern (default: every acceptance test)
#   LIVE_GOFLAGS    extra go test flags (default: -race, as make test)
#   TEST_TIMEOUT    go test -timeout (default 15m)
#   LIVE_LOG        a file to copy the go test -v output to
set -euo pipefail
cd "$(dirname "$0")/.."

command -v terraform >/dev/null || { echo "testacc-live-mock: terraform is not on PATH (Terraform >= 1.11 is needed)" >&2; exit 1; }

run_pattern=${LIVE_RUN:-^TestAcc}
goflags=${LIVE_GOFLAGS:--race}
timeout=${TEST_TIMEOUT:-15m}

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/portkey-mock" ./internal/mockserver/cmd/portkey-mock
go build -o "$work/portkey-sweep" ./internal/sweep/cmd/portkey-sweep

# A fresh key each run, as a live organisation's would be: it never leaves
# this script's environment.
key="pk-live-mode-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
PORTKEY_API_KEY="$key" "$work/portkey-mock" -addr 127.0.0.1:0 -no-hooks >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^PORTKEY_BASE_URL=' "$work/mock.out" 2>/dev/null && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.err" >&2; echo "testacc-live-mock: the mock did not start" >&2; exit 1; }
  sleep 0.1
done
line=$(grep -m1 '^PORTKEY_BASE_URL=' "$work/mock.out") || { echo "testacc-live-mock: the mock did not report its address" >&2; exit 1; }
base="${line#PORTKEY_BASE_URL=}"
if curl -fsS -o /dev/null "${base%/v1}/__mock/counts" 2>/dev/null; then
  echo "testacc-live-mock: the mock's hooks answer: it is not running with -no-hooks" >&2
  exit 1
fi
echo "==> Live mode against the standalone mock at $base (hooks off)"

export PORTKEY_LIVE_API_KEY="$key" PORTKEY_LIVE_BASE_URL="$base"
start=$(date +%s)
set +e
# shellcheck disable=SC2086 # goflags holds several flags
TF_ACC=1 go test $goflags -count=1 -timeout "$timeout" -v -run "$run_pattern" ./internal/provider >"$work/test.out" 2>&1
rc=$?
set -e
elapsed=$(( $(date +%s) - start ))

# The verdicts of the top-level tests: how many ran, and why the rest skipped.
grep -E '^(--- FAIL|FAIL|panic)' -A20 "$work/test.out" >&2 || true
passed=$(grep -cE '^--- PASS: TestAcc' "$work/test.out" || true)
skipped=$(grep -cE '^--- SKIP: TestAcc' "$work/test.out" || true)
failed=$(grep -cE '^--- FAIL: TestAcc' "$work/test.out" || true)
echo "    top-level acceptance tests: $passed passed, $skipped skipped (need the mock), $failed failed, in ${elapsed}s"
if [ -n "${LIVE_LOG:-}" ]; then
  cp "$work/test.out" "$LIVE_LOG"
fi
if [ "$rc" -ne 0 ]; then
  tail -40 "$work/test.out" >&2
  echo "testacc-live-mock: the live-mode run failed" >&2
  exit 1
fi
if [ "$passed" -eq 0 ]; then
  echo "testacc-live-mock: no acceptance test ran in live mode" >&2
  exit 1
fi

echo "==> Nothing left behind: the sweeper finds no tf-acc- object"
"$work/portkey-sweep" -check | sed 's/^/    /'
