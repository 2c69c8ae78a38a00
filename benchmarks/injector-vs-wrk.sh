#!/usr/bin/env bash
# sluice-h1load vs wrk against nginx (Debian's package, "return 200"), keep-alive, 50 connections, 10 s.
# nginx runs pinned to one core, the injector under test to the other; runs are interleaved A B A B so both see
# the same machine, and the ratio is what to quote. Usage: benchmarks/injector-vs-wrk.sh [rounds] [seconds]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-2}
secs=${2:-10}
ncpu=$(nproc)
srv_cpu=0
inj_cpu=$(( ncpu > 1 ? 1 : 0 ))

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update
    apt-get install -y "${need[@]}"
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

[ -f "$root/injector/target/sluice-h1load.jar" ] ||
    (cd "$root" && mvn -B -q -DskipTests -pl injector -am package)

tmp=$(mktemp -d /tmp/injector-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$tmp/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        location / { return 200 ok; }
    }
}
CONF
taskset -c "$srv_cpu" "$NGINX" -c "$tmp/nginx.conf" -p "$tmp" &
ngx=$!
cleanup() { kill "$ngx" 2>/dev/null || true; wait "$ngx" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
    sleep 0.1
done

url="http://127.0.0.1:$port/"
JAVA=${JAVA:-java}

run_h1load() { # prints req/s: mean rps of the measured lines (1..secs)
    taskset -c "$inj_cpu" "$JAVA" ${SLUICE_H1LOAD_JAVA_OPTS:-} -jar "$root/injector/target/sluice-h1load.jar" \
        -ll -t 1 -c 50 -d "$secs" "$url" > "$tmp/h1.out"
    awk -v s="$secs" 'NR > 1 && NR <= s + 1 { sum += $9; n++ } END { printf "%.0f\n", sum / n }' "$tmp/h1.out"
}
run_wrk() {
    taskset -c "$inj_cpu" wrk -t1 -c50 -d"${secs}s" "$url" > "$tmp/wrk.out"
    awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' "$tmp/wrk.out"
}

printf '%-6s %-14s %12s\n' round injector 'req/s'
h_all=()
w_all=()
for r in $(seq "$rounds"); do
    h=$(run_h1load); h_all+=("$h"); printf '%-6s %-14s %12s\n' "$r" sluice-h1load "$h"
    w=$(run_wrk);    w_all+=("$w"); printf '%-6s %-14s %12s\n' "$r" wrk "$w"
done
hs=$(printf '%s\n' "${h_all[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
ws=$(printf '%s\n' "${w_all[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
echo "mean sluice-h1load: $hs req/s"
echo "mean wrk:           $ws req/s"
awk -v h="$hs" -v w="$ws" 'BEGIN { printf "ratio sluice-h1load / wrk: %.3f (goal >= 0.8)\n", h / w }'
