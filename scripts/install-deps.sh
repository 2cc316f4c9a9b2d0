#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian machine: the real peers the tests start
# (git daemon, gobgpd, BIRD, FRR, nginx, HAProxy), load generators for bench/, and NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(git openssl iproute2 gobgpd bird2 frr nginx haproxy wrk nghttp2-client curl procps)
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
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Packaged daemons must not run as system services: tests start their own on loopback.
    for svc in nginx haproxy frr bird gobgpd; do
      (command -v systemctl >/dev/null && systemctl stop "$svc" >/dev/null 2>&1) || true
      pkill -x "$svc" >/dev/null 2>&1 || true
    done
  fi
fi

dotnet restore GitGateway.sln --verbosity quiet
