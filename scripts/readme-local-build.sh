#!/usr/bin/env bash
# Follows README.md's "Use a local build" section word for word, as a new user
# would: it runs every ```shell block of that section, in order. The block that
# is only `make mock` (the "second terminal") runs in the background; the others
# run in one shell, so that their exports and cd carry over, with "yes" for
# every question the CLI asks. The section's text is taken from the README at
# run time, so the README cannot drift from what this checks.
#
# Where it differs from a user's machine, and why:
# - HOME is a throwaway directory, so ~/.terraformrc, ~/portkey-try and the
#   installed binary in $(go env GOPATH)/bin are not the user's. Go's module
#   and build caches and settings stay the real ones (nothing is downloaded
#   again); GOBIN, TF_CLI_CONFIG_FILE and PORTKEY_* are unset, as in a fresh
#   shell.
# - The mock's address 127.0.0.1:8080 is replaced by a free loopback port, in
#   the commands and for `make mock` (its MOCK_ADDR), so that the check can run
#   beside a mock already listening on 8080.
# - When TF_ACC_TERRAFORM_PATH names a CLI (OpenTofu, say), `terraform` in the
#   commands runs that CLI, as the README tells OpenTofu users to do.
#
# Afterwards it checks that the mock saw the configuration created and
# destroyed. Needs Go, make, curl and Terraform (or OpenTofu).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
section="Use a local build"

fail() { echo "readme-local-build: $*" >&2; exit 1; }

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then
    kill -TERM -- "-$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Split the section's shell blocks into $work/block-N.sh, without the
# indentation of their opening fence.
awk -v section="## $section" -v dir="$work" '
  $0 == section { in_section = 1; next }
  in_section && /^## / { exit }
  !in_section { next }
  !in_block && /^ *```shell *$/ { in_block = 1; n++; match($0, /^ */); indent = RLENGTH; next }
  in_block && /^ *``` *$/ { in_block = 0; next }
  in_block { print substr($0, indent + 1) > (dir "/block-" n ".sh") }
' README.md
blocks=$(find "$work" -name 'block-*.sh' | wc -l)
[ "$blocks" -ge 3 ] || fail "README.md's \"$section\" section has $blocks shell blocks; expected the install, configure, mock and apply steps"

# A free loopback port for the mock.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || fail "found no free loopback port"

home="$work/home"
mkdir -p "$home"
export GOMODCACHE GOCACHE GOENV GOFLAGS GOPROXY GOTOOLCHAIN
GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) GOENV=$(go env GOENV)
GOFLAGS=$(go env GOFLAGS) GOPROXY=$(go env GOPROXY) GOTOOLCHAIN=$(go env GOTOOLCHAIN)
export HOME="$home" GOPATH="$home/go" MOCK_ADDR="127.0.0.1:$port" CHECKPOINT_DISABLE=1
unset GOBIN TF_CLI_CONFIG_FILE TF_PLUGIN_CACHE_DIR TF_DATA_DIR XDG_CONFIG_HOME PORTKEY_API_KEY PORTKEY_BASE_URL

# The section's commands as one script, echoed as they run. The `make mock`
# block becomes a call of second_terminal, which starts it in the background
# (in its own process group, for the cleanup) and waits until it answers.
main="$work/commands.sh"
{
  echo 'set -euo pipefail'
  if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
    printf 'terraform() { command %q "$@"; }\n' "$TF_ACC_TERRAFORM_PATH"
  fi
  cat <<SECOND
second_terminal() {
  echo "==> In a second terminal, in the background (on 127.0.0.1:$port instead of 8080): \$*"
  setsid "\$@" >"$work/mock.out" 2>"$work/mock.err" </dev/null &
  echo "\$!" >"$work/mock.pid"
  for _ in \$(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/__mock/counts" >/dev/null 2>&1 && return 0
    kill -0 "\$(cat "$work/mock.pid")" 2>/dev/null || { cat "$work/mock.out" "$work/mock.err" >&2; echo "\$* exited" >&2; return 1; }
    sleep 0.5
  done
  echo "\$* did not answer within 5 minutes" >&2
  return 1
}
SECOND
  echo 'set -v'
} >"$main"

mock_block=""
for n in $(seq 1 "$blocks"); do
  block="$work/block-$n.sh"
  if [ "$(tr -d '[:space:]' <"$block")" = "makemock" ]; then
    mock_block=$n
    echo "second_terminal make mock" >>"$main"
    continue
  fi
  sed "s/127\.0\.0\.1:8080/127.0.0.1:$port/g" "$block" >>"$main"
done
[ -n "$mock_block" ] || fail "README.md's \"$section\" section has no block that is just \`make mock\`"

echo "==> README.md's \"$section\", from the repository's root (commands echoed as they run):"
rc=0
{ yes yes || true; } | (cd "$root" && bash "$main") || rc=$?
if [ -f "$work/mock.pid" ]; then mock_pid=$(cat "$work/mock.pid"); fi
[ "$rc" -eq 0 ] || fail "a command of README.md's \"$section\" section failed (exit code $rc; its output is above)"

counts=$(curl -fsS "http://127.0.0.1:$port/__mock/counts")
for route in '"POST /admin/workspaces"' '"POST /api-keys/{type}/{subtype}"' '"DELETE /admin/workspaces/{id}"'; do
  case $counts in
    *"$route"*) ;;
    *) fail "the mock never answered $route: the configuration did not go through the local build and the mock (counts: $counts)" ;;
  esac
done
echo "==> README.md's \"$section\" section works as written: the mock created and destroyed the team's objects."
