#!/usr/bin/env bash
# Renders 10,000 HTTPRoutes across 200 teams in repo layout (a fifth with regex paths, a quarter with header
# matches, 17% with route policies: bench/render/generate.py) and measures `gitgateway validate`, `gitgateway
# render` (JSON to a file) and `gitgateway plan` (base and head read from Git, one canary weight changed): CPU time
# (user + system, all threads), wall time and peak RSS of each process, each against the goal of issue #16. CPU time
# is what the goals are judged on, since the machine is shared and wall time moves with other people's builds;
# the load average is printed beside the figures. Process start (`gitgateway --version`) is measured and taken off
# validate. With BASE_CLI=/path/gitgateway.dll (or an apphost) an older build is measured the same way in the same
# run, as the peer of a before/after, and the output of `plan` (markdown and JSON) of both builds is compared, also on a branch
# with one change of each kind the review reports. GC=1 adds what the collector did in each command (bench/render/GcReport). PROFILE=1 adds the stage profile (bench/render/Profile: CPU, allocations and peak RSS per
# renderer stage). Figures go to bench/results/render-<UTC date>.json (OUT= chooses another file; see bench/compare.sh).
# The CLI measured is a self-contained linux-x64 publish with ReadyToRun code, as the image ships it; SHAPE=build
# measures the `dotnet build` output (IL, as the tests run it), CLI= a given apphost or .dll (or the Native AOT
# gitgateway-cli of src/Cli: it runs these commands as gitgateway does).
#   bench/render/run.sh [TEAMS] [ROUTES]
#   BASE_CLI=/tmp/old/bin/Reconciler/release/gitgateway.dll PROFILE=1 bench/render/run.sh
# The repository is generated in a temporary directory and removed afterwards; nothing is committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
HERE=$ROOT/bench/proxy
teams="${1:-200}"
routes="${2:-10000}"
ART=${ART:-/tmp/gitgateway-render-artifacts}
OUT=${OUT:-$ROOT/bench/results/render-$(date -u +%Y-%m-%d).json}
BENCH_NAME=gitgateway-render
# shellcheck source=../proxy/common.sh
source "$HERE/common.sh"
work=$DIR

python3 bench/render/generate.py "$work/repo" --teams "$teams" --routes "$routes"
echo "generated $routes HTTPRoutes across $teams teams: $(find "$work/repo" -name '*.yaml' | wc -l) files, $(du -sh "$work/repo" | cut -f1)"
g() { git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false "$@"; }
g init -q -b main && g add -A && g commit -q -m "generated routes"
g checkout -q -b canary
sed -i 's/weight: 90}/weight: 80}/; s/weight: 10}/weight: 20}/' "$work/repo/teams/team000/routes/route-00001.yaml"
g commit -q -am "one canary weight"
# A branch with one change of each kind the review reports, for comparing the review's output of two builds.
g checkout -q -b mixed main
r=$work/repo/teams
sed -i 's/weight: 100}/weight: 50}/; s/weight: 0}/weight: 50}/' "$r/team001/routes/route-00050.yaml"
sed -i 's/requestsPerSecond: 100/requestsPerSecond: 150/' "$r/team001/policies/route-00050-rate.yaml"
g rm -q teams/team002/routes/route-00101.yaml
sed 's/route-00150/route-new/; s#/r150/#/rnew/#g' "$r/team003/routes/route-00150.yaml" >"$r/team003/routes/route-new.yaml"
sed -i '1i # reformatted: comments only' "$r/team004/routes/route-00200.yaml"
g add -A && g commit -q -m "a weight, a policy, a route removed, one added, one file reformatted"
g checkout -q main

# The shape scripts/build-images.sh ships (ReadyToRun: src/Reconciler/Reconciler.csproj), started by its apphost.
SHAPE=${SHAPE:-publish}
case $SHAPE in
  publish) cli=${CLI:-$ART/publish/gitgateway/gitgateway} ;;
  build) cli=${CLI:-$ART/bin/Reconciler/release/gitgateway.dll} ;;
  *) echo "SHAPE must be publish or build" >&2; exit 2 ;;
esac
if [[ -z "${SKIP_BUILD:-}" && -z "${CLI:-}" && $SHAPE == publish ]]; then
  echo "publishing gitgateway as the image does (self-contained linux-x64, ReadyToRun)..." >&2
  rm -rf "$ART/publish/gitgateway"
  dotnet publish src/Reconciler -c Release -r linux-x64 --self-contained -o "$ART/publish/gitgateway" --nologo -v quiet \
    --artifacts-path "$ART/publish-obj" -p:CopyOutputSymbolsToPublishDirectory=false -p:GenerateDocumentationFile=false >/dev/null
elif [[ -z "${SKIP_BUILD:-}" && -z "${CLI:-}" ]]; then
  dotnet build src/Reconciler -c Release --nologo -v quiet --artifacts-path "$ART" >/dev/null
fi
[[ -n "${SKIP_BUILD:-}" || -z "${PROFILE:-}" ]] || dotnet build bench/render/Profile -c Release --nologo -v quiet --artifacts-path "$ART" >/dev/null
echo "measuring $cli${BASE_CLI:+ against $BASE_CLI}"

# run_cli CLI ARGS...: an apphost is run as it is, a .dll by dotnet.
run_cli() { local c=$1; shift; if [[ $c == *.dll ]]; then dotnet "$c" "$@"; else "$c" "$@"; fi; }

# measure LABEL DLL ARGS... -> prints a line; sets CPU (s), WALL (s), RSS (MiB)
measure() {
  local label="$1" dll="$2"; shift 2
  local status=0
  local exe=("$dll"); [[ $dll != *.dll ]] || exe=(dotnet "$dll")
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${exe[@]}" "$@" >"$work/out" 2>"$work/err" || status=$?
  read -r WALL user sys rss <"$work/time"
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  RSS=$((rss / 1024))
  printf '%-16s exit %d  CPU %6.2f s  wall %6.2f s  peak RSS %4d MiB  output %s bytes  (load %s)\n' \
    "$label" "$status" "$CPU" "$WALL" "$RSS" "$(wc -c <"$work/out")" "$(load_now)"
}

verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g ? "meets" : "MISSES") }'; }

run_all() { # prefix dll
  local p=$1 dll=$2
  measure "$p start" "$dll" --version; eval "${p}_start_cpu=$CPU"
  measure "$p validate" "$dll" validate "$work/repo"; eval "${p}_validate_cpu=$CPU ${p}_validate_wall=$WALL ${p}_validate_rss=$RSS"
  cp "$work/out" "$work/$p-validate.out"; cp "$work/err" "$work/$p-validate.err"
  measure "$p render" "$dll" render "$work/repo"; eval "${p}_render_cpu=$CPU ${p}_render_wall=$WALL ${p}_render_rss=$RSS"
  cp "$work/out" "$work/$p-render.json"
  measure "$p plan" "$dll" plan --repo "$work/repo" --base main --head canary; eval "${p}_plan_cpu=$CPU ${p}_plan_wall=$WALL ${p}_plan_rss=$RSS"
  grep -m1 ' /r1/api' "$work/out" || true
  cp "$work/out" "$work/$p-canary.md"
}

# With BASE_CLI: the review's output of both builds, markdown and JSON, for the canary and the mixed branch, and what
# the measured validate (stdout and stderr) and render printed.
same_output() {
  local h f status=0
  for h in mixed; do
    for f in markdown json; do
      run_cli "$BASE_CLI" plan --repo "$work/repo" --base main --head "$h" --output "$f" >"$work/base-$h.$f" || true
      run_cli "$cli" plan --repo "$work/repo" --base main --head "$h" --output "$f" >"$work/head-$h.$f" || true
    done
  done
  for f in canary.md mixed.markdown mixed.json validate.out validate.err render.json; do
    if cmp -s "$work/base-$f" "$work/head-$f"; then echo "  output ($f): identical, $(wc -c <"$work/head-$f") bytes"
    else echo "  output ($f): DIFFERS"; diff "$work/base-$f" "$work/head-$f" | head -20; status=1; fi
  done
  return $status
}

loads=$(load_now)
[[ -z "${BASE_CLI:-}" ]] || run_all base "$BASE_CLI"
run_all head "$cli"
loads="$loads-$(load_now)"
net=$(awk -v a="$head_validate_cpu" -v b="$head_start_cpu" 'BEGIN { printf "%.2f", a - b }')

echo
echo "issue #16 goals, judged on CPU time (load $loads):"
printf '  validate  %5.2f s CPU net of start (%s s)  goal <= 1 s      %s\n' "$net" "$head_start_cpu" "$(verdict "$net" 1)"
printf '  render    %5.2f s CPU, %4d MiB peak         goal <= 1 s, 512 MiB  %s, %s\n' "$head_render_cpu" "$head_render_rss" \
  "$(verdict "$head_render_cpu" 1)" "$(verdict "$head_render_rss" 512)"
printf '  plan      %5.2f s CPU, %4d MiB peak         goal <= 2 s, 512 MiB  %s, %s\n' "$head_plan_cpu" "$head_plan_rss" \
  "$(verdict "$head_plan_cpu" 2)" "$(verdict "$head_plan_rss" 512)"
if [[ -n "${BASE_CLI:-}" ]]; then
  for s in validate render plan; do
    b="base_${s}_cpu"; h="head_${s}_cpu"; br="base_${s}_rss"; hr="head_${s}_rss"
    printf '  %-8s this build / BASE_CLI: CPU %.2f, peak RSS %.2f\n' "$s" \
      "$(awk -v h="${!h}" -v b="${!b}" 'BEGIN { print h / b }')" "$(awk -v h="${!hr}" -v b="${!br}" 'BEGIN { print h / b }')"
  done
fi

if [[ -n "${BASE_CLI:-}" ]]; then
  echo; echo "output of this build against BASE_CLI's:"; same_output || true
fi

# GC=1: each command once more per build with bench/render/GcReport as a startup hook (collections per generation,
# pause, bytes promoted, gen2 at most; GITGATEWAY_GC_TIMELINE=1 adds one line per collection). Its listener costs a
# little CPU, so these runs are apart from the measured ones.
gc_report() { # label cli
  local hook="$ART/bin/GcReport/release/GitGateway.GcReport.dll" label=$1 c=$2 args
  for args in "validate $work/repo" "render $work/repo" "plan --repo $work/repo --base main --head canary"; do
    # shellcheck disable=SC2086 # the arguments are split on purpose
    printf '%-16s %s\n' "$label ${args%% *}" "$(DOTNET_STARTUP_HOOKS=$hook run_cli "$c" $args 2>&1 >/dev/null | grep -E '^(gc:|  )' || true)"
  done
}
if [[ -n "${GC:-}" ]]; then
  dotnet build bench/render/GcReport -c Release --nologo -v quiet --artifacts-path "$ART" >/dev/null
  echo; echo "the collector in each command (bench/render/GcReport):"
  [[ -z "${BASE_CLI:-}" ]] || gc_report base "$BASE_CLI"
  gc_report head "$cli"
fi

if [[ -n "${PROFILE:-}" ]]; then
  prof="$ART/bin/Render.Profile/release/GitGateway.Render.Bench.dll"
  echo; echo "stage profile of render (one process):"; dotnet "$prof" render "$work/repo" main
  echo; echo "load step split (another process, cold):"; dotnet "$prof" split "$work/repo" main
  echo; echo "plan (another process):"; dotnet "$prof" plan "$work/repo" main canary
fi

write_results render "$OUT" "$routes HTTPRoutes / $teams teams (generate.py), one run of each; CPU = user + system; CLI: $SHAPE" "$loads" <<FIGURES
start_cpu_s $head_start_cpu lower
validate_net_cpu_s $net lower
validate_cpu_s $head_validate_cpu lower
validate_wall_s $head_validate_wall lower
validate_rss_mib $head_validate_rss lower
render_cpu_s $head_render_cpu lower
render_wall_s $head_render_wall lower
render_rss_mib $head_render_rss lower
plan_cpu_s $head_plan_cpu lower
plan_wall_s $head_plan_wall lower
plan_rss_mib $head_plan_rss lower
FIGURES
