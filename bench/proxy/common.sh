# Shared by run.sh and ab.sh (sourced): a scratch directory, process cleanup, config rendering, readiness.
# Expects HERE and the *_PORT variables to be set.

# The floor listeners of nginx and HAProxy (ab.sh FLOOR=1), beside the ports of a script that sets BASE_PORT (the
# render and swap benches do not, and render no config that has them).
if [[ -n ${BASE_PORT:-} ]]; then NGINX_FLOOR_PORT=$((BASE_PORT + 50)); HAPROXY_FLOOR_PORT=$((BASE_PORT + 51)); fi
DIR=$(mktemp -d "/tmp/${BENCH_NAME:-gitgateway-bench}.XXXXXX")
mkdir -p "$DIR/tmp"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

render() { # template -> $DIR/<name>
  sed -e "s|@DIR@|$DIR|g" -e "s|@BACKEND_PORT@|$BACKEND_PORT|g" -e "s|@NGINX_PORT@|$NGINX_PORT|g" \
      -e "s|@NGINX_H2_PORT@|$NGINX_H2_PORT|g" -e "s|@HAPROXY_PORT@|$HAPROXY_PORT|g" \
      -e "s|@HAPROXY_H2_PORT@|$HAPROXY_H2_PORT|g" -e "s|@NGINX_FLOOR_PORT@|${NGINX_FLOOR_PORT:-}|g" \
      -e "s|@HAPROXY_FLOOR_PORT@|${HAPROXY_FLOOR_PORT:-}|g" "$HERE/conf/$1" > "$DIR/$1"
}

wait_http() { # url
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "not answering: $1" >&2; return 1
}

to_ms() { # "1.23ms" | "850.00us" | "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

build_proxy_and_plangen() { # unless SKIP_BUILD; sets PROXY_DLL and PLANGEN_DLL (expects ROOT, HERE, ART)
  if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building gitgateway-proxy and plangen (Release)..." >&2
    dotnet build -c Release "$ROOT/src/Proxy/Proxy.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
    dotnet build -c Release "$HERE/PlanGen/PlanGen.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
  fi
  PROXY_DLL="$ART/bin/Proxy/release/gitgateway-proxy.dll"
  PLANGEN_DLL="$ART/bin/PlanGen/release/plangen.dll"
}

write_results() { # bench-name out-file setup-text load-text, then "figure value lower|higher" lines on stdin
  local name=$1 out=$2 setup=$3 load=$4 root first=1 figure value better
  root=$(cd "$HERE/../.." && pwd)
  mkdir -p "$(dirname "$out")"
  {
    printf '{\n  "bench": "%s",\n  "date": "%s",\n' "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "machine": "%s cores, %s",\n' "$(nproc)" "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    printf '  "commit": "%s",\n  "load": "%s",\n  "setup": "%s",\n  "figures": {\n' \
      "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$load" "$setup"
    while read -r figure value better; do
      [[ -n "$figure" && -n "$value" ]] || continue
      [[ $first -eq 1 ]] || printf ',\n'
      first=0
      printf '    "%s": {"value": %s, "better": "%s"}' "$figure" "$value" "$better"
    done
    printf '\n  }\n}\n'
  } >"$out"
  echo "wrote $out" >&2
}

make_certificate() { # one self-signed ECDSA P-256 certificate for 127.0.0.1 in $DIR/tls, as each server reads it
  mkdir -p "$DIR/tls" "$DIR/certs/bench/bench"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench.local \
    -addext "subjectAltName=DNS:bench.local,IP:127.0.0.1" -keyout "$DIR/tls/tls.key" -out "$DIR/tls/tls.crt" 2>/dev/null
  cat "$DIR/tls/tls.crt" "$DIR/tls/tls.key" >"$DIR/tls/haproxy.pem"
  cp "$DIR/tls/tls.crt" "$DIR/tls/tls.key" "$DIR/certs/bench/bench/"
}

load_now() { cut -d' ' -f1 /proc/loadavg; }

start_backend() { # the plan of $ROUTES exact-path routes, its backends file and the nginx backend (expects ART, ROUTES)
  [[ -f "$ART/bin/PlanGen/release/plangen.dll" ]] ||
    dotnet build -c Release "$HERE/PlanGen/PlanGen.csproj" --artifacts-path "$ART" -v q -nologo >/dev/null
  dotnet "$ART/bin/PlanGen/release/plangen.dll" "$ROUTES" "$DIR/plan.json"
  echo "{\"bench/backend:80\": [\"127.0.0.1:$BACKEND_PORT\"]}" > "$DIR/backends.json"
  render backend-nginx.conf
  nginx -p "$DIR" -c "$DIR/backend-nginx.conf" & PIDS+=($!)
  wait_http "http://127.0.0.1:$BACKEND_PORT/"
}

start_node() { # dll port admin-port [VAR=value...]: a node (workstation GC unless a VAR says otherwise) in front of the backend, until ready
  local dll=$1 port=$2 admin=$3
  shift 3
  env DOTNET_gcServer=0 "$@" dotnet "$dll" --plan "$DIR/plan.json" --backends "$DIR/backends.json" --listen 127.0.0.1 \
    --port-map "80=$port" --admin-port "$admin" --access-log off --drain-seconds 0 --state-dir "$DIR/state-$port" \
    >"$DIR/node-$port.log" 2>&1 & PIDS+=($!)
  wait_http "http://127.0.0.1:$admin/readyz"
}
