#!/usr/bin/env bash
# Where one proxy build spends its CPU under wrk (TOOL=h2load: h2load over h2c), by the node's own steps: runs the node (Release dll) in front of the
# nginx backend, samples it with perf (cpu-clock, call graphs, JIT symbols from the runtime's perf map) while wrk
# drives it, and prints for each pattern the share of the process's samples whose stack holds a frame matching it
# (inclusive: the step and everything it calls). Shares are ratios within one process, so load from elsewhere on
# the box disturbs them far less than requests/s or CPU per request.
#
#   bench/proxy/profile.sh /tmp/new/gitgateway-proxy.dll RequestHeaderHygiene::Apply PathNormalizer:: AddForwarded
#
# TOP=N also prints the N frames with the most samples of their own (self time, the leaf of each stack).
# HEADERS=browser sends eight request headers a browser sends (User-Agent, Accept, Cookie, sec-ch-ua, ...) instead
# of wrk's Host alone (wrk only). TOOL=h2load drives it with h2load -c64 -t2 -m10 over h2c. DURATION (15s), WARMUP (15s), ROUTES (10), BASE_PORT (29600), ART adjust it. Needs perf.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-15s}
ROUTES=${ROUTES:-10}
HEADERS=${HEADERS:-}
TOP=${TOP:-0}
TOOL=${TOOL:-wrk}
[[ $TOOL == wrk || $TOOL == h2load ]] || { echo "TOOL is wrk or h2load" >&2; exit 2; }
ART=${ART:-/tmp/gitgateway-bench-artifacts}
BASE_PORT=${BASE_PORT:-29600}
BACKEND_PORT=$((BASE_PORT + 1)); PORT=$((BASE_PORT + 10)); ADMIN=$((BASE_PORT + 11))
NGINX_PORT=; NGINX_H2_PORT=; HAPROXY_PORT=; HAPROXY_H2_PORT= # common.sh renders them; only the backend runs here
[[ $# -gt 1 ]] || { sed -n '2,12p' "$0" >&2; exit 2; }
DLL=$1; shift

BENCH_NAME=gitgateway-profile
# shellcheck source=common.sh
source "$HERE/common.sh"

start_backend
# W^X off so that perf sees JIT-compiled code at the addresses the perf map names.
start_node "$DLL" "$PORT" "$ADMIN" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
NODE=${PIDS[-1]}

WRK_HEADERS=()
if [[ $HEADERS == browser ]]; then
  WRK_HEADERS=(-H "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    -H "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" -H "Accept-Language: en-GB,en;q=0.5"
    -H "Accept-Encoding: gzip, deflate, br" -H "Cookie: session=3f9a1c2e7b; theme=dark"
    -H 'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"' -H "Referer: https://shop.example/cart"
    -H "X-Request-Id: 0f8e2d4c-1b3a-4c5d-9e7f-123456789abc")
fi
URL="http://127.0.0.1:$PORT/bench/$((ROUTES / 2))"
drive() { # seconds -> the tool's output
  if [[ $TOOL == h2load ]]; then h2load -c 64 -t 2 -m 10 -D "${1%s}" "$URL" 2>&1
  else wrk -t2 -c64 -d"$1" "${WRK_HEADERS[@]}" "$URL"; fi
}
drive "$WARMUP" >/dev/null
perf record -F 1999 -e cpu-clock -g -p "$NODE" -o "$DIR/perf.data" -- sleep "${DURATION%s}" >/dev/null 2>&1 &
RECORD=$!
out=$(drive "$DURATION")
wait "$RECORD" || true
if [[ $TOOL == h2load ]]; then echo "$(awk '/^finished in/ { print $4 }' <<<"$out") req/s; $(awk '/^status codes:/' <<<"$out")" >&2
else echo "$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out") req/s; $(awk '/Non-2xx/' <<<"$out")" >&2; fi

perf script -i "$DIR/perf.data" -F ip,sym 2>/dev/null | awk -v patterns="$*" -v top="$TOP" '
  BEGIN { n = split(patterns, p, " ") }
  function flush() { if (depth == 0) return; total++; for (i = 1; i <= n; i++) if (index(stack, p[i])) hits[i]++; stack = ""; depth = 0 }
  /^[[:space:]]*$/ { flush(); next }
  { if (depth == 0) { leaf = $0; sub(/^[[:space:]]*[0-9a-f]+[[:space:]]+/, "", leaf); self[leaf]++ } stack = stack "\n" $0; depth++ }
  END {
    flush(); printf "%d samples\n", total; for (i = 1; i <= n; i++) printf "%6.2f%%  %s\n", 100 * hits[i] / total, p[i]
    if (top > 0) { printf "self time, top %d frames:\n", top; for (f in self) printf "%6.2f%%  %s\n", 100 * self[f] / total, f | "sort -gr | head -n " top }
  }'
