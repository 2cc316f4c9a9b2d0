#!/usr/bin/env bash
# Installs what one entry point needs on a fresh Debian machine, and nothing more:
#   scripts/install-deps.sh demo         git, curl and openssl (the demo and its tour)
#   scripts/install-deps.sh walkthrough  git, curl
#   scripts/install-deps.sh test         the real peers the tests start (git daemon, gobgpd, BIRD, FRR, nginx,
#                                        HAProxy), load generators for bench/, umoci (the image tests build the
#                                        images of scripts/build-images.sh), the Prometheus project's Python
#                                        client (its exposition parser reads the node's /metrics in a test),
#                                        and what the demo needs
# then restores NuGet packages. Packaged daemons are kept from starting while they install (policy-rc.d), so
# there is nothing to stop afterwards: this script never stops a process, least of all one it did not start.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-test}" in
  demo) packages=(git curl openssl ca-certificates) ;;
  walkthrough) packages=(git curl) ;;
  test) packages=(git openssl iproute2 gobgpd bird2 frr nginx haproxy wrk nghttp2-client curl procps umoci python3-prometheus-client) ;;
  *) echo "usage: scripts/install-deps.sh demo|walkthrough|test" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages (${missing[*]}); run as root or: sudo apt-get install ${missing[*]}" >&2
  else
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Tests start their own daemons on loopback; the packaged services must not start (exit 101 = "not allowed").
    policy=/usr/sbin/policy-rc.d
    added_policy=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && added_policy=1
    fi
    trap 'if [ "$added_policy" -eq 1 ]; then rm -f "$policy"; fi' EXIT
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

dotnet restore GitGateway.sln --verbosity quiet
