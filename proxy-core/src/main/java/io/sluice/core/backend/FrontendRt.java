package io.sluice.core.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.sluice.config.model.Proxy;
import io.sluice.config.model.SwitchingRule;
import io.sluice.config.model.Timeouts;

/**
 * A frontend at run time: its connection limit and counters, its client timeouts and its compiled backend switching
 * rules. Built on main at start; read and counted by every loop thread.
 */
public final class FrontendRt {
    private final String name;
    private final int id;
    private final Proxy cfg;
    private final int maxconn;
    private final long clientMs;
    private final long clientFinMs;
    private final boolean tcplog;
    private TcpRules.Cond[] conds = new TcpRules.Cond[0];
    private BackendRt[] targets = new BackendRt[0];
    private BackendRt defaultBackend;
    private HttpRt http;
    /** Current connections (feconn, scur), counted from accept. */
    public final AtomicInteger cur = new AtomicInteger();
    /** Highest cur seen (smax). */
    public final AtomicInteger max = new AtomicInteger();
    /** Cumulated connections (stot). */
    public final AtomicLong total = new AtomicLong();
    /** HTTP transactions and response classes (mode http), for show stat / show info. */
    public final HttpCounters httpCounters = new HttpCounters();
    /** Bytes received from clients (bin). */
    public final AtomicLong bytesIn = new AtomicLong();
    /** Bytes sent to clients (bout). */
    public final AtomicLong bytesOut = new AtomicLong();

    /** Runs on main at start. {@code globalMaxconn} applies when the frontend has none. */
    public FrontendRt(Proxy cfg, int id, int globalMaxconn) {
        this.cfg = cfg;
        this.name = cfg.name();
        this.id = id;
        this.maxconn = cfg.maxconn() > 0 ? cfg.maxconn() : globalMaxconn;
        Timeouts t = cfg.timeouts();
        this.clientMs = t.client() > 0 ? t.client() : 0;
        this.clientFinMs = t.clientFin() > 0 ? t.clientFin() : 0;
        this.tcplog = cfg.option("tcplog");
    }

    /**
     * Runs on main at start: resolves default_backend and use_backend against {@code lookup}.
     *
     * @throws IllegalArgumentException when a rule cannot run in mode tcp
     */
    public void link(java.util.function.Function<String, BackendRt> lookup, BackendRt self) {
        if (http != null) {
            http.link(lookup, cfg);
            defaultBackend = cfg.defaultBackend() != null ? lookup.apply(cfg.defaultBackend()) : self;
            http.checkErrorPages(defaultBackend);
            return;
        }
        List<TcpRules.Cond> cs = new ArrayList<>();
        List<BackendRt> bs = new ArrayList<>();
        for (SwitchingRule r : cfg.switchingRules()) {
            BackendRt b = lookup.apply(r.backend());
            if (b == null) {
                throw new IllegalArgumentException("[" + r.file() + ":" + r.line() + "] : use_backend '"
                        + r.backend() + "' : unknown backend (dynamic names are not supported yet)");
            }
            cs.add(TcpRules.compile(r.condition()));
            bs.add(b);
        }
        conds = cs.toArray(new TcpRules.Cond[0]);
        targets = bs.toArray(new BackendRt[0]);
        if (cfg.defaultBackend() != null) {
            defaultBackend = lookup.apply(cfg.defaultBackend());
        } else {
            defaultBackend = self;
        }
    }

    /** Runs on a loop thread: the backend for a new session, null when none applies. */
    public BackendRt route(TcpRules.Facts f) {
        for (int i = 0; i < conds.length; i++) {
            if (conds[i] == null || conds[i].matches(f)) {
                return targets[i];
            }
        }
        return defaultBackend;
    }

    /** Runs on main at start, before {@link #link}: makes this a mode http frontend. */
    public void http(HttpRt h) {
        this.http = h;
    }

    /** Runs on any thread: the mode http part, null in mode tcp. */
    public HttpRt http() {
        return http;
    }

    /** Runs on a loop thread: the default backend (mode http routing falls back to it). */
    public BackendRt defaultBackend() {
        return defaultBackend;
    }

    /** Runs on any thread: true when a switching rule looks at the client address. */
    public boolean hasRules() {
        return conds.length > 0;
    }

    /** Runs on any thread: the frontend's name. */
    public String name() {
        return name;
    }

    /** Runs on any thread: the proxy id (iid). */
    public int id() {
        return id;
    }

    /** Runs on any thread: the configuration. */
    public Proxy config() {
        return cfg;
    }

    /** Runs on any thread: the effective maxconn. */
    public int maxconn() {
        return maxconn;
    }

    /** Runs on any thread: {@code timeout client} in ms, 0 = none. */
    public long clientMs() {
        return clientMs;
    }

    /** Runs on any thread: {@code timeout client-fin} in ms, 0 = none. */
    public long clientFinMs() {
        return clientFinMs;
    }

    /** Runs on any thread: {@code option tcplog}. */
    public boolean tcplog() {
        return tcplog;
    }

    /**
     * Runs on a loop thread before accept: reserves one connection slot below maxconn; false when full (the
     * listener pauses).
     */
    public boolean reserve() {
        for (;;) {
            int c = cur.get();
            if (c >= maxconn) {
                return false;
            }
            if (cur.compareAndSet(c, c + 1)) {
                int m = max.get();
                while (c + 1 > m && !max.compareAndSet(m, c + 1)) {
                    m = max.get();
                }
                return true;
            }
        }
    }

    /** Runs on a loop thread: releases a slot taken by {@link #reserve()}. */
    public void release() {
        cur.decrementAndGet();
    }
}
