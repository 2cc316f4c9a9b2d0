#!/usr/bin/env bash
# Interleaved A/B of gitgateway-proxy builds (or settings) against nginx, HAProxy and YARP, with wrk (HTTP/1.1) or h2load
# (h2c): every variant runs once per round, round after round, so that load from elsewhere on the box falls on all
# of them alike. Prints the median requests/s, latency and CPU time per request (user+system of the proxy's process,
# which other load on the box disturbs far less than requests/s; then its user and system parts apart) per variant
# and the ratios to nginx of the same run, then each variant paired with the first one round by round (new/old of the
# same round, median and spread).
#
#   bench/proxy/ab.sh 'old|/tmp/old/gitgateway-proxy.dll' 'new|/tmp/new/gitgateway-proxy.dll'
#   bench/proxy/ab.sh 'jit|/tmp/jit/gitgateway-proxy' 'aot|/tmp/aot/gitgateway-proxy'   # a path without .dll runs as it is
#   bench/proxy/ab.sh 'inline|/tmp/new/gitgateway-proxy.dll|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1' ...
#   TOOL=h2load bench/proxy/ab.sh ...   # h2c prior knowledge, -c64 -t2 -m10, nginx and HAProxy on their h2 ports
#   TOOL=h2load TLS=1 bench/proxy/ab.sh ...   # h2 over TLS (ALPN): the node, nginx and HAProxy terminate TLS with one
#                                             # certificate (ECDSA P-256, made for the run); YARP is left out
#
# A variant is 'label|dll|VAR=value VAR=value' (the environment part is optional). ROUNDS (3), DURATION (10s),
# WARMUP (5s: a window of the warm-up below), WARMUP_MAX (24 windows), JIT_QUIET (20 methods), ROUTES (10), TOOL (wrk), PEERS (1; 0 leaves nginx, HAProxy and YARP out of the rounds, for attributing a
# cost between builds quickly), BASE_PORT (29000), ART (where plangen and the YARP peer are built) adjust it.
# FLOOR=1 (wrk only) adds the floor under each proxy's figures to the rounds: nginx's `return 200`, HAProxy's
# `http-request return` and the node's own Kestrel server and application (bench/Proxy.Benchmarks --kestrel-floor), each answering the backend's 200
# itself. A proxy's CPU per request minus its server's floor is what its forwarding costs.
# MIXED=1 gives the node a `plangen --mixed` plan (a fifth regex paths, header matches, policies) and drives an exact
# route of it. After the rounds each node variant's resident memory is printed (VmRSS then, and its peak VmHWM).
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
WARMUP_MAX=${WARMUP_MAX:-24}
JIT_QUIET=${JIT_QUIET:-20}
ADMINS=() # a node variant's admin port, by its index in LABELS
ROUTES=${ROUTES:-10}
TOOL=${TOOL:-wrk}
PEERS=${PEERS:-1}
FLOOR=${FLOOR:-0}
TLS=${TLS:-0}
MIXED=${MIXED:-0}
[[ $TOOL == wrk || $TOOL == h2load ]] || { echo "TOOL is wrk or h2load" >&2; exit 2; }
[[ $FLOOR == 0 || $TOOL == wrk ]] || { echo "FLOOR=1 is for wrk (HTTP/1.1)" >&2; exit 2; }
[[ $TLS == 0 || $TOOL == h2load ]] || { echo "TLS=1 needs TOOL=h2load" >&2; exit 2; }
ART=${ART:-/tmp/gitgateway-bench-artifacts}
BASE_PORT=${BASE_PORT:-29000}
BACKEND_PORT=$((BASE_PORT + 1)); NGINX_PORT=$((BASE_PORT + 2)); NGINX_H2_PORT=$((BASE_PORT + 3))
HAPROXY_PORT=$((BASE_PORT + 4)); HAPROXY_H2_PORT=$((BASE_PORT + 5)); YARP_PORT=$((BASE_PORT + 6)); YARP_H2_PORT=$((BASE_PORT + 7)); KESTREL_FLOOR_PORT=$((BASE_PORT + 8))
[[ $# -gt 0 ]] || { sed -n '2,10p' "$0" >&2; exit 2; }

BENCH_NAME=gitgateway-ab
# shellcheck source=common.sh
source "$HERE/common.sh"

[[ -f "$ART/bin/PlanGen/release/plangen.dll" ]] ||
  dotnet build -c Release "$HERE/PlanGen/PlanGen.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
[[ -f "$ART/bin/YarpPeer/release/yarp-peer.dll" ]] ||
  dotnet build -c Release "$HERE/YarpPeer/YarpPeer.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
# With TLS=1 the plan's listener is HTTPS on 443 and nginx and HAProxy terminate TLS on their h2 ports (conf/*-tls.*).
NGINX_CONF=proxy-nginx.conf; HAPROXY_CONF=haproxy.cfg; SCHEME=http; GATEWAY_PORT=80; NODE_ARGS=()
if [[ $TLS == 1 ]]; then
  NGINX_CONF=proxy-nginx-tls.conf; HAPROXY_CONF=haproxy-tls.cfg; SCHEME=https; GATEWAY_PORT=443
  make_certificate; NODE_ARGS=(--cert-dir "$DIR/certs")
fi
[[ $MIXED == 0 || $TLS == 0 ]] || { echo "MIXED=1 and TLS=1 do not go together" >&2; exit 2; }
dotnet "$ART/bin/PlanGen/release/plangen.dll" "$ROUTES" "$DIR/plan.json" $([[ $TLS == 1 ]] && echo --https) $([[ $MIXED == 1 ]] && echo --mixed)
echo "{\"bench/backend:80\": [\"127.0.0.1:$BACKEND_PORT\"]}" > "$DIR/backends.json"
render backend-nginx.conf; render "$NGINX_CONF"; render "$HAPROXY_CONF"
nginx -p "$DIR" -c "$DIR/backend-nginx.conf" & PIDS+=($!)
nginx -p "$DIR" -c "$DIR/$NGINX_CONF" & PIDS+=($!)
haproxy -db -f "$DIR/$HAPROXY_CONF" >"$DIR/haproxy.log" 2>&1 & PIDS+=($!)
# YARP with the same GC as the node's variants (workstation).
DOTNET_gcServer=0 dotnet "$ART/bin/YarpPeer/release/yarp-peer.dll" "$YARP_PORT" "$YARP_H2_PORT" "http://127.0.0.1:$BACKEND_PORT" \
  >"$DIR/yarp.log" 2>&1 & PIDS+=($!)
PATH_=/bench/$((ROUTES / 2))
# In a mixed plan i % 20 < 6 is a regex or prefix route: /bench/i with i % 20 == 6 is exact (6 of 10, 5006 of 10,000).
[[ $MIXED == 0 ]] || PATH_=/bench/$((ROUTES / 2 / 20 * 20 + 6))
LATENCY=$([[ $TOOL == h2load ]] && echo "mean" || echo "p99")
LABELS=("nginx" "haproxy" "yarp")
if [[ $TOOL == h2load ]]; then
  URLS=("$SCHEME://127.0.0.1:$NGINX_H2_PORT$PATH_" "$SCHEME://127.0.0.1:$HAPROXY_H2_PORT$PATH_" "http://127.0.0.1:$YARP_H2_PORT$PATH_")
else
  URLS=("http://127.0.0.1:$NGINX_PORT$PATH_" "http://127.0.0.1:$HAPROXY_PORT$PATH_" "http://127.0.0.1:$YARP_PORT$PATH_")
fi
TARGET_PIDS=("${PIDS[1]}" "${PIDS[2]}" "${PIDS[3]}")
wait_http "http://127.0.0.1:$BACKEND_PORT/"
wait_http "http://127.0.0.1:$YARP_PORT/"
if [[ $FLOOR == 1 ]]; then
  FLOOR_DLL=$ART/bin/Proxy.Benchmarks/release/GitGateway.Proxy.Benchmarks.dll
  [[ -f "$FLOOR_DLL" ]] || dotnet build -c Release "$ROOT/bench/Proxy.Benchmarks/Proxy.Benchmarks.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
  DOTNET_gcServer=0 dotnet "$FLOOR_DLL" --kestrel-floor "$KESTREL_FLOOR_PORT" >"$DIR/floor.log" 2>&1 & PIDS+=($!)
  wait_http "http://127.0.0.1:$KESTREL_FLOOR_PORT/"
  LABELS+=("nginx-return" "haproxy-return" "kestrel-200")
  URLS+=("http://127.0.0.1:$NGINX_FLOOR_PORT$PATH_" "http://127.0.0.1:$HAPROXY_FLOOR_PORT$PATH_" "http://127.0.0.1:$KESTREL_FLOOR_PORT$PATH_")
  TARGET_PIDS+=("${PIDS[1]}" "${PIDS[2]}" "${PIDS[-1]}")
fi
if [[ $TLS == 1 ]]; then LABELS=("${LABELS[@]:0:2}"); URLS=("${URLS[@]:0:2}"); TARGET_PIDS=("${TARGET_PIDS[@]:0:2}"); fi
if [[ $PEERS == 0 ]]; then LABELS=(); URLS=(); TARGET_PIDS=(); fi
FIRST=${#LABELS[@]} # index of the first variant, the one the others are paired with

port=$((BASE_PORT + 10))
for spec in "$@"; do
  IFS='|' read -r label dll envs <<<"$spec"
  node=(dotnet "$dll"); [[ $dll == *.dll ]] || node=("$dll") # an apphost or a Native AOT binary runs as it is
  # shellcheck disable=SC2086
  env DOTNET_gcServer=0 ${envs:-} "${node[@]}" --plan "$DIR/plan.json" --backends "$DIR/backends.json" \
    --listen 127.0.0.1 --port-map "$GATEWAY_PORT=$port" --admin-port $((port + 1)) --access-log off --drain-seconds 0 \
    --state-dir "$DIR/state-$label" "${NODE_ARGS[@]}" >"$DIR/$label.log" 2>&1 &
  PIDS+=($!); TARGET_PIDS+=($!)
  wait_http "http://127.0.0.1:$((port + 1))/readyz"
  LABELS+=("$label"); URLS+=("$SCHEME://127.0.0.1:$port$PATH_"); ADMINS[${#LABELS[@]} - 1]=$((port + 1))
  port=$((port + 2))
done

load() { # seconds url -> the tool's output
  if [[ $TOOL == h2load ]]; then
    h2load -c 64 -t 2 -m 10 -D "$1" "$2" 2>&1 || true
  else
    wrk -t2 -c64 -d"$1s" --latency "$2" 2>&1 || true
  fi
}
# Warm-up. A node variant is driven in windows of WARMUP until one window compiles at most JIT_QUIET methods (the
# gitgateway_proxy_jit_methods_total of its /metrics), WARMUP_MAX windows at most: on a busy box tiered compilation
# takes minutes to reach the optimised code, and a round measured before that measures the JIT (bench/proxy/README.md,
# 2026-12-07 18:13-19:55). A build without the counter gets one window. YARP, whose JIT this script cannot see, gets as
# many windows as the slowest node variant; nginx and HAProxy one.
jit_methods() { # admin port -> methods its node has compiled since start (0 without the counter)
  curl -fsS "http://127.0.0.1:$1/metrics" 2>/dev/null | awk '$1 == "gitgateway_proxy_jit_methods_total" { n = $2 } END { print n + 0 }'
}
most=1
for i in "${!LABELS[@]}"; do
  [[ -n ${ADMINS[$i]:-} ]] || continue
  for window in $(seq 1 "$WARMUP_MAX"); do
    before=$(jit_methods "${ADMINS[$i]}")
    load "${WARMUP%s}" "${URLS[$i]}" >/dev/null
    compiled=$(($(jit_methods "${ADMINS[$i]}") - before))
    ((compiled > JIT_QUIET)) || break
  done
  echo "warm-up ${LABELS[$i]}: $window window(s) of $WARMUP, $compiled methods compiled in the last, load $(load_now)" >&2
  ((window <= most)) || most=$window
done
for i in "${!LABELS[@]}"; do
  [[ -z ${ADMINS[$i]:-} ]] || continue
  for _ in $(seq 1 "$([[ ${LABELS[$i]} == yarp ]] && echo "$most" || echo 1)"); do load "${WARMUP%s}" "${URLS[$i]}" >/dev/null; done
done
cpu_ticks() { # pid: "user system" clock ticks of it and its children (nginx workers)
  local user=0 system=0 p u s
  for p in "$1" $(pgrep -P "$1" || true); do
    read -r u s < <(awk '{ print $14, $15 }' "/proc/$p/stat" 2>/dev/null || echo 0 0)
    user=$((user + ${u:-0})); system=$((system + ${s:-0}))
  done
  echo "$user $system"
}
TICK=$(getconf CLK_TCK)
: >"$DIR/results"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!LABELS[@]}"; do
    jit=""; [[ -z ${ADMINS[$i]:-} ]] || jit=$(jit_methods "${ADMINS[$i]}")
    read -r user0 system0 < <(cpu_ticks "${TARGET_PIDS[$i]}")
    out=$(load "${DURATION%s}" "${URLS[$i]}")
    read -r user1 system1 < <(cpu_ticks "${TARGET_PIDS[$i]}")
    [[ -z $jit ]] || jit="$(($(jit_methods "${ADMINS[$i]}") - jit)) methods compiled, "
    if [[ $TOOL == h2load ]]; then
      # "finished in 10.00s, 23459.10 req/s, ..."; "requests: N total, N started, N done, N succeeded, ..."; no percentiles: mean
      rps=$(awk '/^finished in/ { gsub(",", "", $4); printf "%.0f", $4 }' <<<"$out")
      count=$(awk '/^requests:/ { print $8 }' <<<"$out")
      lat=$(to_ms "$(awk '/^time for request:/ { print $6 }' <<<"$out")")
      p50=$lat
      bad=$(awk '/^requests:/ && ($10 != 0 || $12 != 0) { printf "[%s failed, %s errored] ", $10, $12 }
        /^status codes:/ && ($7 != 0 || $9 != 0) { printf "[%s 4xx, %s 5xx] ", $7, $9 }' <<<"$out")
    else
      rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
      count=$(awk '/requests in/ { print $1 }' <<<"$out")
      lat=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
      p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
      bad=$(awk '/Non-2xx|Socket errors/ { printf "[%s] ", $0 }' <<<"$out")
    fi
    per_request() { awk -v t="$1" -v n="${count:-0}" -v hz="$TICK" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }'; }
    cpu=$(per_request $((user1 - user0 + system1 - system0)))
    user=$(per_request $((user1 - user0))); system=$(per_request $((system1 - system0)))
    echo "$round ${LABELS[$i]} ${rps:-0} $lat $cpu $p50 $(load_now) $user $system" >>"$DIR/results"
    echo "round $round ${LABELS[$i]}: ${rps:-0} req/s, p50 $p50 ms, $LATENCY $lat ms, $cpu us CPU/request ($user user, $system system), ${jit}load $(load_now) $bad" >&2
  done
done

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
column() { # label field -> that field of the label's rounds, one a line
  awk -v l="$1" -v f="$2" '$2 == l { print $f }' "$DIR/results"
}
reference=$([[ $PEERS == 0 ]] && echo "${LABELS[$FIRST]}" || echo nginx)
ref_rps=$(column "$reference" 3 | median)
printf '\n%-16s %10s %9s %9s %9s %12s %7s %7s  %s\n' target "req/s" "vs $reference" "p50 ms" "$LATENCY ms" "CPU us/req" user system "runs (req/s)"
for label in "${LABELS[@]}"; do
  rps=$(column "$label" 3 | median)
  lat=$(column "$label" 4 | median)
  cpu=$(column "$label" 5 | median)
  p50=$(column "$label" 6 | median)
  user=$(column "$label" 8 | median)
  system=$(column "$label" 9 | median)
  runs=$(column "$label" 3 | tr '\n' ' ')
  printf '%-16s %10s %9s %9s %9s %12s %7s %7s  %s\n' "$label" "$rps" "$(awk -v r="$rps" -v n="$ref_rps" 'BEGIN { printf "%.2fx", r / n }')" "$p50" "$lat" "$cpu" "$user" "$system" "$runs"
done
if ((${#LABELS[@]} - FIRST > 1)); then
  first=${LABELS[$FIRST]}
  printf '\npaired with %s, round by round (median, then each round):\n' "$first"
  for label in "${LABELS[@]:FIRST+1}"; do
    # round label rps lat cpu: join each round's line of this variant with the first one's
    pairs=$(awk -v a="$first" -v b="$label" '$2 == a { r[$1] = $3; c[$1] = $5; u[$1] = $8 } $2 == b && r[$1] > 0 && c[$1] > 0 { printf "%.3f %.3f %.3f\n", $3 / r[$1], $5 / c[$1], (u[$1] > 0 ? $8 / u[$1] : 0) }' "$DIR/results")
    rps_ratio=$(printf '%.3f' "$(awk '{ print $1 }' <<<"$pairs" | median)")
    cpu_ratio=$(printf '%.3f' "$(awk '{ print $2 }' <<<"$pairs" | median)")
    user_ratio=$(printf '%.3f' "$(awk '{ print $3 }' <<<"$pairs" | median)")
    printf '%-16s req/s %sx (%s)  CPU/request %sx (%s)  user %sx\n' "$label" "$rps_ratio" "$(awk '{ printf "%s ", $1 }' <<<"$pairs")" "$cpu_ratio" "$(awk '{ printf "%s ", $2 }' <<<"$pairs")" "$user_ratio"
  done
fi
if [[ $FLOOR == 1 && $PEERS == 1 ]]; then
  # A proxy's forwarding: its CPU per request minus its own server's floor (medians of the same rounds).
  cpu_of() { column "$1" 5 | median; }
  printf '\nforwarding, CPU us/request minus the floor: nginx %s, haproxy %s' \
    "$(awk -v a="$(cpu_of nginx)" -v b="$(cpu_of nginx-return)" 'BEGIN { printf "%.1f", a - b }')" \
    "$(awk -v a="$(cpu_of haproxy)" -v b="$(cpu_of haproxy-return)" 'BEGIN { printf "%.1f", a - b }')"
  for label in "${LABELS[@]:FIRST}"; do
    printf ', %s %s' "$label" "$(awk -v a="$(cpu_of "$label")" -v b="$(cpu_of kestrel-200)" 'BEGIN { printf "%.1f", a - b }')"
  done
  echo
fi
printf '\nresident memory after the rounds, MiB (VmRSS, peak VmHWM):'
for i in "${!LABELS[@]}"; do
  ((i >= FIRST)) || continue
  printf ' %s %s (%s)' "${LABELS[$i]}" \
    "$(awk '$1 == "VmRSS:" { printf "%.0f", $2 / 1024 }' "/proc/${TARGET_PIDS[$i]}/status")" \
    "$(awk '$1 == "VmHWM:" { printf "%.0f", $2 / 1024 }' "/proc/${TARGET_PIDS[$i]}/status")"
done
echo
if [[ $TOOL == h2load ]]; then
  echo "(h2load -c64 -t2 -m10 -D${DURATION%s}, $([[ $TLS == 1 ]] && echo "h2 over TLS" || echo h2c), $ROUTES $([[ $MIXED == 1 ]] && echo "mixed ")routes, median of $ROUNDS interleaved rounds)"
else
  echo "(wrk -t2 -c64 -d$DURATION, $ROUTES $([[ $MIXED == 1 ]] && echo "mixed ")routes, median of $ROUNDS interleaved rounds)"
fi
echo "load average over the rounds: $(awk '{ print $7 }' "$DIR/results" | sort -g | sed -n '1p;$p' | paste -sd- -)"
