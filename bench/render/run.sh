#!/usr/bin/env bash
# Renders 10,000 HTTPRoutes across 200 teams in repo layout and prints wall time and peak memory of
# `gitgateway validate`, `gitgateway render` (the JSON written to /dev/null) and `gitgateway plan` (both
# revisions read from Git and rendered, one canary weight changed between them).
#   bench/render/run.sh [TEAMS] [ROUTES]
# The repository is generated in a temporary directory and removed afterwards; nothing is committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
teams="${1:-200}"
routes="${2:-10000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/render/generate.py "$work/repo" --teams "$teams" --routes "$routes"
echo "generated $routes HTTPRoutes across $teams teams: $(find "$work/repo" -name '*.yaml' | wc -l) files, $(du -sh "$work/repo" | cut -f1)"

dotnet build src/Reconciler -c Release --nologo -v quiet --artifacts-path "$work/art"
cli="$work/art/bin/Reconciler/release/gitgateway.dll"

measure() {
  local label="$1"; shift
  local log="$work/time.log"
  local status=0
  /usr/bin/time -v dotnet "$cli" "$@" >"$work/out" 2>"$log" || status=$?
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  printf '%-10s exit %d  wall %s  peak RSS %d MiB  output %s bytes\n' "$label" "$status" "$wall" $((rss / 1024)) "$(wc -c <"$work/out")"
}

measure validate validate "$work/repo"
measure render render "$work/repo"
measure render render "$work/repo"

g() { git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false "$@"; }
g init -q -b main && g add -A && g commit -q -m "generated routes"
g checkout -q -b canary
sed -i 's/weight: 90}/weight: 80}/; s/weight: 10}/weight: 20}/' "$work/repo/teams/team000/routes/route-00001.yaml"
g commit -q -am "one canary weight"
measure plan plan --repo "$work/repo" --base main --head canary
grep -m1 ' /r1/api: ' "$work/out" || true
