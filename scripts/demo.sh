#!/usr/bin/env bash
# The main job on the embedded default. Until the reconciler loop lands this renders the example repository.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/Reconciler -c Release -- render examples/repo-layout --output table
