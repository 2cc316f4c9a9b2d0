#!/usr/bin/env bash
# The two entry points of the README:
#   ./run.sh demo   the main job on the embedded default (a local repo, an embedded proxy node)
#   ./run.sh test   every test, after installing what the tests need
#   ./run.sh walkthrough   the pull-request side without servers: validate, codeowners, plan diff, render
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "${1:-}" in
  test)
    shift
    scripts/install-deps.sh test
    exec scripts/test.sh "$@"
    ;;
  demo)
    shift
    scripts/install-deps.sh demo
    exec scripts/demo.sh "$@"
    ;;
  walkthrough)
    shift
    scripts/install-deps.sh walkthrough
    exec scripts/walkthrough.sh "$@"
    ;;
  *)
    echo "usage: ./run.sh demo | ./run.sh test | ./run.sh walkthrough" >&2
    exit 2
    ;;
esac
