#!/usr/bin/env bash
# Sluice vs HAProxy in mode tcp: same HTTP keep-alive backend, same wrk load, nbthread 1 and 2.
# Pinning: proxy on core 0, backend + wrk on core 1 (PROXY_CPU / LOAD_CPU override). Runs are
# interleaved (HAProxy, Sluice, HAProxy, Sluice...) so that machine noise hits both alike.
# Usage: benchmarks/tcp-vs-haproxy.sh [duration_s=10] [connections=50] [rounds=2]
# Needs: Debian/Ubuntu (installs haproxy and wrk with apt-get if missing), a JDK >= 17.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/lib-java.sh"
DUR=${1:-10}
CONNS=${2:-50}
ROUNDS=${3:-2}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
work=$(mktemp -d /tmp/sluice-bench.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# 1. Tools.
need=()
command -v haproxy >/dev/null || need+=(haproxy)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]} (apt-get)..." >&2
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
jar="$root/proxy-core/target/sluice.jar"
ensure_jar "$jar" proxy-core
ncpu=$(nproc)
if [ "$ncpu" -lt 2 ]; then PROXY_CPU=0; LOAD_CPU=0; fi

free_port() { "$JAVA" -cp "$work" FreePort; }

# 2. Backend: a small keep-alive HTTP server (JDK's com.sun.net.httpserver), 13-byte body.
cat > "$work/Backend.java" <<'JAVA'
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
public class Backend {
    public static void main(String[] a) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[0])), 1024);
        byte[] body = "hello sluice\n".getBytes();
        s.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.getResponseHeaders().add("Content-Type", "text/plain");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        s.setExecutor(Executors.newFixedThreadPool(4));
        s.start();
    }
}
JAVA
cat > "$work/FreePort.java" <<'JAVA'
public class FreePort {
    public static void main(String[] a) throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            System.out.println(s.getLocalPort());
        }
    }
}
JAVA
"${JAVA%/java}/javac" -d "$work" "$work/Backend.java" "$work/FreePort.java"
be_port=$(free_port)
taskset -c "$LOAD_CPU" "$JAVA" -Dsun.net.httpserver.nodelay=true -cp "$work" Backend "$be_port" & pids+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$be_port") 2>/dev/null && break; sleep 0.1; done

conf() { # $1 nbthread, $2 frontend port
    cat <<CFG
global
    nbthread $1
    maxconn 4000
defaults
    mode tcp
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:$2
    default_backend be
backend be
    server s1 127.0.0.1:$be_port
CFG
}

wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# run_one <name> <nbthread>: prints "req/s p99_ms"
run_one() {
    local name=$1 nbt=$2 port pid out cpus
    port=$(free_port)
    conf "$nbt" "$port" > "$work/$name.cfg"
    cpus=$PROXY_CPU
    if [ "$nbt" -gt 1 ] && [ "$ncpu" -gt 2 ]; then cpus="$PROXY_CPU,$((PROXY_CPU + 2))"; fi
    if [ "$name" = haproxy ]; then
        taskset -c "$cpus" haproxy -f "$work/$name.cfg" -db >/dev/null 2>&1 & pid=$!
    else
        taskset -c "$cpus" "$JAVA" -Xms256m -Xmx256m -XX:+UseParallelGC -jar "$jar" -f "$work/$name.cfg" \
            >/dev/null 2>&1 & pid=$!
    fi
    pids+=("$pid")
    wait_port "$port"
    # warm-up (JIT), then the measured run
    taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d3s "http://127.0.0.1:$port/" >/dev/null
    out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${DUR}s" --latency "http://127.0.0.1:$port/")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    local rps p99
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    echo "$rps $p99"
}

echo "haproxy: $(haproxy -v | head -1)"
echo "java:    $("$JAVA" -version 2>&1 | head -1)"
echo "cpus: $ncpu (proxy on $PROXY_CPU, backend+wrk on $LOAD_CPU), wrk -t1 -c$CONNS -d${DUR}s, $ROUNDS rounds"
printf '%-8s %-6s %12s %10s\n' proxy nbthr 'req/s' 'p99(ms)'
for nbt in 1 2; do
    hs=0; ss=0; hp=0; sp=0
    for r in $(seq "$ROUNDS"); do
        read -r rps p99 < <(run_one haproxy "$nbt"); printf '%-8s %-6s %12s %10s\n' haproxy "$nbt" "$rps" "$p99"
        hs=$(awk -v a="$hs" -v b="$rps" 'BEGIN{print a+b}'); hp=$(awk -v a="$hp" -v b="$p99" 'BEGIN{print a+b}')
        read -r rps p99 < <(run_one sluice "$nbt"); printf '%-8s %-6s %12s %10s\n' sluice "$nbt" "$rps" "$p99"
        ss=$(awk -v a="$ss" -v b="$rps" 'BEGIN{print a+b}'); sp=$(awk -v a="$sp" -v b="$p99" 'BEGIN{print a+b}')
    done
    awk -v n="$nbt" -v hs="$hs" -v ss="$ss" -v hp="$hp" -v sp="$sp" -v r="$ROUNDS" 'BEGIN {
        printf "nbthread %d: haproxy %.0f req/s p99 %.2f ms | sluice %.0f req/s p99 %.2f ms | ratio sluice/haproxy %.2f\n",
            n, hs/r, hp/r, ss/r, sp/r, (hs > 0 ? ss/hs : 0) }'
done
