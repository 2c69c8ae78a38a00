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
master_process off;
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
tck=$(getconf CLK_TCK)

busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
total_jiffies() { awk '/^cpu / { s = 0; for (i = 2; i <= 9; i++) s += $i; print s }' /proc/stat; }
proc_jiffies() { # utime+stime of a pid (0 if gone)
    awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# The machine is shared: wait (up to 60 s) until it has been <= 10 % busy for 2 s, as in peer-baseline-here.md.
wait_idle() {
    local waited=0 b0 t0 b1 t1
    while [ "$waited" -lt 60 ]; do
        b0=$(busy_jiffies); t0=$(total_jiffies); sleep 2; b1=$(busy_jiffies); t1=$(total_jiffies)
        if [ $(( (b1 - b0) * 100 )) -le $(( (t1 - t0) * 10 )) ]; then
            return 0
        fi
        waited=$((waited + 2))
    done
    echo "warning: machine still busy after 60 s, measuring anyway" >&2
}

# run_one NAME CMD...: runs the injector pinned to $inj_cpu; sets RUN_CPU (its CPU s) and RUN_FOREIGN (% of the
# machine used by other processes during the run).
run_one() {
    local b0 t0 n0 b1 t1 n1 pid
    b0=$(busy_jiffies); t0=$(total_jiffies); n0=$(proc_jiffies "$ngx")
    taskset -c "$inj_cpu" "$@" > "$tmp/out" 2>&1 &
    pid=$!
    local last=0 cur
    while kill -0 "$pid" 2>/dev/null; do
        cur=$(proc_jiffies "$pid"); [ "$cur" -gt 0 ] && last=$cur
        sleep 0.2
    done
    wait "$pid"
    b1=$(busy_jiffies); t1=$(total_jiffies); n1=$(proc_jiffies "$ngx")
    RUN_CPU=$(awk -v j="$last" -v t="$tck" 'BEGIN { printf "%.2f", j / t }')
    RUN_FOREIGN=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v n=$((n1 - n0)) -v i="$last" \
        'BEGIN { f = (b - n - i) * 100 / t; if (f < 0) f = 0; printf "%.0f", f }')
}

run_h1load() { # req/s = mean rps of the measured lines 1..secs (-ll prints raw rates)
    run_one "$JAVA" ${SLUICE_H1LOAD_JAVA_OPTS:-} -jar "$root/injector/target/sluice-h1load.jar" \
        -ll -t 1 -c 50 -d "$secs" "$url"
    RUN_RPS=$(awk -v s="$secs" '!/^#/ && n < s { sum += $9; tot = $4; n++ } END { printf "%.0f", sum / n }' \
        "$tmp/out")
    RUN_REQS=$(awk -v s="$secs" '!/^#/ && n < s { tot = $4; n++ } END { print tot }' "$tmp/out")
    # The JVM's JIT warm-up takes the first second or two; lines 3..S show the steady state.
    RUN_STEADY=$(awk -v s="$secs" '!/^#/ && n < s { n++; if (n >= 3) { sum += $9; m++ } }
        END { printf "%.0f", sum / m }' "$tmp/out")
}
run_wrk() {
    run_one wrk -t1 -c50 -d"${secs}s" "$url"
    RUN_RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/out")
    RUN_REQS=$(awk '/requests in/ { print $1 }' "$tmp/out")
}

printf '%-6s %-14s %10s %10s %12s %9s\n' round injector 'req/s' 'cpu s' 'cpu us/req' 'foreign%'
h_all=()
s_all=()
w_all=()
for r in $(seq "$rounds"); do
    for who in h1load wrk; do
        for attempt in 1 2; do
            wait_idle
            "run_$who"
            # A run that saw more than 20 % of foreign load is repeated once.
            [ "$RUN_FOREIGN" -le 20 ] && break
        done
        usreq=$(awk -v c="$RUN_CPU" -v n="$RUN_REQS" 'BEGIN { printf "%.2f", (n > 0 ? c * 1e6 / n : 0) }')
        printf '%-6s %-14s %10s %10s %12s %9s' "$r" "$who" "$RUN_RPS" "$RUN_CPU" "$usreq" "$RUN_FOREIGN"
        if [ "$who" = h1load ]; then
            printf '   (steady, lines 3..%s: %s req/s)\n' "$secs" "$RUN_STEADY"
            h_all+=("$RUN_RPS"); s_all+=("$RUN_STEADY")
        else
            printf '\n'
            w_all+=("$RUN_RPS")
        fi
    done
done
hs=$(printf '%s\n' "${h_all[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
ss=$(printf '%s\n' "${s_all[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
ws=$(printf '%s\n' "${w_all[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
echo "mean sluice-h1load: $hs req/s (steady state: $ss req/s)"
echo "mean wrk:           $ws req/s"
awk -v h="$hs" -v s="$ss" -v w="$ws" \
    'BEGIN { printf "ratio sluice-h1load / wrk: %.3f (steady state %.3f; goal >= 0.8)\n", h / w, s / w }'
