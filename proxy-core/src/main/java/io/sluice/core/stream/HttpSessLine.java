package io.sluice.core.stream;

import java.net.InetSocketAddress;

import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.FrontendRt;
import io.sluice.core.backend.ServerRt;
import io.sluice.poller.sys.Sockets;

/**
 * The {@code show sess} line of a mode http session (same shape as the mode tcp one): racy reads of the session's
 * fields from the CLI thread, never writes. Stateless; runs on any thread and allocates (diagnostics only).
 */
final class HttpSessLine {
    private HttpSessLine() {
    }

    /** Runs on any thread (racy): the line of {@code h}. */
    static String describe(HttpStream h, long uniqueId, long acceptNanos, long calls) {
        ServerRt s = h.srv;
        FrontendRt f = h.fe;
        BackendRt b = h.be;
        int scf = h.scf;
        int scb = h.scb;
        int c = h.front.fd();
        int sv = h.back.fd();
        long age = (System.nanoTime() - acceptNanos) / 1_000_000_000L;
        return "0x" + Long.toHexString(uniqueId) + ": proto=tcpv4 src=" + peer(c) + " fe="
                + (f == null ? "-" : f.name()) + " be=" + (b == null ? "<NONE>" : b.name()) + " srv="
                + (s == null ? "<none>" : s.name()) + " ts=00 epoch=0 age=" + age + "s calls=" + calls
                + " rate=0 cpu=0 lat=0 rq[f=0,i=" + Math.max(0, h.front.avail()) + ",an=" + hex2(h.reqAn)
                + ",rx=,wx=,ax=] rp[f=0,i=" + Math.max(0, h.back.avail()) + ",an=" + hex2(h.resAn)
                + ",rx=,wx=,ax=] scf=[" + ScState.NAMES[scf] + ",fd=" + c + "] scb=["
                + ScState.NAMES[scb] + ",fd=" + sv + "] exp= rc="
                + (h.retried && b != null ? b.retries() - h.retriesLeft : 0) + " tid=" + h.worker.tid() + "\n";
    }

    private static String hex2(int v) {
        return (v < 16 ? "0" : "") + Integer.toHexString(v) + "h";
    }

    private static String peer(int fd) {
        if (fd < 0) {
            return "-";
        }
        InetSocketAddress a = Sockets.remoteAddress(fd);
        return a == null ? "unix" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
