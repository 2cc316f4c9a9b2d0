#!/usr/bin/env bash
# The long fuzzing run of issue 11 (point 6): the same CsCheck properties the Proxy tests run briefly, with
# ITERATIONS cases each (default 10^6): the HTTP/1.1 response head parser and chunked decoder, and the plan loader.
# The forwarder-over-a-real-socket and plan-apply properties take their count from the same variable; they are
# slower (a real request or a plan compile per case), so they are left out unless WITH_NODE=1.
# A failure prints its CsCheck seed: re-run with CsCheck_Seed=<seed> and keep the input as a case in the test file.
set -euo pipefail
cd "$(dirname "$0")/../.."
ITERATIONS="${ITERATIONS:-1000000}"
filter='FullyQualifiedName~Http1ResponseFuzzTests.HeadParser|FullyQualifiedName~Http1ResponseFuzzTests.ChunkedDecoder|FullyQualifiedName~PlanLoaderFuzzTests.Parse_Mutated'
if [[ "${WITH_NODE:-0}" == 1 ]]; then
  filter='FullyQualifiedName~FuzzTests'
fi
dotnet build tests/Proxy.Tests -c Release -v q --nologo
GITGATEWAY_FUZZ_ITERATIONS="$ITERATIONS" dotnet test tests/Proxy.Tests -c Release --no-build --filter "$filter" \
  -- xUnit.MaxParallelThreads=1
