#!/usr/bin/env bash
# gitgateway-proxy against nginx (upstream keepalive), HAProxy (http-reuse) and YARP, all in front of the same
# local nginx backend answering a 2-byte body, on 127.0.0.1. wrk (HTTP/1.1, -t2 -c64) and h2load (h2c) against
# each, with plans of 10 and 10,000 routes for gitgateway-proxy. Prints requests/s, latency and the ratio to
# nginx measured in this same run (only ratios from one run mean anything on a shared 2-core box).
#
#   bench/proxy/run.sh            # build Release, run everything (~3 minutes)
#   DURATION=5s bench/proxy/run.sh
#   SKIP_BUILD=1 ART=/path/to/artifacts bench/proxy/run.sh
#   PROXY_BIN=/tmp/aot/gitgateway-proxy bench/proxy/run.sh   # that node binary instead of the build's dll
#
# The figures also go to bench/results/proxy-<UTC date>.json (OUT=...), for bench/compare.sh: requests/s and the
# ratio to nginx (higher is better), p99 (wrk) or mean (h2load) latency (lower is better), per tool and target.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
ART=${ART:-/tmp/gitgateway-bench-artifacts}
OUT=${OUT:-$ROOT/bench/results/proxy-$(date -u +%Y-%m-%d).json}
BASE_PORT=${BASE_PORT:-28000}
BACKEND_PORT=$((BASE_PORT + 1)); NGINX_PORT=$((BASE_PORT + 2)); NGINX_H2_PORT=$((BASE_PORT + 3))
HAPROXY_PORT=$((BASE_PORT + 4)); HAPROXY_H2_PORT=$((BASE_PORT + 5)); GG_PORT=$((BASE_PORT + 6)); GG_ADMIN=$((BASE_PORT + 7))
YARP_PORT=$((BASE_PORT + 8)); YARP_H2_PORT=$((BASE_PORT + 9))

for tool in nginx haproxy wrk h2load dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: nginx haproxy wrk nghttp2-client)" >&2; exit 1; }
done

BENCH_NAME=gitgateway-bench
# shellcheck source=common.sh
source "$HERE/common.sh"

build_proxy_and_plangen
YARP_DLL="$ART/bin/YarpPeer/release/yarp-peer.dll"
[[ -n "${SKIP_BUILD:-}" && -f "$YARP_DLL" ]] ||
  dotnet build -c Release "$HERE/YarpPeer/YarpPeer.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
dotnet "$PLANGEN_DLL" 10 "$DIR/plan-10.json"
dotnet "$PLANGEN_DLL" 10000 "$DIR/plan-10000.json"
dotnet "$PLANGEN_DLL" 10 "$DIR/mixed-10.json" --mixed
dotnet "$PLANGEN_DLL" 10000 "$DIR/mixed-10000.json" --mixed
echo "{\"bench/backend:80\": [\"127.0.0.1:$BACKEND_PORT\"]}" > "$DIR/backends.json"

render backend-nginx.conf; render proxy-nginx.conf; render haproxy.cfg
nginx -p "$DIR" -c "$DIR/backend-nginx.conf" & PIDS+=($!)
nginx -p "$DIR" -c "$DIR/proxy-nginx.conf" & PIDS+=($!)
haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 & PIDS+=($!)
DOTNET_gcServer=0 dotnet "$YARP_DLL" "$YARP_PORT" "$YARP_H2_PORT" "http://127.0.0.1:$BACKEND_PORT" >"$DIR/yarp.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$BACKEND_PORT/"
wait_http "http://127.0.0.1:$NGINX_PORT/"
wait_http "http://127.0.0.1:$HAPROXY_PORT/"
wait_http "http://127.0.0.1:$YARP_PORT/"

# PROXY_BIN=/path/to/gitgateway-proxy runs that node (an apphost or a Native AOT binary) instead of the build's dll.
NODE_CMD=(dotnet "$PROXY_DLL"); [[ -z "${PROXY_BIN:-}" ]] || NODE_CMD=("$PROXY_BIN")
GG_PID=""
start_gitgateway() { # plan file
  if [[ -n "$GG_PID" ]]; then kill "$GG_PID" 2>/dev/null || true; wait "$GG_PID" 2>/dev/null || true; fi
  "${NODE_CMD[@]}" --plan "$1" --backends "$DIR/backends.json" \
    --listen 127.0.0.1 --port-map "80=$GG_PORT" --admin-port "$GG_ADMIN" --access-log off --drain-seconds 0 \
    --state-dir "$DIR/state-$(basename "$1")" >"$DIR/gitgateway.log" 2>&1 &
  GG_PID=$!
  PIDS+=("$GG_PID")
  wait_http "http://127.0.0.1:$GG_ADMIN/readyz"
}

RESULTS=()
LOADS=("$(load_now)")
run_wrk() { # label url
  wrk -t2 -c64 -d"$WARMUP" "$2" >/dev/null 2>&1 || true
  local out; out=$(wrk -t2 -c64 -d"$DURATION" --latency "$2")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  local errors; errors=$(awk '/Non-2xx|Socket errors/ { printf "%s ", $0 }' <<<"$out")
  RESULTS+=("wrk|$1|$rps|$p50|$p99|${errors:-none}")
}
run_h2load() { # label url
  h2load -c 64 -t 2 -m 10 -D "${DURATION%s}" --warm-up-time="${WARMUP%s}" "$2" >"$DIR/h2load.out" 2>&1 || true
  local rps mean max failed
  rps=$(awk '/^finished in/ { gsub(",", "", $4); printf "%.0f", $4 }' "$DIR/h2load.out")
  mean=$(to_ms "$(awk '/^time for request:/ { print $6 }' "$DIR/h2load.out")")
  max=$(to_ms "$(awk '/^time for request:/ { print $5 }' "$DIR/h2load.out")")
  failed=$(awk '/^requests:/ { print $10, "failed,", $12, "errored" }' "$DIR/h2load.out")
  RESULTS+=("h2load|$1|$rps|$mean|$max|${failed:-?}")
}

PATH10=/bench/5
PATH10K=/bench/5000
echo "measuring (wrk -t2 -c64 -d$DURATION; h2load -c64 -t2 -m10 -D$DURATION)..." >&2
run_wrk "backend direct (nginx static)" "http://127.0.0.1:$BACKEND_PORT$PATH10"
run_wrk "nginx (keepalive)" "http://127.0.0.1:$NGINX_PORT$PATH10"
run_wrk "haproxy (http-reuse)" "http://127.0.0.1:$HAPROXY_PORT$PATH10"
run_wrk "yarp" "http://127.0.0.1:$YARP_PORT$PATH10"
start_gitgateway "$DIR/plan-10.json"
run_wrk "gitgateway-proxy, 10 routes" "http://127.0.0.1:$GG_PORT$PATH10"
run_h2load "nginx (keepalive)" "http://127.0.0.1:$NGINX_H2_PORT$PATH10"
run_h2load "haproxy (http-reuse)" "http://127.0.0.1:$HAPROXY_H2_PORT$PATH10"
run_h2load "yarp" "http://127.0.0.1:$YARP_H2_PORT$PATH10"
run_h2load "gitgateway-proxy, 10 routes" "http://127.0.0.1:$GG_PORT$PATH10"
start_gitgateway "$DIR/plan-10000.json"
run_wrk "gitgateway-proxy, 10000 routes" "http://127.0.0.1:$GG_PORT$PATH10K"
run_h2load "gitgateway-proxy, 10000 routes" "http://127.0.0.1:$GG_PORT$PATH10K"

# The mixed plans (plangen --mixed: a fifth regex paths, header matches, policies). Route 6 / 5006 is an exact
# path, route 1 / 5001 a path regex of team 1 (each pattern distinct); the same route shape at 10 and 10,000.
node_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
node_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
start_gitgateway "$DIR/mixed-10.json"
run_wrk "gitgateway-proxy, 10 mixed, exact" "http://127.0.0.1:$GG_PORT/bench/6"
run_wrk "gitgateway-proxy, 10 mixed, regex" "http://127.0.0.1:$GG_PORT/team-1/r1/v2/items/abc-1"
start_gitgateway "$DIR/mixed-10000.json"
RSS_READY=$(node_kib "$GG_PID" VmRSS)
run_wrk "gitgateway-proxy, 10000 mixed, exact" "http://127.0.0.1:$GG_PORT/bench/5006"
run_wrk "gitgateway-proxy, 10000 mixed, regex" "http://127.0.0.1:$GG_PORT/team-1/r5001/v2/items/abc-1"
RSS_LOAD=$(node_kib "$GG_PID" VmRSS); RSS_PEAK=$(node_kib "$GG_PID" VmHWM)
IDLE_SECONDS=${IDLE_SECONDS:-20}
sleep 5
ticks0=$(node_cpu_ticks "$GG_PID"); sleep "$IDLE_SECONDS"; ticks1=$(node_cpu_ticks "$GG_PID")
IDLE_CPU_PCT=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$(getconf CLK_TCK)" -v s="$IDLE_SECONDS" \
  'BEGIN { printf "%.2f", 100 * (b - a) / hz / s }')

echo
printf '%-7s %-32s %10s %9s %11s %9s  %s\n' tool target "req/s" "vs nginx" "p50|mean ms" "p99|max ms" "errors"
for tool in wrk h2load; do
  nginx_rps=$(printf '%s\n' "${RESULTS[@]}" | awk -F'|' -v t="$tool" '$1 == t && $2 ~ /^nginx/ { print $3 }')
  for row in "${RESULTS[@]}"; do
    IFS='|' read -r t label rps a b err <<<"$row"
    [[ "$t" == "$tool" ]] || continue
    ratio=$(awk -v r="$rps" -v n="$nginx_rps" 'BEGIN { if (n > 0) printf "%.2fx", r / n; else print "-" }')
    printf '%-7s %-32s %10s %9s %11s %9s  %s\n' "$t" "$label" "$rps" "$ratio" "$a" "$b" "$err"
  done
done
echo "(wrk: p50/p99 latency; h2load: mean/max time per request, it reports no percentiles)"
mixed_ratio() { # kind: 10,000 / 10 mixed routes, requests/s
  printf '%s\n' "${RESULTS[@]}" | awk -F'|' -v k="$1" '$2 ~ "10 mixed, " k "$" { a = $3 } $2 ~ "10000 mixed, " k "$" { b = $3 }
    END { if (a > 0) printf "%.3f", b / a }'
}
MIXED_EXACT=$(mixed_ratio exact); MIXED_REGEX=$(mixed_ratio regex)
echo "10,000 / 10 mixed routes, req/s: exact $MIXED_EXACT, regex $MIXED_REGEX"
echo "node at 10,000 mixed routes: RSS $((RSS_READY / 1024)) MiB at ready, $((RSS_LOAD / 1024)) MiB after load, peak $((RSS_PEAK / 1024)) MiB; idle CPU ${IDLE_CPU_PCT}% of a core over ${IDLE_SECONDS} s"

LOADS+=("$(load_now)")
{
  for tool in wrk h2load; do
    nginx_rps=$(printf '%s\n' "${RESULTS[@]}" | awk -F'|' -v t="$tool" '$1 == t && $2 ~ /^nginx/ { print $3 }')
    for row in "${RESULTS[@]}"; do
      IFS='|' read -r t label rps a b _ <<<"$row"
      [[ "$t" == "$tool" && -n "$rps" ]] || continue
      key=$(tr 'A-Z' 'a-z' <<<"$t $label" | sed -e 's/[^a-z0-9]\{1,\}/_/g' -e 's/_$//')
      echo "${key}_rps $rps higher"
      [[ "$label" == nginx* || -z "$nginx_rps" ]] || awk -v k="$key" -v r="$rps" -v n="$nginx_rps" 'BEGIN { printf "%s_vs_nginx %.3f higher\n", k, r / n }'
      if [[ "$t" == wrk ]]; then echo "${key}_p99_ms $b lower"; else echo "${key}_mean_ms $a lower"; fi
    done
  done
  echo "mixed_10000_vs_10_exact_ratio $MIXED_EXACT higher"
  echo "mixed_10000_vs_10_regex_ratio $MIXED_REGEX higher"
  echo "mixed_10000_rss_ready_mib $((RSS_READY / 1024)) lower"
  echo "mixed_10000_rss_after_load_mib $((RSS_LOAD / 1024)) lower"
  echo "mixed_10000_rss_peak_mib $((RSS_PEAK / 1024)) lower"
  echo "mixed_10000_idle_cpu_pct $IDLE_CPU_PCT lower"
} | write_results proxy "$OUT" "wrk -t2 -c64 -d$DURATION, h2load -c64 -t2 -m10 -D$DURATION; one run" "${LOADS[0]}-${LOADS[1]}"
