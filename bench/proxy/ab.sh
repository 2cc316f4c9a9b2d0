#!/usr/bin/env bash
# Interleaved A/B of gitgateway-proxy builds (or settings) against nginx and HAProxy, wrk HTTP/1.1 only: every
# variant runs once per round, round after round, so that load from elsewhere on the box falls on all of them
# alike. Prints the median requests/s, p99 and CPU time per request (user+system of the proxy's process, which
# other load on the box disturbs far less than requests/s) per variant and the ratios to nginx of the same run.
#
#   bench/proxy/ab.sh 'old|/tmp/old/gitgateway-proxy.dll' 'new|/tmp/new/gitgateway-proxy.dll'
#   bench/proxy/ab.sh 'inline|/tmp/new/gitgateway-proxy.dll|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1' ...
#
# A variant is 'label|dll|VAR=value VAR=value' (the environment part is optional). ROUNDS (3), DURATION (10s),
# WARMUP (3s), ROUTES (10), BASE_PORT (29000), ART (where plangen is built) adjust it.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
ROUTES=${ROUTES:-10}
ART=${ART:-/tmp/gitgateway-bench-artifacts}
BASE_PORT=${BASE_PORT:-29000}
BACKEND_PORT=$((BASE_PORT + 1)); NGINX_PORT=$((BASE_PORT + 2)); NGINX_H2_PORT=$((BASE_PORT + 3))
HAPROXY_PORT=$((BASE_PORT + 4)); HAPROXY_H2_PORT=$((BASE_PORT + 5))
[[ $# -gt 0 ]] || { sed -n '2,10p' "$0" >&2; exit 2; }

BENCH_NAME=gitgateway-ab
# shellcheck source=common.sh
source "$HERE/common.sh"

[[ -f "$ART/bin/PlanGen/release/plangen.dll" ]] ||
  dotnet build -c Release "$HERE/PlanGen/PlanGen.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
dotnet "$ART/bin/PlanGen/release/plangen.dll" "$ROUTES" "$DIR/plan.json"
echo "{\"bench/backend:80\": [\"127.0.0.1:$BACKEND_PORT\"]}" > "$DIR/backends.json"
render backend-nginx.conf; render proxy-nginx.conf; render haproxy.cfg
nginx -p "$DIR" -c "$DIR/backend-nginx.conf" & PIDS+=($!)
nginx -p "$DIR" -c "$DIR/proxy-nginx.conf" & PIDS+=($!)
haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 & PIDS+=($!)
PATH_=/bench/$((ROUTES / 2))
LABELS=("nginx" "haproxy")
URLS=("http://127.0.0.1:$NGINX_PORT$PATH_" "http://127.0.0.1:$HAPROXY_PORT$PATH_")
TARGET_PIDS=("${PIDS[1]}" "${PIDS[2]}")
wait_http "http://127.0.0.1:$BACKEND_PORT/"

port=$((BASE_PORT + 10))
for spec in "$@"; do
  IFS='|' read -r label dll envs <<<"$spec"
  # shellcheck disable=SC2086
  env DOTNET_gcServer=0 ${envs:-} dotnet "$dll" --plan "$DIR/plan.json" --backends "$DIR/backends.json" \
    --listen 127.0.0.1 --port-map "80=$port" --admin-port $((port + 1)) --access-log off --drain-seconds 0 \
    --state-dir "$DIR/state-$label" >"$DIR/$label.log" 2>&1 &
  PIDS+=($!); TARGET_PIDS+=($!)
  wait_http "http://127.0.0.1:$((port + 1))/readyz"
  LABELS+=("$label"); URLS+=("http://127.0.0.1:$port$PATH_")
  port=$((port + 2))
done

for url in "${URLS[@]}"; do wrk -t2 -c64 -d"$WARMUP" "$url" >/dev/null 2>&1 || true; done
cpu_ticks() { # pid: user+system clock ticks of it and its children (nginx workers)
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
TICK=$(getconf CLK_TCK)
: >"$DIR/results"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!LABELS[@]}"; do
    before=$(cpu_ticks "${TARGET_PIDS[$i]}")
    out=$(wrk -t2 -c64 -d"$DURATION" --latency "${URLS[$i]}")
    after=$(cpu_ticks "${TARGET_PIDS[$i]}")
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
    count=$(awk '/requests in/ { print $1 }' <<<"$out")
    cpu=$(awk -v t=$((after - before)) -v n="$count" -v hz="$TICK" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
    bad=$(awk '/Non-2xx|Socket errors/ { printf "[%s] ", $0 }' <<<"$out")
    echo "${LABELS[$i]} $rps $p99 $cpu" >>"$DIR/results"
    echo "round $round ${LABELS[$i]}: $rps req/s, p99 $p99 ms, $cpu us CPU/request $bad" >&2
  done
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
nginx_rps=$(awk '$1 == "nginx" { print $2 }' "$DIR/results" | median)
printf '\n%-16s %10s %9s %9s %12s  %s\n' target "req/s" "vs nginx" "p99 ms" "CPU us/req" "runs (req/s)"
for label in "${LABELS[@]}"; do
  rps=$(awk -v l="$label" '$1 == l { print $2 }' "$DIR/results" | median)
  p99=$(awk -v l="$label" '$1 == l { print $3 }' "$DIR/results" | median)
  cpu=$(awk -v l="$label" '$1 == l { print $4 }' "$DIR/results" | median)
  runs=$(awk -v l="$label" '$1 == l { printf "%s ", $2 }' "$DIR/results")
  printf '%-16s %10s %9s %9s %12s  %s\n' "$label" "$rps" "$(awk -v r="$rps" -v n="$nginx_rps" 'BEGIN { printf "%.2fx", r / n }')" "$p99" "$cpu" "$runs"
done
echo "(wrk -t2 -c64 -d$DURATION, $ROUTES routes, median of $ROUNDS interleaved rounds)"
