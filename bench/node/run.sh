#!/usr/bin/env bash
# Node start: how long gitgateway-proxy takes from exec to /readyz with a large plan, and what it holds. plangen
# writes a ROUTES-route plan with the shares of a large shared gateway (--mixed: a fifth regex paths, header
# matches, rate-limit/IP/CORS policies); the node starts on it RUNS times, one at a time, and for each run the
# script reads /proc and /metrics: time to ready (wall: sensitive to load, reported with the load average),
# CPU seconds spent until ready (user+system: what load elsewhere does not inflate), RSS at ready, peak RSS, GC
# heap and RSS after SETTLE seconds idle, the apply steps the node reports, and its CPU over IDLE_SECONDS more idle
# (share of one core, from /proc/PID/stat; 0 skips it), then RSS after LOAD_SECONDS (10; 0 skips it) each of wrk on an
# exact and a regex route and h2load on the exact one, through a local nginx backend, with any failed request, and RSS
# once more TRIM_SECONDS (6) after h2load: what the node keeps once the HTTP/1.1 pool's trim has closed the idle
# upstream connections (4 s idle bound, trimmed every second), and with NODE_ARGS=--gc-after-burst once the end of the
# burst has given the GC's spare memory back (1-2 s after the last request), against what the load peaked at. Medians go to
# bench/results/node-start-<UTC date>.json (see bench/compare.sh). GC=shipped runs the node with its own GC
# setting (workstation GC since dda669f, so both give the same figures) instead of forcing workstation GC.
#
#   bench/node/run.sh                       # build Release, 10,000 mixed routes, 3 runs
#   ROUTES=1000 RUNS=5 bench/node/run.sh
#   SKIP_BUILD=1 ART=/path/to/artifacts PROXY_DLL=/tmp/old/gitgateway-proxy.dll bench/node/run.sh
#   PROXY_DLL=/tmp/old-publish/gitgateway-proxy bench/node/run.sh   # an apphost (no .dll) is run as it is
#   NODE_ARGS="--upstream-max-connections 64" bench/node/run.sh      # more arguments for the node
#
# The node measured is the shape the image ships (scripts/build-images.sh): a self-contained linux-x64 publish
# started by its apphost, not `dotnet gitgateway-proxy.dll` of a build. PROXY_DLL=path.dll runs a build with dotnet.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
HERE=$ROOT/bench/proxy
ROUTES=${ROUTES:-10000}
RUNS=${RUNS:-3}
SETTLE=${SETTLE:-5}
IDLE_SECONDS=${IDLE_SECONDS:-20}
LOAD_SECONDS=${LOAD_SECONDS:-10}
TRIM_SECONDS=${TRIM_SECONDS:-6}
read -r -a EXTRA_ARGS <<<"${NODE_ARGS:-}"
ART=${ART:-/tmp/gitgateway-bench-artifacts}
BASE_PORT=${BASE_PORT:-28200}
BACKEND_PORT=$((BASE_PORT + 1)); GG_PORT=$((BASE_PORT + 6)); GG_ADMIN=$((BASE_PORT + 7))
NGINX_PORT=0; NGINX_H2_PORT=0; HAPROXY_PORT=0; HAPROXY_H2_PORT=0
OUT=${OUT:-$ROOT/bench/results/node-start-$(date -u +%Y-%m-%d).json}
OVERRIDE_DLL=${PROXY_DLL:-}

for tool in curl dotnet awk; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
if ((LOAD_SECONDS > 0)); then
  for tool in nginx wrk h2load; do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: nginx wrk nghttp2-client; LOAD_SECONDS=0 skips the load)" >&2; exit 1; }
  done
fi

BENCH_NAME=gitgateway-node-start
# shellcheck source=../proxy/common.sh
source "$HERE/common.sh"
build_proxy_and_plangen
PUBLISH=$ART/publish/gitgateway-proxy
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "publishing gitgateway-proxy as the image does (self-contained linux-x64)..." >&2
  rm -rf "$PUBLISH"
  dotnet publish "$ROOT/src/Proxy/Proxy.csproj" -c Release -r linux-x64 --self-contained -o "$PUBLISH" --nologo -v q \
    --artifacts-path "$ART/publish-obj" -p:CopyOutputSymbolsToPublishDirectory=false -p:GenerateDocumentationFile=false >/dev/null
fi
PROXY_DLL=${OVERRIDE_DLL:-$PUBLISH/gitgateway-proxy}
NODE_CMD=("$PROXY_DLL")
[[ $PROXY_DLL != *.dll ]] || NODE_CMD=(dotnet "$PROXY_DLL")
dotnet "$PLANGEN_DLL" "$ROUTES" "$DIR/plan.json" --mixed
echo "{\"bench/backend:80\": [\"127.0.0.1:$BACKEND_PORT\"]}" > "$DIR/backends.json"
if ((LOAD_SECONDS > 0)); then
  render backend-nginx.conf; nginx -p "$DIR" -c "$DIR/backend-nginx.conf" & PIDS+=($!)
  wait_http "http://127.0.0.1:$BACKEND_PORT/"
fi
TICKS=$(getconf CLK_TCK)
# GC=workstation (what bench/proxy measures) or GC=shipped (the node's own setting, see Proxy.csproj: workstation GC
# since 2026-12-07, so the two are the same unless the csproj changes).
GC_MODE=${GC:-workstation}
case $GC_MODE in
  workstation) GC_ENV=(DOTNET_gcServer=0) ;;
  shipped) GC_ENV=(GITGATEWAY_BENCH=1) ;;
  *) echo "GC must be workstation or shipped" >&2; exit 2 ;;
esac

smaps_top() { # pid -> the six mappings (by name; anonymous ones together) holding the most resident memory
  awk '/^[0-9a-f]+-[0-9a-f]+ / { n = ($6 == "" ? "[anon]" : $6); sub(".*/", "", n) } /^Rss:/ { r[n] += $2 }
    END { for (n in r) printf "%d %s\n", r[n] / 1024, n }' "/proc/$1/smaps" | sort -rn | head -6 | awk '{ printf "%s %s ", $2, $1 }'
}
mb() { awk -v b="${1:-0}" 'BEGIN { printf "%.1f", b / 1e6 }'; }
metric() { # name [label-filter] -> value from the node's /metrics
  curl -fsS --max-time 5 "http://127.0.0.1:$GG_ADMIN/metrics" | awk -v n="$1" -v l="${2:-}" '$1 == n || ($1 ~ "^" n "\\{" && index($1, l)) { print $2; exit }'
}
cpu_seconds() { awk -v t="$TICKS" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
kib() { awk -v k="$2" '$1 == k ":" { print $2 }' "/proc/$1/status"; }

ROWS=()
for run in $(seq 1 "$RUNS"); do
  rm -rf "$DIR/state"
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s%N)
  env "${GC_ENV[@]}" "${NODE_CMD[@]}" --plan "$DIR/plan.json" --backends "$DIR/backends.json" \
    --listen 127.0.0.1 --port-map "80=$GG_PORT" --admin-port "$GG_ADMIN" --access-log off --drain-seconds 0 \
    --state-dir "$DIR/state" "${EXTRA_ARGS[@]}" >"$DIR/node.log" 2>&1 &
  NODE=$!; PIDS+=("$NODE")
  ready=""
  for _ in $(seq 1 12000); do
    if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$GG_ADMIN/readyz" 2>/dev/null; then ready=1; break; fi
    kill -0 "$NODE" 2>/dev/null || break
    sleep 0.02
  done
  [[ -n "$ready" ]] || { echo "node did not become ready (run $run):" >&2; tail -5 "$DIR/node.log" >&2; exit 1; }
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cpu_ready=$(cpu_seconds "$NODE"); rss_ready=$(kib "$NODE" VmRSS)
  steps=""
  for s in hash validate compile swap save; do v=$(metric gitgateway_proxy_plan_apply_step_seconds "\"$s\""); steps+="${v:-0} "; done
  sleep "$SETTLE"
  rss_settled=$(kib "$NODE" VmRSS); peak=$(kib "$NODE" VmHWM); heap=$(metric gitgateway_proxy_gc_heap_bytes)
  cpu_settled=$(cpu_seconds "$NODE")
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GG_PORT/team-1/r1/v2/items/abc" || true)
  # Idle: nothing is asked of the node for IDLE_SECONDS; its CPU then is the plan source's watch and the runtime's timers.
  idle=0
  if ((IDLE_SECONDS > 0)); then
    t1=$(cpu_ticks "$NODE"); sleep "$IDLE_SECONDS"; t2=$(cpu_ticks "$NODE")
    idle=$(awk -v d=$((t2 - t1)) -v t="$TICKS" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.3f", 100 * d / t / s }')
  fi
  # Under load: wrk on an exact and on a regex route, then h2load on the exact one (bench/proxy/run.sh's mixed rows),
  # LOAD_SECONDS each; then what the node holds (RSS after load, peak) and whether any request failed.
  # Each stage prints its requests/s and the node's CPU per request (user+system over the requests done: a loaded box
  # stretches the first, far less the second).
  rss_h1=0; rss_load=0; peak_load=0; rss_trim=0; failed=""; stages=""
  if ((LOAD_SECONDS > 0)); then
    for path in /bench/6 /team-1/r1/v2/items/abc-1; do
      t1=$(cpu_ticks "$NODE")
      out=$(wrk -t2 -c64 -d"${LOAD_SECONDS}s" "http://127.0.0.1:$GG_PORT$path" 2>&1 || true)
      t2=$(cpu_ticks "$NODE")
      failed+=$(awk -v p="$path" '/Non-2xx|Socket errors/ { printf "[wrk %s: %s] ", p, $0 }' <<<"$out")
      stages+=$(awk -v p="$path" -v d=$((t2 - t1)) -v t="$TICKS" '/requests in/ { n = $1 } /^Requests\/sec:/ { r = $2 }
        END { printf "wrk %s %.0f req/s %.1f us/req; ", p, r, (n > 0 ? d / t * 1e6 / n : 0) }' <<<"$out")
    done
    rss_h1=$(kib "$NODE" VmRSS)
    # Midway through h2load: the node's connections to the backend (one per stream in flight unless bounded).
    (sleep $((LOAD_SECONDS / 2)); ss -Htn state established "( dport = :$BACKEND_PORT )" 2>/dev/null | wc -l >"$DIR/upstream-midway") &
    t1=$(cpu_ticks "$NODE")
    out=$(h2load -c 64 -t 2 -m 10 -D "$LOAD_SECONDS" "http://127.0.0.1:$GG_PORT/bench/6" 2>&1 || true)
    t2=$(cpu_ticks "$NODE")
    wait $!
    failed+=$(awk '/^requests:/ && ($10 != 0 || $12 != 0) { printf "[h2load: %s failed, %s errored] ", $10, $12 }
      /^status codes:/ && ($7 != 0 || $9 != 0) { printf "[h2load: %s 4xx, %s 5xx] ", $7, $9 }' <<<"$out")
    stages+=$(awk -v d=$((t2 - t1)) -v t="$TICKS" '/^requests:/ { n = $8 } /^finished in/ { gsub(",", "", $4); r = $4 }
      END { printf "h2load /bench/6 %.0f req/s %.1f us/req", r, (n > 0 ? d / t * 1e6 / n : 0) }' <<<"$out")
    rss_load=$(kib "$NODE" VmRSS); peak_load=$(kib "$NODE" VmHWM)
    # What the node holds right after h2load: the GC's own split, its threads and its connections to the backend.
    split=$(for g in 0 1 2; do printf 'gen%s %s MB, ' "$g" "$(mb "$(metric gitgateway_proxy_gc_generation_bytes "generation=\"$g\"")")"; done)
    split+="committed $(mb "$(metric gitgateway_proxy_gc_committed_bytes)") MB, fragmented $(mb "$(metric gitgateway_proxy_gc_fragmented_bytes)") MB"
    split+=", threads $(kib "$NODE" Threads), upstream connections $(ss -Htn state established "( dport = :$BACKEND_PORT )" 2>/dev/null | wc -l)"
    split+=" ($(cat "$DIR/upstream-midway") midway through h2load)"
    split+=", largest mappings by RSS (MiB): $(smaps_top "$NODE")"
    stages+="; after h2load: $split"
    # What the node keeps: the same TRIM_SECONDS later, once the idle upstream connections are trimmed.
    sleep "$TRIM_SECONDS"
    rss_trim=$(kib "$NODE" VmRSS)
    stages+="; ${TRIM_SECONDS} s later: RSS ${rss_trim} KiB, GC committed $(mb "$(metric gitgateway_proxy_gc_committed_bytes)") MB"
    stages+=", upstream connections $(ss -Htn state established "( dport = :$BACKEND_PORT )" 2>/dev/null | wc -l)"
  fi
  kill "$NODE"; wait "$NODE" 2>/dev/null || true
  ROWS+=("$ready_ms $cpu_ready $((rss_ready / 1024)) $((peak / 1024)) $((rss_settled / 1024)) $((heap / 1048576)) $cpu_settled $steps$load $code $idle $((rss_load / 1024)) $((peak_load / 1024)) $((rss_h1 / 1024)) $((rss_trim / 1024))")
  echo "run $run: ready ${ready_ms} ms, CPU ${cpu_ready} s, RSS ${rss_ready} KiB at ready, peak ${peak} KiB," \
    "${rss_settled} KiB after ${SETTLE} s, GC heap $((heap / 1048576)) MiB; steps (s) hash/validate/compile/swap/save: $steps;" \
    "load $load; a regex route answered $code; idle CPU ${idle}% of a core over ${IDLE_SECONDS} s;" \
    "RSS ${rss_h1} KiB after the wrk runs, ${rss_load} KiB after h2load too, peak ${peak_load} KiB; ${stages}; failed: ${failed:-none}" >&2
done

median() { printf '%s\n' "${ROWS[@]}" | awk -v c="$1" '{ print $c }' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
loads=$(printf '%s\n' "${ROWS[@]}" | awk '{ print $13 }' | sort -g | sed -n '1p;$p' | uniq | paste -sd- -)
write_results node-start "$OUT" "$ROUTES routes (plangen --mixed), $RUNS runs one at a time, medians; GC ${GC_MODE}" "$loads" <<FIGURES
ready_ms $(median 1) lower
cpu_to_ready_s $(median 2) lower
rss_ready_mib $(median 3) lower
rss_peak_mib $(median 4) lower
rss_settled_mib $(median 5) lower
gc_heap_mib $(median 6) lower
idle_cpu_pct $(median 15) lower
rss_after_http1_load_mib $(median 18) lower
rss_after_load_mib $(median 16) lower
rss_after_trim_mib $(median 19) lower
rss_peak_after_load_mib $(median 17) lower
FIGURES
cat "$OUT"
