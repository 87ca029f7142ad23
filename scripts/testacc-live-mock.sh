#!/usr/bin/env bash
# Proves the acceptance suite's live mode without a Portkey account: starts
# the standalone mock with its /__mock/ hooks off (-no-hooks), so it is only
# the Admin API, as Portkey would be, and runs make testacc-live
# (scripts/testacc-live.sh) against it as if it were Portkey: every test in
# one organisation, their out-of-band changes through the API. Then the
# sweeper checks that the run left no tf-acc- object behind. make test runs
# it as its last step; make testacc-live-mock runs it alone. Takes the
# variables of scripts/testacc-live.sh (LIVE_RUN, LIVE_GOFLAGS, TEST_TIMEOUT,
# LIVE_LOG).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/portkey-mock" ./internal/mockserver/cmd/portkey-mock
go build -o "$work/portkey-sweep" ./internal/sweep/cmd/portkey-sweep

# A fresh key each run, as a live organisation's would be; it reaches the mock
# and the tests through the environment only.
key="pk-live-mode-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# -require-prefix holds the tests to their promise: a workspace, API key or
# invite whose name (email) does not start with tf-acc- is refused.
PORTKEY_API_KEY="$key" "$work/portkey-mock" -addr 127.0.0.1:0 -no-hooks -require-prefix tf-acc- >"$work/mock.out" 2>"$work/mock.err" &
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
echo "==> The standalone mock at $base, hooks off, stands in for Portkey"

# The mock's reads never lag: the provider's wait for a read that shows a
# write (which an import of nothing waits out) is the mock-mode tests' 3s,
# not the 30s Portkey gets.
PORTKEY_LIVE_API_KEY="$key" PORTKEY_LIVE_BASE_URL="$base" PORTKEY_READ_AFTER_WRITE_TIMEOUT=3s \
  TEST_TIMEOUT="${TEST_TIMEOUT:-15m}" ./scripts/testacc-live.sh

echo "==> Nothing left behind: the sweeper finds no tf-acc- object"
PORTKEY_LIVE_API_KEY="$key" PORTKEY_LIVE_BASE_URL="$base" "$work/portkey-sweep" -check | sed 's/^/    /'
