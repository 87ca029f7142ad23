#!/usr/bin/env bash
# make demo: try the provider end to end without a Portkey account.
#
# Builds the provider and the mock Admin API, starts the mock on a free
# loopback port, points the CLI at the local build through a temporary CLI
# configuration (dev_overrides), applies examples/demo, checks that a second
# plan is empty, shows how many requests that plan made, destroys (and shows
# the organisation's default guardrails cleared), and stops the mock. Needs
# only Go and Terraform (or OpenTofu).
#
# Each step is numbered; when one fails, the last line names it and its exit
# code, after the output of the command that failed.
#
# Environment:
#   TF_ACC_TERRAFORM_PATH  the CLI to use (the variable the acceptance tests
#                          read); default: terraform on PATH. The provider's
#                          registry host follows the CLI: registry.opentofu.org
#                          for OpenTofu, registry.terraform.io for Terraform.
#   DEMO_DIR               the configuration to apply, with its seed.json for
#                          the mock; default: examples/demo.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

steps=6
step_no=0
step_name="start"
started=$SECONDS

# step announces the next step; fail and the ERR trap name it when it fails.
step() {
  step_no=$((step_no + 1))
  step_name=$1
  echo "==> [$step_no/$steps] $step_name"
}
fail() {
  echo "demo: step $step_no/$steps \"$step_name\" failed: $*" >&2
  exit 1
}
trap 'rc=$?; echo "demo: step $step_no/$steps \"$step_name\" failed (exit code $rc) at line $LINENO of scripts/demo.sh" >&2; exit $rc' ERR

export CHECKPOINT_DISABLE=1 # no version check over the network
cli=${TF_ACC_TERRAFORM_PATH:-terraform}
command -v "$cli" >/dev/null || fail "$cli is not on PATH (Terraform >= 1.11 or OpenTofu >= 1.10 is needed; TF_ACC_TERRAFORM_PATH may name it)"
cli_version=$("$cli" version 2>/dev/null) || fail "$cli version exited with an error"
cli_version=$(grep -m1 -E '^(OpenTofu|Terraform) v' <<<"$cli_version") || fail "$cli version does not say whether it is Terraform or OpenTofu"
case $cli_version in
  OpenTofu*) cli_name=tofu host=registry.opentofu.org ;;
  *) cli_name=terraform host=registry.terraform.io ;;
esac
config=${DEMO_DIR:-examples/demo}
[ -f "$config/main.tf" ] || fail "$config/main.tf does not exist (DEMO_DIR names the configuration to apply)"
config=$(cd "$config" && pwd)

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# filter_cli prints a CLI output file without the warning that a development
# override is in use (expected here) and without blank lines.
filter_cli() {
  awk '/^Warning: Provider development overrides are in effect/ { skip = 1 }
       skip { if (/releases\.$/) skip = 0; next }
       NF' "$1"
}

step "Build the provider and the mock Admin API"
echo "    $cli_version, provider address $host/seed-4a8a86ef/portkey"
total=$(go list -deps . ./internal/mockserver/cmd/portkey-mock | sort -u | wc -l)
echo "    From an empty Go build cache this compiles about $total packages (5 to 7 minutes"
echo "    on 2 cores, depending on their load); afterwards it takes seconds."
scripts/go-build-progress.sh "$total" -o "$work/bin/" . ./internal/mockserver/cmd/portkey-mock ||
  fail "go build exited with an error (its errors are above)"

step "Start the mock Admin API"
export PORTKEY_API_KEY="demo-admin-key"
seed=()
if [ -f "$config/seed.json" ]; then seed=(-seed "$config/seed.json"); fi
"$work/bin/portkey-mock" -addr 127.0.0.1:0 -api-key "$PORTKEY_API_KEY" "${seed[@]}" >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^PORTKEY_BASE_URL=' "$work/mock.out" 2>/dev/null && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.err" >&2; mock_pid=""; fail "the mock exited (its errors are above)"; }
  sleep 0.1
done
line=$(grep -m1 '^PORTKEY_BASE_URL=' "$work/mock.out") || fail "the mock did not report its address within 10 seconds"
export PORTKEY_BASE_URL="${line#PORTKEY_BASE_URL=}"
mock_url="${PORTKEY_BASE_URL%/v1}"
echo "    mock Admin API at $PORTKEY_BASE_URL"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "$host/seed-4a8a86ef/portkey" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
cp -R "$config" "$work/config"
cd "$work/config"

step "$cli_name apply"
rc=0
"$cli" apply -auto-approve -input=false -no-color >"$work/apply.txt" 2>&1 || rc=$?
filter_cli "$work/apply.txt"
[ "$rc" -eq 0 ] || fail "$cli_name apply exited with code $rc (its output is above)"

step "$cli_name plan (must report no changes)"
curl -fsS -X DELETE "$mock_url/__mock/requests" >/dev/null
rc=0
"$cli" plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" 2>&1 || rc=$?
case $rc in
  0) ;;
  2) filter_cli "$work/plan.txt"; fail "the plan after apply is not empty: it would make the changes above" ;;
  *) filter_cli "$work/plan.txt"; fail "$cli_name plan exited with code $rc (its output is above)" ;;
esac
echo "    No changes. Requests made by that plan, per route:"
curl -fsS "$mock_url/__mock/counts" | sed -e 's/^{//' -e 's/}$//' -e 's/,"/\n"/g' | sed 's/^/      /'
echo
managed=$("$cli" state list | grep -cv '^data\.' || true)
echo "    managed resources in state: $managed"

step "$cli_name destroy"
rc=0
"$cli" destroy -auto-approve -input=false -no-color >"$work/destroy.txt" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then filter_cli "$work/destroy.txt"; fail "$cli_name destroy exited with code $rc (its output is above)"; fi
tail -n 1 "$work/destroy.txt"
echo "    organisation defaults after destroy (cleared; the organisation itself stays):"
curl -fsS -H "x-portkey-api-key: $PORTKEY_API_KEY" "$PORTKEY_BASE_URL/admin/organisation/defaults" | sed 's/^/      /'

step "Stop the mock Admin API"
kill "$mock_pid"
wait "$mock_pid" 2>/dev/null || true
mock_pid=""
cd "$root"
echo "==> Demo finished in $((SECONDS - started))s: apply, an empty plan, destroy."
