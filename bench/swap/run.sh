#!/usr/bin/env bash
# Zero failed requests while plans change: wrk keeps 64 connections busy on gitgateway-proxy while the node's
# plan file is swapped between two plans (100 and 101 exact routes, both routing the measured path) SWAPS
# times, each swap waiting until the node's /metrics counts it applied. Any non-2xx answer or socket error is a
# failure and the script exits 1. nginx (the same 2-byte backend as bench/proxy) is the origin.
#
#   bench/swap/run.sh                 # build Release, 100 swaps under load
#   SWAPS=20 DURATION=30s bench/swap/run.sh
#   SKIP_BUILD=1 ART=/path/to/artifacts bench/swap/run.sh
#
# The figures also go to bench/results/swap-<UTC date>.json (OUT=...), for bench/compare.sh.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(cd ../proxy && pwd)
ROOT=$(cd ../.. && pwd)
SWAPS=${SWAPS:-100}
DURATION=${DURATION:-180s}
ART=${ART:-/tmp/gitgateway-bench-artifacts}
OUT=${OUT:-$ROOT/bench/results/swap-$(date -u +%Y-%m-%d).json}
BASE_PORT=${BASE_PORT:-28100}
BACKEND_PORT=$((BASE_PORT + 1)); GG_PORT=$((BASE_PORT + 6)); GG_ADMIN=$((BASE_PORT + 7))
NGINX_PORT=0; NGINX_H2_PORT=0; HAPROXY_PORT=0; HAPROXY_H2_PORT=0

for tool in nginx wrk curl dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: nginx wrk curl)" >&2; exit 1; }
done

BENCH_NAME=gitgateway-swap
# shellcheck source=../proxy/common.sh
source "$HERE/common.sh"

build_proxy_and_plangen
dotnet "$PLANGEN_DLL" 100 "$DIR/plan-a.json"
dotnet "$PLANGEN_DLL" 101 "$DIR/plan-b.json"
cp "$DIR/plan-a.json" "$DIR/current.json"
echo "{\"bench/backend:80\": [\"127.0.0.1:$BACKEND_PORT\"]}" > "$DIR/backends.json"

render backend-nginx.conf
nginx -p "$DIR" -c "$DIR/backend-nginx.conf" & PIDS+=($!)
wait_http "http://127.0.0.1:$BACKEND_PORT/"
dotnet "$PROXY_DLL" --plan "$DIR/current.json" --backends "$DIR/backends.json" \
  --listen 127.0.0.1 --port-map "80=$GG_PORT" --admin-port "$GG_ADMIN" --access-log off --drain-seconds 0 \
  >"$DIR/gitgateway.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$GG_ADMIN/readyz"

applied() { curl -fsS --max-time 2 "http://127.0.0.1:$GG_ADMIN/metrics" | awk '$1 == "gitgateway_proxy_plan_applied_total" { print $2 }'; }

LOAD_START=$(load_now)
wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$GG_PORT/bench/5" >"$DIR/wrk.out" 2>&1 &
WRK=$!; PIDS+=($WRK)
sleep 2
start=$(applied); done_swaps=0; waits=()
for i in $(seq 1 "$SWAPS"); do
  kill -0 "$WRK" 2>/dev/null || { echo "load ended after $done_swaps swaps: raise DURATION" >&2; break; }
  next=$([[ $((i % 2)) -eq 1 ]] && echo b || echo a)
  cp "$DIR/plan-$next.json" "$DIR/next.json" && mv -f "$DIR/next.json" "$DIR/current.json"
  t0=$(date +%s%N)
  for _ in $(seq 1 200); do [[ "$(applied)" -ge $((start + i)) ]] && break; sleep 0.05; done
  [[ "$(applied)" -ge $((start + i)) ]] || { echo "swap $i not applied within 10 s" >&2; break; }
  waits+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done_swaps=$i
done
wait "$WRK" || true

requests=$(awk '/requests in/ { print $1 }' "$DIR/wrk.out")
non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$DIR/wrk.out"); non2xx=${non2xx:-0}
socket=$(awk '/Socket errors:/ { gsub(",", ""); print "connect " $4 ", read " $6 ", write " $8 ", timeout " $10 }' "$DIR/wrk.out")
median=$(printf '%s\n' "${waits[@]}" | sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "-" }')
echo "swaps applied under load: $done_swaps of $SWAPS (file written -> node applied: median ${median} ms, includes the 250 ms poll)"
echo "requests: ${requests:-0}; non-2xx: $non2xx; socket errors: ${socket:-none}"
awk '/Requests\/sec:|50%|99%/' "$DIR/wrk.out"
failed=$(awk -v n="$non2xx" -v s="${socket:-}" 'BEGIN { split(s, a, /[^0-9]+/); for (i in a) n += a[i]; print n + 0 }')
rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$DIR/wrk.out")
p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$DIR/wrk.out")")
write_results swap "$OUT" "$SWAPS swaps of 100/101 exact routes under wrk -t2 -c64 -d$DURATION" "$LOAD_START-$(load_now)" <<FIGURES
failed_requests $failed lower
swaps_missed $((SWAPS - done_swaps)) lower
apply_median_ms ${median/-/} lower
requests_per_s ${rps:-0} higher
p99_ms ${p99:-0} lower
FIGURES
if [[ "$done_swaps" -lt "$SWAPS" || "$non2xx" != 0 || -n "$socket" ]]; then
  echo "FAILED: every swap must apply and no request may fail" >&2
  exit 1
fi
echo "OK: $SWAPS plan swaps, 0 failed requests"
