#!/usr/bin/env bash
# On which thread the node handles its backends' answers: runs one node build in front of the nginx backend under
# wrk, records its sendto and recvfrom calls with their thread ids (perf, the syscall tracepoints) for a few seconds,
# and for each backend socket pairs the send of a request with the next receive on it (the answer). Prints how many
# answers were received on another thread than the one that sent the request. With inline socket completions a
# request is sent on the socket engine thread that read it from the client, and its answer is read on the engine
# thread its backend socket belongs to, so an answer on another thread is a hop of the request between threads.
#
#   bench/proxy/answer-threads.sh /tmp/new/gitgateway-proxy.dll
#
# A node variant's environment goes in ENVS ('VAR=1 VAR=2'). DURATION (3s, recorded), WARMUP (6s), ROUTES (10),
# BASE_PORT (29800), ART adjust it. Needs perf.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ENVS=${ENVS:-}
DURATION=${DURATION:-3s} WARMUP=${WARMUP:-6s} ROUTES=${ROUTES:-10}
ART=${ART:-/tmp/gitgateway-bench-artifacts}
BASE_PORT=${BASE_PORT:-29800}
BACKEND_PORT=$((BASE_PORT + 1)); PORT=$((BASE_PORT + 10)); ADMIN=$((BASE_PORT + 11))
NGINX_PORT=; NGINX_H2_PORT=; HAPROXY_PORT=; HAPROXY_H2_PORT= # common.sh renders them; only the backend runs here
[[ $# -eq 1 ]] || { sed -n '2,13p' "$0" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is missing (Debian package linux-perf)" >&2; exit 2; }
DLL=$1

BENCH_NAME=gitgateway-answer-threads
# shellcheck source=common.sh
source "$HERE/common.sh"

start_backend
# shellcheck disable=SC2086
start_node "$DLL" "$PORT" "$ADMIN" $ENVS
NODE=${PIDS[-1]}
wrk -t2 -c64 -d$((${WARMUP%s} + ${DURATION%s} + 2))s "http://127.0.0.1:$PORT/bench/$((ROUTES / 2))" >"$DIR/wrk.txt" 2>&1 &
WRK=$!
sleep "${WARMUP%s}"
perf record -e syscalls:sys_enter_sendto -e syscalls:sys_enter_recvfrom -p "$NODE" -o "$DIR/perf.data" \
  -- sleep "${DURATION%s}" >/dev/null 2>&1
# The node's sockets to the backend, by descriptor.
FDS=$(ss -tnpH state established "dport = :$BACKEND_PORT" | grep -o "pid=$NODE,fd=[0-9]*" | sed 's/.*fd=//' | sort -u | tr '\n' ' ')
wait "$WRK" || true
echo "load average $(load_now), $(awk '/^Requests\/sec:/ { print $2 }' "$DIR/wrk.txt") req/s under wrk -t2 -c64"
perf script -i "$DIR/perf.data" -F tid,event,trace 2>/dev/null | awk -v fds="$FDS" '
  function hex(s,   i, n) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return n }
  BEGIN { n = split(fds, f, " "); for (i = 1; i <= n; i++) backend[f[i]] = 1 }
  match($0, /fd: 0x[0-9a-f]+/) {
    fd = hex(substr($0, RSTART + 6, RLENGTH - 6)); if (!(fd in backend)) next
    if ($2 ~ /sendto/) { sender[fd] = $1 }
    else if (fd in sender) { answers++; if ($1 != sender[fd]) other++; delete sender[fd] }
  }
  END { printf "%d backend connections, %d answers, %d of them (%.1f%%) received on another thread than the request was sent on\n", n, answers, other, answers ? 100 * other / answers : 0 }'
