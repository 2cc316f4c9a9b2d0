#!/usr/bin/env bash
# Regenerates docs/conformance/report.yaml, the upstream ConformanceReport, from a full run of
# tests/Conformance.Tests: every in-scope case's status expectations and traffic. Without CONFORMANCE_REPORT the
# same run compares its report with the committed one (date left out) and fails when they differ.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Conformance.Tests -c Release --nologo -v quiet
CONFORMANCE_REPORT="$(pwd)/docs/conformance/report.yaml" dotnet test tests/Conformance.Tests -c Release --no-build
git --no-pager diff --stat -- docs/conformance/report.yaml
