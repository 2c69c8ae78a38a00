package io.sluice.core.listener;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.sluice.core.backend.FrontendRt;
import io.sluice.fdtable.ThreadContext;

/**
 * The process-wide connection limit (global {@code maxconn}, HAProxy's {@code actconn}) and the listeners paused on a
 * limit. Shared by every loop thread; see the package documentation for the LIM steps.
 */
public final class Limits {
    private final int maxconn;
    private final AtomicInteger actconn = new AtomicInteger();
    private final AtomicLong cumConns = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Runs on main: a limit of {@code maxconn} concurrent client connections. */
    public Limits(int maxconn) {
        this.maxconn = maxconn;
    }

    /** Runs on main: a listener whose pauses this object resumes. */
    void add(Listener l) {
        listeners.add(l);
    }

    /** Runs on any thread: the global limit. */
    public int maxconn() {
        return maxconn;
    }

    /** Runs on any thread: current client connections (CurrConns). */
    public int current() {
        return actconn.get();
    }

    /** Runs on any thread: client connections accepted so far (CumConns). */
    public long cumulated() {
        return cumConns.get();
    }

    /** Runs on any thread: times a listener paused on a limit. */
    public long pauses() {
        return pauses.get();
    }

    /**
     * Runs on a loop thread before accept, LIM-1: reserves a global slot then the frontend's; false (nothing
     * reserved) when either is full.
     */
    boolean reserve(FrontendRt fe) {
        for (;;) {
            int c = actconn.get();
            if (c >= maxconn) {
                return false;
            }
            if (actconn.compareAndSet(c, c + 1)) {
                break;
            }
        }
        if (fe != null && !fe.reserve()) {
            actconn.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Runs on a loop thread: accept found nothing after a reserve; gives the slots back without resuming. */
    void unreserve(FrontendRt fe) {
        if (fe != null) {
            fe.release();
        }
        actconn.decrementAndGet();
    }

    /** Runs on a loop thread: a connection was accepted (counts CumConns). */
    void accepted(FrontendRt fe) {
        cumConns.incrementAndGet();
        if (fe != null) {
            fe.total.incrementAndGet();
        }
    }

    /** Runs on a loop thread: counts a pause. */
    void paused() {
        pauses.incrementAndGet();
    }

    /** Runs on any thread: true if a connection on {@code fe} could be reserved now. */
    boolean hasRoom(FrontendRt fe) {
        return actconn.get() < maxconn && (fe == null || fe.cur.get() < fe.maxconn());
    }

    /**
     * Runs on the loop thread closing a client connection, LIM-2: releases its slots, then resumes every paused
     * listener that has room again.
     */
    public void release(FrontendRt fe, ThreadContext ctx) {
        if (fe != null) {
            fe.release();
        }
        actconn.decrementAndGet();
        for (Listener l : listeners) {
            if (l.isPaused() && hasRoom(l.frontend())) {
                l.resume(ctx);
            }
        }
    }
}
