#!/usr/bin/env bash
# Merge-to-serving as the image ships the control plane: a self-contained linux-x64 publish of this bench with
# ReadyToRun code for every assembly (ours and the packages', cross-module inlining on), as scripts/build-images.sh
# publishes src/Reconciler, whose `serve` embeds its nodes in the same process as the bench does. Runtime settings are
# the bench's project's (workstation GC, TieredPGO false, the 1 s tier-1 delay), which are src/Reconciler's.
#
#   bench/reconciler/run.sh [routes...]             # publish, then run (default sizes: 10 3000)
#   ROUNDS=20 NO_RESULTS=1 bench/reconciler/run.sh 3000
#   SHAPE=build bench/reconciler/run.sh 3000        # the IL of `dotnet build` instead (what `dotnet run` measures)
#   SRC=/path/to/other/worktree ART=/tmp/other bench/reconciler/run.sh 3000   # an older build, the same shape
#   SKIP_BUILD=1 ...                                 # run what ART already holds
#
# ROUNDS, WARMUP, OUT and NO_RESULTS are the bench's own (Program.cs). The run's CPU (user + system of the process
# and its git children), its peak RSS and the load average at its start are printed after it.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SRC=${SRC:-$ROOT}
ART=${ART:-/tmp/gitgateway-reconciler-bench}
SHAPE=${SHAPE:-publish}

case $SHAPE in
  publish) exe=("$ART/publish/GitGateway.Reconciler.Bench") ;;
  build) exe=(dotnet "$ART/bin/Reconciler.Bench/release/GitGateway.Reconciler.Bench.dll") ;;
  *) echo "SHAPE must be publish or build" >&2; exit 2 ;;
esac

if [[ -z "${SKIP_BUILD:-}" && $SHAPE == publish ]]; then
  echo "publishing the bench from $SRC (self-contained linux-x64, ReadyToRun)..." >&2
  rm -rf "$ART/publish"
  dotnet publish "$SRC/bench/reconciler" -c Release -r linux-x64 --self-contained -o "$ART/publish" --nologo -v quiet \
    --artifacts-path "$ART/publish-obj" -p:PublishReadyToRun=true '-p:PublishReadyToRunCrossgen2ExtraArgs=--opt-cross-module:*' \
    -p:CopyOutputSymbolsToPublishDirectory=false -p:GenerateDocumentationFile=false >/dev/null
elif [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "building the bench from $SRC (IL)..." >&2
  dotnet build "$SRC/bench/reconciler" -c Release --nologo -v quiet --artifacts-path "$ART" >/dev/null
fi

# The bench finds examples/ and bench/results from its own folder upwards, else from the current one: the source tree's.
cd "$SRC"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f 'run: CPU %U s user + %S s system, peak RSS %M KiB, wall %e s' "${exe[@]}" "$@"
