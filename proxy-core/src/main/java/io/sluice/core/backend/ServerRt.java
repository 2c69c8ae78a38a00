package io.sluice.core.backend;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.sluice.config.model.Server;

/**
 * A server of a backend at run time: its resolved address and its counters. Built on main at start; the counters are
 * updated by any loop thread (atomics) and read by the CLI.
 */
public final class ServerRt {
    private final BackendRt backend;
    private final String name;
    private final int id;
    private final InetSocketAddress address;
    private final Server cfg;
    /** Current sessions on this server (scur). */
    public final AtomicInteger cur = new AtomicInteger();
    /** Highest cur seen (smax). */
    public final AtomicInteger max = new AtomicInteger();
    /** Cumulated sessions (stot). */
    public final AtomicLong total = new AtomicLong();
    /** HTTP transactions and response classes (mode http), for show stat / show info. */
    public final HttpCounters httpCounters = new HttpCounters();
    /** Failed connect attempts (econ). */
    public final AtomicLong connErrors = new AtomicLong();
    /** Retries on this server (wretr). */
    public final AtomicLong retries = new AtomicLong();
    /** Bytes from the client to this server (bin). */
    public final AtomicLong bytesIn = new AtomicLong();
    /** Bytes from this server to the client (bout). */
    public final AtomicLong bytesOut = new AtomicLong();

    ServerRt(BackendRt backend, Server cfg, int id, InetSocketAddress address) {
        this.backend = backend;
        this.cfg = cfg;
        this.name = cfg.name();
        this.id = id;
        this.address = address;
    }

    /** Runs on any thread: the owning backend. */
    public BackendRt backend() {
        return backend;
    }

    /** Runs on any thread: the server's name. */
    public String name() {
        return name;
    }

    /** Runs on any thread: the server's id within its backend (1-based, like HAProxy's puid). */
    public int id() {
        return id;
    }

    /** Runs on any thread: the address connections go to. */
    public InetSocketAddress address() {
        return address;
    }

    /** Runs on any thread: the configuration entry. */
    public Server config() {
        return cfg;
    }

    /** Runs on any thread: true when the server takes traffic (not {@code disabled}). */
    public boolean usable() {
        return !cfg.params().disabled();
    }

    /** Runs on a loop thread: a session starts on this server. */
    public void sessionStarted() {
        int c = cur.incrementAndGet();
        total.incrementAndGet();
        int m = max.get();
        while (c > m && !max.compareAndSet(m, c)) {
            m = max.get();
        }
    }
}
