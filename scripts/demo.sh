#!/usr/bin/env bash
# The main job on the embedded default: a local config repository seeded from examples/repo-layout, the
# control plane, one embedded proxy node and local echo backends, in one process. It prints what to curl;
# a commit to the local repository changes live routing within about a second. Ctrl+C stops it.
# Arguments go to `gitgateway demo` (e.g. --self-check commits a route, measures commit-to-serving and exits).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> building gitgateway"
# artifacts/ is git-ignored; keeping the build there makes the second run fast.
dotnet build src/Reconciler -c Release --nologo -v quiet --artifacts-path artifacts/demo
exec dotnet artifacts/demo/bin/Reconciler/release/gitgateway.dll demo --seed examples/repo-layout "$@"
