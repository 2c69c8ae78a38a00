#!/usr/bin/env bash
# Sluice vs HAProxy in mode http (both http-reuse never) in front of the same nginx "return 200" backend, keep-alive
# wrk clients, nbthread 1 and 2. Prints req/s, p99, proxy CPU per request, the Sluice/HAProxy ratio, and Sluice's
# bytes allocated per request on its event-loop threads (exact JVM counters read through JFR), then, once, the
# allocation sites of the loop threads (a -XX:-UseTLAB run where JFR records every allocation with its stack).
# Runs are interleaved (HAProxy, Sluice, HAProxy, Sluice...) so that machine noise hits both alike: quote the ratio.
#
# Usage: benchmarks/http-vs-haproxy.sh [duration_s=8] [connections=50] [rounds=2]
# Environment:
#   JAVA_HOME          JDK that runs Sluice (default: the first JDK >= 17, i.e. 17 here; e.g.
#                      JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)
#   SLUICE_JAVA_OPTS   JVM options for Sluice (default: -Xms256m -Xmx256m -XX:+UseParallelGC)
#   THREADS="1 2"      nbthread values; WARMUP=5 warm-up seconds before each measured run
#   IDLE_WAIT=6        seconds to wait at most for an idle machine (<= 10 % busy for 2 s) before each run
#   RETRY_BUSY=1       times a run is repeated when other processes used more than MAX_FOREIGN=20 % of the machine
#   BUDGET=150         seconds after which the script stops waiting for idle and stops repeating busy runs
#   SITES=1            0 skips the allocation-site run; SITES_DUR=3 its load seconds; SITES_TOP=12 sites listed;
#                      SITES_JAVA_OPTS its JVM options (default -Xms256m -Xmx256m -XX:+UseG1GC -XX:-UseTLAB)
#   CLOSE=1            clients send "Connection: close" (one request per connection) instead of keep-alive
#   KEEP=<dir>         copy the configs, wrk outputs and JFR recordings there
# Pinning (taskset): 2 cores: nbthread 1 -> proxy on CPU 0, nginx + wrk on CPU 1; nbthread 2 -> everything shares
# both cores (proxy, nginx and wrk on 0,1). 3 cores: proxy 0 (or 0,1 for nbthread 2), nginx and wrk on the rest.
# >= 4 cores: proxy on 0 (0,1), nginx on the next core, wrk on the one after.
# Needs: Debian/Ubuntu (installs haproxy, nginx and wrk with apt-get if missing), python3, a JDK >= 17.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/lib-java.sh"
DUR=${1:-8}
CONNS=${2:-50}
ROUNDS=${3:-2}
THREADS=${THREADS:-1 2}
WARMUP=${WARMUP:-5}
IDLE_WAIT=${IDLE_WAIT:-6}
MAX_FOREIGN=${MAX_FOREIGN:-20}
RETRY_BUSY=${RETRY_BUSY:-1}
BUDGET=${BUDGET:-150}
CLOSE=${CLOSE:-0}
wrk_hdr=()
if [ "$CLOSE" = 1 ]; then wrk_hdr=(-H "Connection: close"); fi
SITES=${SITES:-1}
SITES_DUR=${SITES_DUR:-3}
SITES_TOP=${SITES_TOP:-12}
SLUICE_JAVA_OPTS=${SLUICE_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC}
# No TLAB, so that every allocation takes the runtime's slow path and JFR sees it; G1, because ParallelGC and
# SerialGC let JDK 17's compiled code bump-allocate in eden without TLABs, which JFR does not see.
SITES_JAVA_OPTS=${SITES_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseG1GC -XX:-UseTLAB}
t_begin=$(date +%s)

# 1. Tools.
need=()
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]} (apt-get)..." >&2
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
JDK_BIN=$(dirname "$JAVA")
JCMD=$JDK_BIN/jcmd
[ -x "$JCMD" ] || { echo "no jcmd next to $JAVA: a full JDK is needed" >&2; exit 1; }
jar="$root/proxy-core/target/sluice.jar"
ensure_jar "$jar" proxy-core
summariser="$root/benchmarks/src/main/java/io/sluice/bench/alloc/AllocSummary.java"
ncpu=$(nproc)

work=$(mktemp -d /tmp/sluice-httpbench.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp -r "$work"/. "$KEEP"/ 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    local _
    for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
    echo "nothing listens on port $1" >&2; return 1
}
now_ms() { date +%s%3N; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# 2. CPU layout per nbthread: sets P_CPUS (proxy), N_CPUS (nginx), W_CPUS (wrk) and LAYOUT (a description).
layout() {
    local nbt=$1
    if [ "$ncpu" -ge 4 ]; then
        if [ "$nbt" -eq 1 ]; then P_CPUS=0; N_CPUS=1; W_CPUS=2; else P_CPUS=0,1; N_CPUS=2; W_CPUS=3; fi
    elif [ "$ncpu" -eq 3 ]; then
        if [ "$nbt" -eq 1 ]; then P_CPUS=0; N_CPUS=1; W_CPUS=2; else P_CPUS=0,1; N_CPUS=2; W_CPUS=2; fi
    elif [ "$ncpu" -eq 2 ]; then
        if [ "$nbt" -eq 1 ]; then P_CPUS=0; N_CPUS=1; W_CPUS=1; else P_CPUS=0,1; N_CPUS=0,1; W_CPUS=0,1; fi
    else
        P_CPUS=0; N_CPUS=0; W_CPUS=0
    fi
    LAYOUT="proxy on cpu $P_CPUS, nginx on $N_CPUS, wrk on $W_CPUS"
    if [ "$P_CPUS" = "$N_CPUS" ]; then LAYOUT="$LAYOUT (all share the same cores)"; fi
}

# 3. Backend: nginx, one worker, "return 200 ok".
be_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
master_process off;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    server {
        listen 127.0.0.1:$be_port;
        location / { return 200 ok; }
    }
}
CONF
"$NGINX" -c "$work/nginx.conf" -p "$work" 2>"$work/nginx.out" &
ngx=$!
pids+=("$ngx")
wait_port "$be_port"

# 4. Proxy configuration: the same text for both (HAProxy syntax).
conf() { # $1 nbthread, $2 frontend port
    cat <<CFG
global
    nbthread $1
    maxconn 4000
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout http-keep-alive 10s
frontend fe
    bind 127.0.0.1:$2
    default_backend be
backend be
    http-reuse never
    server s1 127.0.0.1:$be_port
CFG
}

cat > "$work/stats.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="sluice bytes per request">
  <event name="jdk.ThreadAllocationStatistics">
    <setting name="enabled">true</setting>
    <setting name="period">1 s</setting>
  </event>
</configuration>
JFC
cat > "$work/sites.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="sluice allocation sites (run the JVM with -XX:-UseTLAB)">
  <event name="jdk.ThreadAllocationStatistics">
    <setting name="enabled">true</setting>
    <setting name="period">1 s</setting>
  </event>
  <event name="jdk.ObjectAllocationOutsideTLAB">
    <setting name="enabled">true</setting>
    <setting name="stackTrace">true</setting>
  </event>
</configuration>
JFC

# 5. Machine noise, as in docs/benchmarks.md: wait for an idle machine, measure what others use during a run.
busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
total_jiffies() { awk '/^cpu / { s = 0; for (i = 2; i <= 9; i++) s += $i; print s }' /proc/stat; }
proc_jiffies() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
tck=$(getconf CLK_TCK)
over_budget() { [ $(( $(date +%s) - t_begin )) -ge "$BUDGET" ]; }
wait_idle() { # at least 2 s; up to IDLE_WAIT s (within the budget) for a 2-s window <= 10 % busy
    local waited=0 b0 t0 b1 t1
    if over_budget; then sleep 2; return 0; fi
    while :; do
        b0=$(busy_jiffies); t0=$(total_jiffies); sleep 2; b1=$(busy_jiffies); t1=$(total_jiffies)
        [ $(( (b1 - b0) * 100 )) -le $(( (t1 - t0) * 10 )) ] && return 0
        waited=$((waited + 2))
        [ "$waited" -ge "$IDLE_WAIT" ] && return 0
    done
}

# Sluice with a JFR recording: jcmd <pid> JFR.start|JFR.stop, pinned with the load.
jfr_start() { taskset -c "$W_CPUS" "$JCMD" "$1" JFR.start name=bench settings="$2" >/dev/null; }
jfr_stop() { taskset -c "$W_CPUS" "$JCMD" "$1" JFR.stop name=bench filename="$2" >/dev/null; }

start_proxy() { # $1 haproxy|sluice, $2 cfg, $3 JVM options; sets PID
    if [ "$1" = haproxy ]; then
        taskset -c "$P_CPUS" "$HAPROXY" -f "$2" -db >"$2.out" 2>&1 &
    else
        # shellcheck disable=SC2086
        taskset -c "$P_CPUS" "$JAVA" $3 -jar "$jar" -f "$2" >"$2.out" 2>&1 &
    fi
    PID=$!
    pids+=("$PID")
}

stop_proxy() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# run_one <haproxy|sluice> <nbthread> <round>: one warm-up and one measured wrk run; sets RPS P99 REQS CPU_US
# FOREIGN LOAD and, for Sluice, BPR (bytes/req over the run) and BPR_STEADY.
run_one() {
    local name=$1 nbt=$2 r=$3 port cfg out b0 t0 p0 n0 b1 t1 p1 n1 ms0 ms1 wrkcpu
    layout "$nbt"
    port=$(free_port)
    cfg="$work/$name-t$nbt-r$r.cfg"
    conf "$nbt" "$port" > "$cfg"
    taskset -pc "$N_CPUS" "$ngx" >/dev/null
    start_proxy "$name" "$cfg" "$SLUICE_JAVA_OPTS"
    if ! wait_port "$port"; then cat "$cfg.out" >&2; exit 1; fi
    taskset -c "$W_CPUS" wrk "${wrk_hdr[@]}" -t1 -c"$CONNS" -d"${WARMUP}s" "http://127.0.0.1:$port/" >/dev/null
    if [ "$name" = sluice ]; then jfr_start "$PID" "$work/stats.jfc"; fi
    wait_idle   # >= 2 s: also puts one idle JFR sample before the load
    LOAD=$(loadavg)
    b0=$(busy_jiffies); t0=$(total_jiffies); p0=$(proc_jiffies "$PID"); n0=$(proc_jiffies "$ngx"); ms0=$(now_ms)
    out=$( { TIMEFORMAT='%U %S'; time taskset -c "$W_CPUS" wrk "${wrk_hdr[@]}" -t1 -c"$CONNS" -d"${DUR}s" --latency \
        "http://127.0.0.1:$port/"; } 2>&1 )
    ms1=$(now_ms); b1=$(busy_jiffies); t1=$(total_jiffies); p1=$(proc_jiffies "$PID"); n1=$(proc_jiffies "$ngx")
    printf '%s\n' "$out" > "$work/$name-t$nbt-r$r.wrk"
    wrkcpu=$(tail -1 <<<"$out" | awk -v t="$tck" '{ printf "%d", ($1 + $2) * t }')
    RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
    REQS=$(awk '/requests in/ { print $1 }' <<<"$out")
    if [ -z "$REQS" ]; then echo "wrk failed against $name:" >&2; printf '%s\n' "$out" >&2; exit 1; fi
    P99=$(awk '$1=="99%" { v=$2; if (v ~ /us$/) { sub(/us/,"",v); v=v/1000 } else if (v ~ /ms$/) { sub(/ms/,"",v) }
        else if (v ~ /s$/) { sub(/s/,"",v); v=v*1000 }; printf "%.2f", v }' <<<"$out")
    CPU_US=$(awk -v j=$((p1 - p0)) -v t="$tck" -v n="$REQS" \
        'BEGIN { printf "%.2f", (n > 0 ? j / t * 1e6 / n : 0) }')
    FOREIGN=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v o=$((p1 - p0 + n1 - n0 + wrkcpu)) \
        'BEGIN { f = t > 0 ? (b - o) * 100 / t : 0; if (f < 0) f = 0; printf "%.0f", f }')
    BPR=-; BPR_STEADY=-
    if [ "$name" = sluice ]; then
        sleep 1.2   # one idle JFR sample after the load
        jfr_stop "$PID" "$work/$name-t$nbt-r$r.jfr"
        "$JAVA" "$summariser" stats "$work/$name-t$nbt-r$r.jfr" "$REQS" "$ms0" "$ms1" > "$work/$name-t$nbt-r$r.alloc"
        read -r _ BPR BPR_STEADY _ < <(tail -1 "$work/$name-t$nbt-r$r.alloc")
    fi
    stop_proxy "$PID"
}

echo "haproxy: $("$HAPROXY" -v | head -1)"
echo "nginx:   $("$NGINX" -v 2>&1 | head -1)"
echo "wrk:     $(wrk -v 2>&1 | head -1)"
echo "java:    $("$JAVA" -version 2>&1 | head -1) ($JAVA) $SLUICE_JAVA_OPTS"
echo "cpus:    $ncpu; wrk -t1 -c$CONNS${wrk_hdr[*]:+ ${wrk_hdr[*]}}, ${WARMUP}s warm-up + ${DUR}s measured," \
    "$ROUNDS round(s) per nbthread;" \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-5s %-5s %10s %9s %9s %9s %9s %8s %6s\n' proxy nbthr round 'req/s' 'p99(ms)' 'cpu-us/rq' 'B/req' \
    'B/req-st' 'foreign%' load
summary=()
jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')
for nbt in $THREADS; do
    layout "$nbt"
    echo "# nbthread $nbt: $LAYOUT"
    : > "$work/sum-t$nbt"
    for r in $(seq "$ROUNDS"); do
        for who in haproxy sluice; do
            for attempt in $(seq 0 "$RETRY_BUSY"); do
                run_one "$who" "$nbt" "$r"
                if [ "$FOREIGN" -le "$MAX_FOREIGN" ]; then break; fi
                if over_budget; then break; fi
                if [ "$attempt" -lt "$RETRY_BUSY" ]; then
                    printf '%-8s %-5s %-5s %10s %9s   (foreign %s%% > %s%%: repeated)\n' \
                        "$who" "$nbt" "$r" "$RPS" "$P99" "$FOREIGN" "$MAX_FOREIGN"
                fi
            done
            printf '%-8s %-5s %-5s %10s %9s %9s %9s %9s %8s %6s\n' "$who" "$nbt" "$r" "$RPS" "$P99" "$CPU_US" "$BPR" \
                "$BPR_STEADY" "$FOREIGN" "$LOAD"
            echo "$who $RPS $P99 $CPU_US $BPR $BPR_STEADY $FOREIGN $LOAD" >> "$work/sum-t$nbt"
        done
    done
    summary+=("$(awk -v n="$nbt" -v jdk="$jdk" '
        { k = $1; c[k]++; rps[k] += $2; p99[k] += $3; cpu[k] += $4; if ($5 != "-") { bpr += $5; st += $6; nb++ }
          if ($7 > fmax) fmax = $7; la += $8; nl++ }
        END { h = "haproxy"; s = "sluice"
              printf "| %d | %.0f | %.2f | %.1f | %.0f | %.2f | %.1f | **%.2f** | %.1f / %.1f | %d | %.2f | %s |",
                     n, rps[h] / c[h], p99[h] / c[h], cpu[h] / c[h], rps[s] / c[s], p99[s] / c[s], cpu[s] / c[s],
                     (rps[h] > 0 ? rps[s] / rps[h] : 0), (nb ? bpr / nb : 0), (nb ? st / nb : 0), fmax, la / nl, jdk
        }' "$work/sum-t$nbt")")
done
echo
echo "means over $ROUNDS round(s); us/req = the proxy's CPU time per request; B/req = Sluice loop-thread bytes"
echo "allocated per request over the whole measured run / in its steady part; foreign = max % of the machine"
echo "used by other processes during a run (repeat the run when it is over ~20)"
echo
echo "| nbthread | HAProxy req/s | HAProxy p99 ms | HAProxy us/req | Sluice req/s | Sluice p99 ms | Sluice us/req |" \
    "Sluice/HAProxy | Sluice B/req (run / steady) | foreign % | load avg | Sluice JDK |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${summary[@]}"

# 6. Allocation sites (diagnosis, not a figure): nbthread 1, -XX:-UseTLAB so that JFR sees every allocation.
if [ "$SITES" = 1 ]; then
    layout 1
    port=$(free_port)
    cfg="$work/sites.cfg"
    conf 1 "$port" > "$cfg"
    taskset -pc "$N_CPUS" "$ngx" >/dev/null
    start_proxy sluice "$cfg" "$SITES_JAVA_OPTS"
    wait_port "$port"
    taskset -c "$W_CPUS" wrk "${wrk_hdr[@]}" -t1 -c"$CONNS" -d"${WARMUP}s" "http://127.0.0.1:$port/" >/dev/null
    jfr_start "$PID" "$work/sites.jfc"
    sleep 1.2
    out=$(taskset -c "$W_CPUS" wrk "${wrk_hdr[@]}" -t1 -c"$CONNS" -d"${SITES_DUR}s" "http://127.0.0.1:$port/")
    sleep 1.2
    jfr_stop "$PID" "$work/sites.jfr"
    stop_proxy "$PID"
    reqs=$(awk '/requests in/ { print $1 }' <<<"$out")
    echo
    echo "allocation sites, sluice nbthread 1, $SITES_JAVA_OPTS, ${SITES_DUR}s, $reqs requests on $CONNS connections" \
        "(per-conn ~1 = once per connection):"
    "$JAVA" "$summariser" sites "$work/sites.jfr" "$reqs" "$CONNS" "$SITES_TOP"
fi
echo
echo "goal (issue 7): sluice >= 0.8x haproxy req/s and < 1024 B/req; project: >= 1.2x and 0 B/req." \
    "Total time $(( $(date +%s) - t_begin )) s, load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
