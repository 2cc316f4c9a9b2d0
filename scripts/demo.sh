#!/usr/bin/env bash
# The main job on the embedded default: a local config repository seeded from examples/repo-layout, the
# control plane, one embedded proxy node and local echo backends, in one process. It prints its events (fetched,
# rendered, refused with file:line, applied to N nodes) and the commands that try each part; then this script
# tours them (HTTPS, the canary, gRPC, TCP, TLS passthrough, /metrics and /readyz, a refused commit and its
# rollback) with curl, git and openssl. Ctrl+C stops it and removes its temporary folder.
#   scripts/demo.sh               the demo and the tour, then it keeps running
#   scripts/demo.sh --no-tour     the demo only
#   scripts/demo.sh --self-check  commits a route, measures commit-to-serving, checks a refused commit, exits
# Other arguments go to `gitgateway demo` (e.g. --http-port, --https-port, --output json).
set -euo pipefail
cd "$(dirname "$0")/.."
tour=1
args=()
for a in "$@"; do
  case "$a" in
    --no-tour) tour=0 ;;
    --self-check) tour=0; args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done

echo "==> building gitgateway"
# artifacts/ is git-ignored; keeping the build there makes the second run fast.
dotnet build src/Reconciler -c Release --nologo -v quiet --artifacts-path artifacts/demo
cli=artifacts/demo/bin/Reconciler/release/gitgateway.dll

work=$(mktemp -d "${TMPDIR:-/tmp}/gitgateway-demo.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$tour" -eq 0 ]; then
  dotnet "$cli" demo --seed examples/repo-layout --dir "$work" "${args[@]}" &
  pid=$!
  wait "$pid"
  exit $?
fi

dotnet "$cli" demo --seed examples/repo-layout --dir "$work" "${args[@]}" &
pid=$!
for _ in $(seq 600); do
  [ -f "$work/demo.env" ] && break
  kill -0 "$pid" 2>/dev/null || { wait "$pid"; exit $?; }
  sleep 0.1
done
[ -f "$work/demo.env" ] || { echo "demo: not serving after 60 s" >&2; exit 1; }
# shellcheck source=/dev/null
. "$work/demo.env"
sleep 1 # let the banner print first

run() { printf '\n\033[1m$ %s\033[0m\n' "$1"; bash -c "$1" || true; }
git_demo="git -c user.name=demo -c user.email=demo@gitgateway.invalid"
store="curl -sk --resolve store.example.com:$GG_HTTPS:127.0.0.1"

echo
echo "==> the tour: each command as you would type it, and what it answered"
run "$store https://store.example.com:$GG_HTTPS/"
run "for i in \$(seq 40); do $store https://store.example.com:$GG_HTTPS/api/cart; done | grep -o '\"backend\":\"[^\"]*\"' | sort | uniq -c"
run "$store -H 'X-Canary: always' https://store.example.com:$GG_HTTPS/api/cart"
run "curl -sk --http2 --resolve pay.example.com:$GG_HTTPS:127.0.0.1 -H 'content-type: application/grpc' -H 'te: trailers' --data-binary '' https://pay.example.com:$GG_HTTPS/payments.v1.Payments/Charge"
run "curl -s http://127.0.0.1:$GG_TCP/"
run "curl -sk --resolve os.search.example.com:$GG_TLS:127.0.0.1 https://os.search.example.com:$GG_TLS/"
run "openssl s_client -connect 127.0.0.1:$GG_TLS -servername os.search.example.com </dev/null 2>/dev/null | grep '^subject'"
run "curl -s $GG_CONTROL/metrics | grep '^gitgateway_' | grep -v '_bucket'"
run "curl -s $GG_ADMIN/readyz; echo"
run "curl -s $GG_ADMIN/metrics | grep '^gitgateway_proxy_requests_total' | head -5"

echo
echo "==> a refused commit: the storefront pointed at a Service nobody has"
run "cd $GG_REPO && sed -i 's/name: store-web, port: 8080/name: no-such-service, port: 8080/' teams/store/routes/store-web.yaml && $git_demo commit -qam 'storefront to a service nobody has'"
sleep 3
run "curl -s -H 'Authorization: Bearer $GG_TOKEN' $GG_CONTROL/v1/status | grep -o '\"error\":\"[^\"]*\"' | head -1"
run "$store https://store.example.com:$GG_HTTPS/"

echo
echo "==> the rollback is git revert"
run "cd $GG_REPO && $git_demo revert --no-edit HEAD | head -1"
sleep 3
run "curl -s -H 'Authorization: Bearer $GG_TOKEN' $GG_CONTROL/v1/status | grep -o '\"error\":[^,]*' | head -1"

echo
echo "==> the demo keeps running: try the commands above, commit in $GG_REPO; Ctrl+C stops it."
wait "$pid"
