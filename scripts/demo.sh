#!/usr/bin/env bash
# make demo: try the provider end to end without a Portkey account.
#
# Builds the provider and the mock Admin API, starts the mock on a free
# loopback port, points Terraform at the local build through a temporary CLI
# configuration (dev_overrides), applies examples/demo, checks that a second
# plan is empty, shows how many requests that plan made, destroys (and shows
# the organisation's default guardrails cleared), and stops the mock. Needs
# only Go and Terraform.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

command -v terraform >/dev/null || { echo "demo: terraform is not on PATH (Terraform >= 1.11 is needed)" >&2; exit 1; }

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> Building the provider and the mock Admin API"
go build -o "$work/bin/terraform-provider-portkey" .
go build -o "$work/portkey-mock" ./internal/mockserver/cmd/portkey-mock

export PORTKEY_API_KEY="demo-admin-key"
"$work/portkey-mock" -addr 127.0.0.1:0 -api-key "$PORTKEY_API_KEY" -seed examples/demo/seed.json >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^PORTKEY_BASE_URL=' "$work/mock.out" 2>/dev/null && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.err" >&2; echo "demo: the mock did not start" >&2; exit 1; }
  sleep 0.1
done
line=$(grep -m1 '^PORTKEY_BASE_URL=' "$work/mock.out") || { echo "demo: the mock did not report its address" >&2; exit 1; }
export PORTKEY_BASE_URL="${line#PORTKEY_BASE_URL=}"
mock_url="${PORTKEY_BASE_URL%/v1}"
echo "    mock Admin API at $PORTKEY_BASE_URL"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/seed-4a8a86ef/portkey" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1

cp -R examples/demo "$work/config"
cd "$work/config"

echo "==> terraform apply"
terraform apply -auto-approve -input=false -no-color 2>&1 | grep -v -e '^ *- seed-4a8a86ef/portkey in' -e 'development overrides' -e 'may not be compatible' -e 'published releases' -e '^$' || true
test "${PIPESTATUS[0]}" -eq 0 || { echo "demo: apply failed" >&2; exit 1; }

echo "==> terraform output"
terraform output -no-color

echo "==> terraform plan (must report no changes)"
curl -fsS -X DELETE "$mock_url/__mock/requests" >/dev/null
set +e
terraform plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" 2>&1
plan_rc=$?
set -e
if [ "$plan_rc" -ne 0 ]; then
  cat "$work/plan.txt"
  echo "demo: the second plan is not empty (exit code $plan_rc)" >&2
  exit 1
fi
echo "    No changes. Requests made by that plan, per route:"
curl -fsS "$mock_url/__mock/counts" | sed -e 's/^{//' -e 's/}$//' -e 's/,"/\n"/g' | sed 's/^/      /'

managed=$(terraform state list | grep -cv '^data\.' || true)
echo "    managed resources in state: $managed"

echo "==> terraform destroy"
terraform destroy -auto-approve -input=false -no-color >"$work/destroy.txt" 2>&1 || { cat "$work/destroy.txt"; echo "demo: destroy failed" >&2; exit 1; }
tail -n 1 "$work/destroy.txt"
echo "    organisation defaults after destroy (cleared; the organisation itself stays):"
curl -fsS -H "x-portkey-api-key: $PORTKEY_API_KEY" "$PORTKEY_BASE_URL/admin/organisation/defaults" | sed 's/^/      /'
cd "$root"
echo "==> Demo finished: apply, an empty plan, destroy."
