#!/usr/bin/env bash
# Builds once, runs every test project, and prints one closing line "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build GitGateway.sln -c Release --nologo -v quiet || exit 1
# One test project at a time: several start real daemons, proxies and namespaces, and on a 2-core machine
# running them side by side starves them (timeouts that are not bugs) and races them for free ports.
status=0
# A test still running after 10 minutes is a hang: its project's test host is stopped with a dump naming the test
# (the longest test, the image build, takes under 3 minutes on an idle 2-core machine).
for project in tests/*.Tests/*.Tests.csproj; do
  dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 10m \
    --logger "trx" --results-directory "$results" "$@" | tee -a "$results/console.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("total", 0)) - int(c.get("passed", 0)) - int(c.get("failed", 0)) - int(c.get("error", 0)) - int(c.get("timeout", 0)) - int(c.get("aborted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
