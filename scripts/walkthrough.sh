#!/usr/bin/env bash
# A walkthrough of the review side, without servers: what a team's
# pull request looks like: a config repository seeded from examples/repo-layout, a branch that shifts the
# store API canary from 90/10 to 50/50, the plan diff GitGateway would post on the pull request, the
# routing table of the branch, and its rollback by git revert after the merge; then a refused change (a team
# claiming and routing another team's hostname) with its file:line errors; the store team's ingress-nginx
# Ingress converted into its folder (gitgateway import ingress); and drift as a person sees it
# (gitgateway status against the embedded control plane of gitgateway demo: in sync, a node behind, caught up).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
demo_pid=""
trap '[ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

echo "==> building gitgateway"
# artifacts/ is git-ignored; keeping the build there makes the second run fast.
dotnet build src/Reconciler -c Release --nologo -v quiet --artifacts-path artifacts/demo
cli="$(pwd)/artifacts/demo/bin/Reconciler/release/gitgateway.dll"
gitgateway() { dotnet "$cli" "$@"; }

repo="$work/config"
echo "==> a config repository seeded from examples/repo-layout at $repo"
mkdir -p "$repo"
cp -R examples/repo-layout/. "$repo/"
git() { command git -C "$repo" -c user.name="GitGateway demo" -c user.email=demo@example.com -c commit.gpgsign=false "$@"; }
git init -q -b main
git add -A
git commit -q -m "platform and teams: initial routing"

echo "==> gitgateway validate (what CI runs on every push)"
gitgateway validate "$repo"

echo "==> gitgateway codeowners (review by path, enforced by the code host)"
gitgateway codeowners "$repo"

echo "==> the store team shifts its API canary from 90/10 to 50/50 on a branch"
git checkout -q -b store/canary-50
sed -i.bak -e 's/store-api-v1, port: 8080, weight: 90/store-api-v1, port: 8080, weight: 50/' \
           -e 's/store-api-v2, port: 8080, weight: 10/store-api-v2, port: 8080, weight: 50/' \
           "$repo/teams/store/routes/store-api.yaml"
rm -f "$repo/teams/store/routes/store-api.yaml.bak"
# The team's routing test states the split; it moves with it (a failing routing test fails the plan).
sed -i.bak -e 's#store/store-api-v1:8080: 90, store/store-api-v2:8080: 10#store/store-api-v1:8080: 50, store/store-api-v2:8080: 50#' \
           "$repo/teams/store/tests/routing.yaml"
rm -f "$repo/teams/store/tests/routing.yaml.bak"
git commit -q -am "store: move the API canary to 50/50"
git diff main --stat

echo
echo "==> gitgateway plan --base main --head store/canary-50 (the pull-request comment)"
echo
gitgateway plan --repo "$repo" --base main --head store/canary-50

echo
echo "==> gitgateway render --output table (what the proxies will serve from the branch)"
git checkout -q store/canary-50
gitgateway render "$repo" --output table

echo
echo "==> merged, then rolled back with git revert: against the state before the merge, no change to traffic"
git checkout -q main
git merge -q --no-ff -m "Merge store/canary-50" store/canary-50
git revert --no-edit -m 1 HEAD >/dev/null
git log --oneline -3
gitgateway plan --repo "$repo" --base main~2 --head main
echo
echo "==> a refused change: the search team claims *.example.com and routes store.example.com/steal"
git checkout -q main
git checkout -q -b search/steal
sed -i.bak -e 's#hostnames: \["search.example.com", "\*.search.example.com"\]#hostnames: ["search.example.com", "*.search.example.com", "*.example.com"]#' \
           "$repo/teams/search/team.yaml"
rm -f "$repo/teams/search/team.yaml.bak"
cat > "$repo/teams/search/routes/steal.yaml" <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: steal, namespace: search}
spec:
  parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
  hostnames: [store.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /steal}}]
    backendRefs: [{name: search-api, port: 8080}]
YAML
git add -A
git commit -q -m "search: also serve store.example.com/steal"
echo "==> gitgateway validate: each error names the file:line of both claims"
if gitgateway validate "$repo"; then
  echo "walkthrough: the stolen hostname was not refused" >&2
  exit 1
fi
echo
echo "==> gitgateway plan --base main --head search/steal: ❌, the claim change first, exit 1 (the check fails, nothing is applied)"
set +e
gitgateway plan --repo "$repo" --base main --head search/steal
status=$?
set -e
echo "(exit $status)"
[ "$status" -eq 1 ]


echo
echo "==> gitgateway import ingress: the store team's ingress-nginx Ingress (examples/ingress) into teams/store/"
git checkout -q main
git checkout -q -b store/from-ingress
gitgateway import ingress examples/ingress/legacy-store.yaml --team store --out "$repo"
git add -A
git status --short
echo "==> gitgateway validate: the converted routes render with the rest of the repository"
gitgateway validate "$repo"

echo
echo "==> drift: gitgateway demo runs the control plane and one node; gitgateway status shows them"
demo_dir="$work/demo"
# Started without the gitgateway function, so $! is the demo process itself and the exit trap stops it (through a
# function, $! is a subshell and the demo would outlive the walkthrough).
dotnet "$cli" demo --dir "$demo_dir" >"$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do
  [ -f "$demo_dir/demo.env" ] && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log" >&2; exit 1; }
  sleep 0.1
done
# shellcheck disable=SC1091
. "$demo_dir/demo.env"
export GITGATEWAY_NODE_TOKEN="$GG_TOKEN"
gitgateway status --control-plane "$GG_CONTROL"
applied=$(gitgateway status --control-plane "$GG_CONTROL" --output json | sed -n 's/^  "planHash": "\(sha256:[0-9a-f]*\)",$/\1/p')
[ -n "$applied" ]

echo
echo "==> node edge-b missed the last merge: it reports the older plan it still serves (curl stands in for the"
echo "    node's report, which a node sends every 2 s); gitgateway status exits 3 and names it"
report() {
  curl -sf -X POST -H "Authorization: Bearer $GG_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"planHash\":\"$1\",\"accepted\":true,\"ready\":true,\"serving\":\"$1\"}" "$GG_CONTROL/v1/nodes/edge-b/report"
}
report "sha256:0000000000000000000000000000000000000000000000000000000000000000"
set +e
gitgateway status --control-plane "$GG_CONTROL"
status=$?
set -e
echo "(exit $status)"
[ "$status" -eq 3 ]

echo
echo "==> edge-b takes the plan (a real node gets it on its next long-poll, or the control plane re-sends it): in sync"
report "$applied"
gitgateway status --control-plane "$GG_CONTROL"

echo
echo "Done. examples/repo-layout is the reference layout; the README explains it and every command used here."
