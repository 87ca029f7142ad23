#!/usr/bin/env bash
# make testacc-live: the acceptance tests in live mode, against the
# organisation of PORTKEY_LIVE_API_KEY (at PORTKEY_LIVE_BASE_URL, default
# https://api.portkey.ai/v1), and the read-only live contract test of the
# client. The tests create and delete tf-acc-* objects there; the ones that
# need the mock's hooks or faults skip, naming what they need. It ends with
# how many acceptance tests passed and skipped.
#
#   LIVE_RUN        the -run pattern (default: every acceptance test)
#   LIVE_GOFLAGS    extra go test flags, such as -race or -parallel 4
#   TEST_TIMEOUT    go test -timeout (default 60m: Portkey is slower than a mock)
#   LIVE_LOG        a file to copy the go test -v output to
#
# The key reaches the tests only through the environment: never the
# command line, the configurations they write, or this script's output.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PORTKEY_LIVE_API_KEY:-}" ]; then
  cat >&2 <<'MSG'
testacc-live: PORTKEY_LIVE_API_KEY is not set.
  Set it to an organisation Admin API key of an organisation you may test in (and
  PORTKEY_LIVE_BASE_URL for a control plane other than https://api.portkey.ai/v1).
  The tests create and delete workspaces, user invites and API keys named tf-acc-*
  there; make sweep-live removes any a failed run leaves behind. CI never sets it.
MSG
  exit 2
fi
tf=${TF_ACC_TERRAFORM_PATH:-terraform}
command -v "$tf" >/dev/null || { echo "testacc-live: $tf is not on PATH (Terraform >= 1.11 is needed)" >&2; exit 1; }

run_pattern=${LIVE_RUN:-^TestAcc}
timeout=${TEST_TIMEOUT:-60m}
base=${PORTKEY_LIVE_BASE_URL:-https://api.portkey.ai/v1}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "==> Acceptance tests in live mode against $base"
start=$SECONDS
set +e
# shellcheck disable=SC2086 # LIVE_GOFLAGS holds several flags
TF_ACC=1 go test ${LIVE_GOFLAGS:-} -count=1 -timeout "$timeout" -v -run "$run_pattern" ./internal/provider >"$out" 2>&1
rc=$?
set -e
elapsed=$((SECONDS - start))
if [ -n "${LIVE_LOG:-}" ]; then cp "$out" "$LIVE_LOG"; fi

# The verdicts of the top-level tests (a subtest's line is indented).
passed=$(grep -cE '^--- PASS: TestAcc' "$out" || true)
skipped=$(grep -cE '^--- SKIP: TestAcc' "$out" || true)
failed=$(grep -cE '^--- FAIL: TestAcc' "$out" || true)
if [ "$rc" -ne 0 ]; then
  grep -E '^(--- FAIL|FAIL|panic)' -A30 "$out" >&2 || tail -40 "$out" >&2
fi
echo "    top-level acceptance tests: $passed passed, $skipped skipped (they need the mock), $failed failed, in ${elapsed}s"
if [ "$rc" -ne 0 ]; then
  echo "testacc-live: the acceptance tests failed in live mode; make sweep-live removes what they left behind" >&2
  exit 1
fi
if [ "$passed" -eq 0 ]; then
  echo "testacc-live: no acceptance test ran in live mode (LIVE_RUN=$run_pattern)" >&2
  exit 1
fi

echo "==> The client's read-only live contract test"
TF_ACC=1 go test -count=1 -timeout "$timeout" -run '^TestLiveContract' ./internal/client
