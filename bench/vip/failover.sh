#!/usr/bin/env bash
# Failover and health-gating latencies of the VIP announcer (needs root, bird2, gobgpd).
# Repeats the failover test RUNS times (default 5) and prints every measured time:
#   failover after silent link loss: two gitgateway-vip in two namespaces, BIRD with BFD 300 ms x 3 in a third;
#     the preferred announcer's address disappears (carrier stays up, so only BFD can tell); time until the
#     router's primary route is the other announcer's.
#   failover after link down: the same with the veth set down (the router sees the carrier drop).
#   announce after ready / withdraw after not-ready, in process: readiness flips to the UPDATE on the wire
#     (a raw socket peer), 20 flips; and end to end: gitgateway-vip polling a /readyz every 50 ms, gobgpd's RIB
#     polled with the gobgp CLI (so the numbers include both polls).
set -euo pipefail
cd "$(dirname "$0")/../.."
export GG_FAILOVER_RUNS="${RUNS:-5}"
dotnet test tests/Vip.Tests -c Release --nologo --logger "console;verbosity=detailed" \
  --filter "FullyQualifiedName~FailoverTests|FullyQualifiedName~VipHost_ReadyzServesPlanRevision|FullyQualifiedName~Announcer_ReadinessFlips" 2>&1 \
  | grep -E "failover after|announce after|withdraw after" | grep -v '^\[xUnit' | sed 's/^ *//' | sort | uniq -c
