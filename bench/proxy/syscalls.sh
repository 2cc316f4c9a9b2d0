#!/usr/bin/env bash
# System calls per proxied request of one proxy build (or of nginx / HAProxy as the proxy, for comparison): runs the
# target in front of the nginx backend, attaches `strace -c -f` to the target's process (the one this script
# started) while wrk (HTTP/1.1) or h2load (h2c) drives it, and prints each call's count divided by the requests
# completed in the same window. strace slows the target a great deal, so the request rate under it means nothing;
# the calls each request costs do not depend on it. Before that, an untraced window of the same load prints the target's
# context switches per request (its threads' voluntary and involuntary switches from /proc).
#
#   bench/proxy/syscalls.sh /tmp/new/gitgateway-proxy.dll      # the node
#   bench/proxy/syscalls.sh nginx                              # nginx with upstream keepalive (conf/proxy-nginx.conf)
#   bench/proxy/syscalls.sh haproxy                            # HAProxy with http-reuse always (conf/haproxy.cfg)
#   TOOL=h2load bench/proxy/syscalls.sh /tmp/new/gitgateway-proxy.dll
#
# A node variant's environment goes in ENVS ('VAR=1 VAR=2'). DURATION (10s), WARMUP (5s), ROUTES (10), TOOL (wrk),
# BASE_PORT (29700), ART adjust it. Needs strace.
# COUNT=perf counts with the kernel's syscall tracepoints (perf stat, as root) instead of strace: the target runs at
# its own speed, so whether a receive finds its data already there (or fails with EAGAIN) is as it is untraced, and
# the same window gives CPU time (task-clock) and context switches per request. Needs perf.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
TOOL=${TOOL:-wrk}
ENVS=${ENVS:-}
DURATION=${DURATION:-10s} WARMUP=${WARMUP:-5s} ROUTES=${ROUTES:-10}
ART=${ART:-/tmp/gitgateway-bench-artifacts}
BASE_PORT=${BASE_PORT:-29700}
BACKEND_PORT=$((BASE_PORT + 1)); NGINX_PORT=$((BASE_PORT + 2)); NGINX_H2_PORT=$((BASE_PORT + 3))
HAPROXY_PORT=$((BASE_PORT + 4)); HAPROXY_H2_PORT=$((BASE_PORT + 5)); PORT=$((BASE_PORT + 10)); ADMIN=$((BASE_PORT + 11))
[[ $# -eq 1 ]] || { sed -n '2,15p' "$0" >&2; exit 2; }
[[ $TOOL == wrk || $TOOL == h2load ]] || { echo "TOOL is wrk or h2load" >&2; exit 2; }
COUNT=${COUNT:-strace}
[[ $COUNT == strace || $COUNT == perf ]] || { echo "COUNT is strace or perf" >&2; exit 2; }
command -v "$COUNT" >/dev/null || { echo "$COUNT is missing (Debian package $([[ $COUNT == perf ]] && echo linux-perf || echo strace))" >&2; exit 2; }
TARGET=$1

BENCH_NAME=gitgateway-syscalls
# shellcheck source=common.sh
source "$HERE/common.sh"

start_backend
PATH_=/bench/$((ROUTES / 2))
case $TARGET in
  nginx)
    render proxy-nginx.conf
    nginx -p "$DIR" -c "$DIR/proxy-nginx.conf" & PIDS+=($!)
    URL=http://127.0.0.1:$([[ $TOOL == h2load ]] && echo "$NGINX_H2_PORT" || echo "$NGINX_PORT")$PATH_ ;;
  haproxy)
    render haproxy.cfg
    haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 & PIDS+=($!)
    URL=http://127.0.0.1:$([[ $TOOL == h2load ]] && echo "$HAPROXY_H2_PORT" || echo "$HAPROXY_PORT")$PATH_ ;;
  *)
    # shellcheck disable=SC2086
    start_node "$TARGET" "$PORT" "$ADMIN" $ENVS
    URL=http://127.0.0.1:$PORT$PATH_ ;;
esac
TARGET_PID=${PIDS[-1]}
sleep 0.5
# nginx's master forks a worker: trace the worker (the one process that proxies).
WORKERS=$(pgrep -P "$TARGET_PID" || true)
TRACED=${WORKERS:-$TARGET_PID}

load() { # seconds -> the tool's output
  if [[ $TOOL == h2load ]]; then h2load -c 64 -t 2 -m 10 -D "$1" "$URL" 2>&1 || true
  else wrk -t2 -c64 -d"$1s" "$URL" 2>&1 || true; fi
}
load "${WARMUP%s}" >/dev/null
# Context switches per request, in a window of its own before strace (which adds its own stops): the sum over the
# target's threads of /proc/<pid>/task/<tid>/status, voluntary (a thread that blocked: it waited for work, e.g. in
# epoll_wait, and was woken) and involuntary (preempted).
switches() { # -> "voluntary involuntary" summed over the threads of $TRACED
  local pid
  for pid in $TRACED; do cat /proc/"$pid"/task/*/status 2>/dev/null; done |
    awk '$1 == "voluntary_ctxt_switches:" { v += $2 } $1 == "nonvoluntary_ctxt_switches:" { n += $2 } END { print v + 0, n + 0 }'
}
read -r v0 n0 < <(switches)
out=$(load "${DURATION%s}")
read -r v1 n1 < <(switches)
if [[ $TOOL == h2load ]]; then count=$(awk '/^requests:/ { print $8 }' <<<"$out")
else count=$(awk '/requests in/ { print $1 }' <<<"$out"); fi
awk -v v=$((v1 - v0)) -v n=$((n1 - n0)) -v c="$count" 'BEGIN {
  printf "context switches per request (untraced, %d requests): %.3f voluntary (woken), %.3f involuntary (preempted)\n", c, v / c, n / c }' >&2
if [[ $COUNT == perf ]]; then
  # Each call's entries; failed receives are the exits with -EAGAIN (-11).
  EVENTS=(-e raw_syscalls:sys_enter -e syscalls:sys_exit_recvfrom --filter 'ret == -11' -e context-switches -e task-clock)
  for call in recvfrom sendto poll epoll_wait getsockopt writev readv read write futex; do EVENTS+=(-e "syscalls:sys_enter_$call"); done
  perf stat -x, -o "$DIR/perf.txt" "${EVENTS[@]}" -p "$(tr ' \n' ',,' <<<"$TRACED" | sed 's/,*$//')" &
  PERF=$!
  sleep 0.2
  out=$(load "${DURATION%s}")
  kill -INT "$PERF"; wait "$PERF" || true
  if [[ $TOOL == h2load ]]; then count=$(awk '/^requests:/ { print $8 }' <<<"$out")
  else count=$(awk '/requests in/ { print $1 }' <<<"$out"); fi
  echo "$TARGET ($TOOL): $count requests while counted" >&2
  # perf stat -x,: "value,unit,event,..."
  awk -F, -v n="$count" '
    $3 == "raw_syscalls:sys_enter" { printf "%8.2f  all system calls per request\n", $1 / n }
    $3 == "syscalls:sys_exit_recvfrom" { printf "%8.2f  recvfrom that failed (EAGAIN)\n", $1 / n }
    $3 ~ /^syscalls:sys_enter_/ && $1 / n >= 0.01 { sub("syscalls:sys_enter_", "", $3); printf "%8.2f  %s\n", $1 / n, $3 }
    $3 == "context-switches" { printf "%8.3f  context switches per request\n", $1 / n }
    $3 == "task-clock" { printf "%8.2f  CPU us per request (task-clock)\n", $1 * 1000 / n }' "$DIR/perf.txt" | sort -gr
  exit 0
fi
ATTACH=()
for pid in $TRACED; do ATTACH+=(-p "$pid"); done
strace -c -f -q -o "$DIR/strace.txt" "${ATTACH[@]}" &
STRACE=$!
sleep 1 # strace attaches to every thread before the window starts
out=$(load "${DURATION%s}")
kill -INT "$STRACE"; wait "$STRACE" || true
if [[ $TOOL == h2load ]]; then count=$(awk '/^requests:/ { print $8 }' <<<"$out")
else count=$(awk '/requests in/ { print $1 }' <<<"$out"); fi
echo "$TARGET ($TOOL): $count requests while traced" >&2
# strace -c: "% time seconds usecs/call calls errors syscall"; errors (EAGAIN: a receive tried before data came) may be empty.
awk -v n="$count" '
  $1 ~ /^[0-9.]+$/ && NF >= 5 {
    name = $NF; calls = $4; errors = (NF >= 6) ? $5 : 0
    if (name == "total") total = calls
    else if (calls / n >= 0.01) printf "%8.2f  %s%s\n", calls / n, name, (errors > 0 ? sprintf(" (%.2f failed)", errors / n) : "")
  }
  END { printf "%8.2f  all system calls per request\n", total / n }' "$DIR/strace.txt" | sort -gr
