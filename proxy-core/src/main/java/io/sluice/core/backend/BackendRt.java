package io.sluice.core.backend;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.sluice.config.model.Address;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.Server;
import io.sluice.config.model.ServerParams;
import io.sluice.config.model.Timeouts;

/**
 * A backend at run time: its servers, the roundrobin cursor, its timeouts and counters. Built on main at start;
 * {@link #pick()} and the counters are used by any loop thread.
 */
public final class BackendRt {
    private final String name;
    private final int id;
    private final Proxy cfg;
    private final ServerRt[] servers;
    private final AtomicInteger rr = new AtomicInteger();
    private final int retries;
    /** {@code retry-on} contains {@code conn-failure} (the default): a failed connect may be retried. */
    private final boolean retryConnFailure;
    /** The backend's {@code option forwardfor} (mode http), {@link ForwardForRt#OFF} when not set. */
    private final ForwardForRt forwardfor;
    private final long connectMs;
    private final long serverMs;
    private final long tunnelMs;
    private final long serverFinMs;
    private final io.sluice.core.h1.ErrorFile.Pages errorPages;
    /** Current sessions (scur). */
    public final AtomicInteger cur = new AtomicInteger();
    /** Cumulated sessions (stot). */
    public final AtomicLong total = new AtomicLong();
    /** HTTP transactions and response classes (mode http), for show stat / show info. */
    public final HttpCounters httpCounters = new HttpCounters();
    /** Failed connections after all retries (econ). */
    public final AtomicLong connErrors = new AtomicLong();
    /** Retries (wretr). */
    public final AtomicLong retriesCount = new AtomicLong();
    /** Bytes client → server (bin). */
    public final AtomicLong bytesIn = new AtomicLong();
    /** Bytes server → client (bout). */
    public final AtomicLong bytesOut = new AtomicLong();

    /**
     * Runs on main at start: resolves the servers' addresses.
     *
     * @throws IllegalArgumentException with a message naming file:line when a server cannot be used
     */
    public BackendRt(Proxy cfg, int id) {
        this.cfg = cfg;
        this.name = cfg.name();
        this.id = id;
        Timeouts t = cfg.timeouts();
        this.connectMs = t.connect() > 0 ? t.connect() : 0;
        this.serverMs = t.server() > 0 ? t.server() : 0;
        this.tunnelMs = t.tunnel() > 0 ? t.tunnel() : 0;
        this.serverFinMs = t.serverFin() > 0 ? t.serverFin() : 0;
        this.retries = cfg.retries() >= 0 ? cfg.retries() : 3;
        this.retryConnFailure = cfg.retryOn().contains("conn-failure");
        this.forwardfor = cfg.mode() == io.sluice.config.model.Mode.HTTP ? ForwardForRt.of(cfg) : ForwardForRt.OFF;
        // CFG-3: validated here (missing/invalid → start error); the size against the buffers when linked.
        this.errorPages = cfg.mode() == io.sluice.config.model.Mode.HTTP
                ? HttpRt.loadErrorPages(cfg, Integer.MAX_VALUE) : io.sluice.core.h1.ErrorFile.Pages.NONE;
        String algo = cfg.balance() == null ? "roundrobin" : cfg.balance().algorithm();
        if (!algo.equals("roundrobin") && !algo.equals("static-rr")) {
            throw new IllegalArgumentException("[" + cfg.file() + ":" + cfg.line() + "] : backend '" + name
                    + "' : 'balance " + algo + "' is not supported yet (roundrobin only).");
        }
        List<ServerRt> list = new ArrayList<>();
        int sid = 1;
        for (Server s : cfg.servers()) {
            refuseUnbuiltParams(s, cfg.servers().get(0).params().weight());
            list.add(new ServerRt(this, s, sid++, resolve(s)));
        }
        this.servers = list.toArray(new ServerRt[0]);
    }

    /**
     * Runs on the main thread at start: refuses the server settings whose runtime is not built yet, so that
     * none of them is accepted and silently ignored. Server queues (maxconn, minconn, maxqueue, slowstart) come
     * with the queue library's integration; backup servers and unequal weights with full load balancing.
     */
    private static void refuseUnbuiltParams(Server s, int firstWeight) {
        ServerParams p = s.params();
        String what = null;
        if (p.maxconn() > 0) {
            what = "'maxconn' (server queues)";
        } else if (p.minconn() > 0) {
            what = "'minconn' (dynamic maxconn)";
        } else if (p.maxqueue() > 0) {
            what = "'maxqueue' (server queues)";
        } else if (p.slowstartMs() > 0) {
            what = "'slowstart'";
        } else if (p.backup()) {
            what = "'backup'";
        } else if (p.weight() != firstWeight || p.weight() == 0) {
            what = "'weight' other than one equal non-zero weight for every server (weighted roundrobin)";
        }
        if (what != null) {
            throw new IllegalArgumentException("[" + s.file() + ":" + s.line() + "] : server '" + s.name()
                    + "' : " + what + " is not supported yet.");
        }
    }

    private static InetSocketAddress resolve(Server s) {
        Address a = s.address();
        String where = s.file() + ":" + s.line();
        if (a.family() != Address.Family.IPV4 && a.family() != Address.Family.IPV6) {
            throw new IllegalArgumentException("[" + where + "] : server '" + s.name() + "' : address family of '"
                    + a.text() + "' is not supported yet");
        }
        if (s.params().check()) {
            throw new IllegalArgumentException("[" + where + "] : server '" + s.name()
                    + "' : 'check' (health checks) is not supported yet.");
        }
        if (a.isRange() || a.portLow() <= 0) {
            throw new IllegalArgumentException("[" + where + "] : server '" + s.name() + "' : address '" + a.text()
                    + "' needs one port (port ranges and port offsets are not supported yet)");
        }
        try {
            InetAddress ip = a.isAny() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(a.host());
            return new InetSocketAddress(ip, a.portLow());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("[" + where + "] : server '" + s.name() + "' : could not resolve '"
                    + a.host() + "'");
        }
    }

    /**
     * Runs on any loop thread: the next usable server by roundrobin (equal weights for now), null when none is
     * usable.
     */
    public ServerRt pick() {
        int n = servers.length;
        if (n == 0) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            ServerRt s = servers[Math.floorMod(rr.getAndIncrement(), n)];
            if (s.usable()) {
                return s;
            }
        }
        return null;
    }

    /** Runs on any thread: the backend's name. */
    public String name() {
        return name;
    }

    /** Runs on any thread: the proxy id (HAProxy's iid). */
    public int id() {
        return id;
    }

    /** Runs on any thread: the configuration. */
    public Proxy config() {
        return cfg;
    }

    /** Runs on any thread: the servers (do not modify). */
    public ServerRt[] servers() {
        return servers;
    }

    /**
     * Runs on any thread: whether a connection failure is retried, as HAProxy's {@code back_handle_st_cer}: only when
     * the {@code retry-on} set contains {@code conn-failure} (the default; {@code retry-on none} empties it). HAProxy
     * applies it in mode tcp too.
     */
    public boolean retryConnFailure() {
        return retryConnFailure;
    }

    /** Runs on any thread: the backend's {@code option forwardfor} (FWD-2: its header name wins). */
    public ForwardForRt forwardfor() {
        return forwardfor;
    }

    /** Runs on any thread: {@code retries}. */
    public int retries() {
        return retries;
    }

    /** Runs on any thread: {@code timeout connect} in ms, 0 = none. */
    public long connectMs() {
        return connectMs;
    }

    /** Runs on any thread: {@code timeout server} in ms, 0 = none. */
    public long serverMs() {
        return serverMs;
    }

    /** Runs on any thread: {@code timeout tunnel} in ms, 0 = none. */
    public long tunnelMs() {
        return tunnelMs;
    }

    /** Runs on any thread: the backend's errorfile pages (mode http). */
    public io.sluice.core.h1.ErrorFile.Pages errorPages() {
        return errorPages;
    }

    /** Runs on any thread: {@code timeout server-fin} in ms, 0 = none. */
    public long serverFinMs() {
        return serverFinMs;
    }

    /** Runs on any loop thread: counts the start of a session on this backend. */
    public void sessionStarted() {
        cur.incrementAndGet();
        total.incrementAndGet();
    }

    /** Runs on any thread: the ConnectionPolicy mode of this backend's options (mode http). */
    public int httpMode() {
        return HttpRt.modeOf(cfg);
    }
}
