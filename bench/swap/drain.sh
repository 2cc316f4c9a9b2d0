#!/usr/bin/env bash
# Zero failed requests while nodes drain: wrk keeps 64 connections busy on HAProxy, which balances over two
# gitgateway-proxy nodes and health-checks each node's /readyz every 200 ms (a stand-in for routers following a
# VIP withdrawal). CYCLES times, one node (alternately) gets SIGTERM, drains and exits, and is started again; the
# next cycle waits until HAProxy has it back in service. HAProxy does not retry (retries 0), so a request a node
# drops is a failed request: any non-2xx answer or socket error fails the run. nginx is the origin.
#
#   bench/swap/drain.sh                    # build Release, 10 drains, nodes with --unready-seconds 3
#   UNREADY=0 bench/swap/drain.sh          # the same without the grace: shows what the grace is for
#   CYCLES=4 SKIP_BUILD=1 ART=/path/to/artifacts bench/swap/drain.sh
#
# The figures also go to bench/results/drain-<UTC date>.json (OUT=...), for bench/compare.sh.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(cd ../proxy && pwd)
ROOT=$(cd ../.. && pwd)
CYCLES=${CYCLES:-10}
UNREADY=${UNREADY:-3}
ART=${ART:-/tmp/gitgateway-bench-artifacts}
OUT=${OUT:-$ROOT/bench/results/drain-$(date -u +%Y-%m-%d).json}
BASE_PORT=${BASE_PORT:-28200}
BACKEND_PORT=$((BASE_PORT + 1)); LB_PORT=$((BASE_PORT + 2)); STATS_PORT=$((BASE_PORT + 7))
NODE_PORT=([0]=$((BASE_PORT + 3)) [1]=$((BASE_PORT + 5))); NODE_ADMIN=([0]=$((BASE_PORT + 4)) [1]=$((BASE_PORT + 6)))
NGINX_PORT=0; NGINX_H2_PORT=0; HAPROXY_PORT=0; HAPROXY_H2_PORT=0

for tool in nginx haproxy wrk curl dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: nginx haproxy wrk curl)" >&2; exit 1; }
done

BENCH_NAME=gitgateway-drain
# shellcheck source=../proxy/common.sh
source "$HERE/common.sh"

build_proxy_and_plangen
dotnet "$PLANGEN_DLL" 10 "$DIR/plan.json"
echo "{\"bench/backend:80\": [\"127.0.0.1:$BACKEND_PORT\"]}" > "$DIR/backends.json"
render backend-nginx.conf
nginx -p "$DIR" -c "$DIR/backend-nginx.conf" & PIDS+=($!)
wait_http "http://127.0.0.1:$BACKEND_PORT/"

NODE_PID=()
start_node() { # index
  dotnet "$PROXY_DLL" --plan "$DIR/plan.json" --backends "$DIR/backends.json" --listen 127.0.0.1 \
    --port-map "80=${NODE_PORT[$1]}" --admin-port "${NODE_ADMIN[$1]}" --access-log off --node-name "node-$1" \
    --drain-seconds 5 --unready-seconds "$UNREADY" >>"$DIR/node-$1.log" 2>&1 &
  NODE_PID[$1]=$!; PIDS+=($!)
  wait_http "http://127.0.0.1:${NODE_ADMIN[$1]}/readyz"
}
start_node 0
start_node 1

cat >"$DIR/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 4000
    log stdout format raw local0
defaults
    mode http
    log global
    option httplog
    option dontlog-normal
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
    retries 0
frontend stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /stats
frontend fe
    bind 127.0.0.1:$LB_PORT
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /readyz
    default-server inter 200 fall 2 rise 2
    timeout check 500ms
    server node-0 127.0.0.1:${NODE_PORT[0]} check port ${NODE_ADMIN[0]}
    server node-1 127.0.0.1:${NODE_PORT[1]} check port ${NODE_ADMIN[1]}
EOF
haproxy -f "$DIR/haproxy.cfg" -db >"$DIR/haproxy.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$LB_PORT/bench/5"

in_service() { # index: HAProxy has the node UP
  curl -fsS --max-time 1 "http://127.0.0.1:$STATS_PORT/stats;csv" 2>/dev/null |
    awk -F, -v n="node-$1" '$1 == "nodes" && $2 == n && $18 ~ /^UP/ { up = 1 } END { exit !up }'
}
wait_in_service() { # index
  for _ in $(seq 1 300); do in_service "$1" && return 0; sleep 0.1; done
  echo "node-$1 not back in service within 30 s" >&2; return 1
}

LOAD_START=$(load_now)
duration=$(( CYCLES * (UNREADY + 30) + 10 )) # an upper bound: the load is stopped when the last drain is done
wrk -t2 -c64 -d"${duration}s" --latency "http://127.0.0.1:$LB_PORT/bench/5" >"$DIR/wrk.out" 2>&1 &
WRK=$!; PIDS+=($WRK)
sleep 2
done_cycles=0; exits=()
for i in $(seq 1 "$CYCLES"); do
  kill -0 "$WRK" 2>/dev/null || { echo "load ended after $done_cycles drains" >&2; break; }
  n=$(( i % 2 ))
  t0=$(date +%s%N)
  kill -TERM "${NODE_PID[$n]}"
  wait "${NODE_PID[$n]}" || { echo "node-$n exited non-zero" >&2; break; }
  exits+=($(( ($(date +%s%N) - t0) / 1000000 )))
  start_node "$n"
  wait_in_service "$n"
  done_cycles=$i
done
kill -INT "$WRK" 2>/dev/null || true
wait "$WRK" || true

requests=$(awk '/requests in/ { print $1 }' "$DIR/wrk.out")
non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$DIR/wrk.out"); non2xx=${non2xx:-0}
socket=$(awk '/Socket errors:/ { gsub(",", ""); print "connect " $4 ", read " $6 ", write " $8 ", timeout " $10 }' "$DIR/wrk.out")
median=$(printf '%s\n' "${exits[@]}" | sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "-" }')
echo "drains under load: $done_cycles of $CYCLES (SIGTERM -> exit: median ${median} ms, with --unready-seconds $UNREADY)"
echo "requests: ${requests:-0}; non-2xx: $non2xx; socket errors: ${socket:-none}"
if [[ "$non2xx" != 0 ]]; then # HAProxy logs only failed requests: status, termination state, server
  echo "failed requests by status, HAProxy termination state and server:"
  awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^nodes\//) { print $(i + 2), $(i + 5), $i; break } }' "$DIR/haproxy.log" | sort | uniq -c | sort -rn | head
fi
awk '/Requests\/sec:|50%|99%/' "$DIR/wrk.out"
failed=$(awk -v n="$non2xx" -v s="${socket:-}" 'BEGIN { split(s, a, /[^0-9]+/); for (i in a) n += a[i]; print n + 0 }')
write_results drain "$OUT" "$CYCLES drains of 2 nodes behind HAProxy (/readyz checks every 200 ms, retries 0), --unready-seconds $UNREADY, wrk -t2 -c64" "$LOAD_START-$(load_now)" <<FIGURES
failed_requests $failed lower
drains_missed $((CYCLES - done_cycles)) lower
FIGURES
if [[ "$done_cycles" -lt "$CYCLES" || "$failed" != 0 ]]; then
  echo "FAILED: every drain must finish and no request may fail" >&2
  exit 1
fi
echo "OK: $CYCLES node drains, 0 failed requests"
