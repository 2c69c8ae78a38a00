package io.sluice.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The queueing side of one server: its state as load balancing sees it, its slot accounting and its queue.
 *
 * <p>Fields and their modes (SRV-1..SRV-4 in the package protocol):
 * <ul>
 *   <li>{@code admin}, {@code state}, {@code weight}, {@code lastChangeMs}: written under {@link #stateLock()} by
 *       {@link ServerAdmin}; read volatile, without lock, by load balancing and the dequeue rules.</li>
 *   <li>{@code maxconn}, {@code minconn}, {@code maxqueue}: written by config or {@code set server maxconn} (under
 *       the state lock); read volatile.</li>
 *   <li>{@code served}: streams holding a slot; atomic add by {@link Assigner#sessChangeServer} and by
 *       {@link Queues#processServerQueue} (SRV-2).</li>
 *   <li>{@code curSess}: streams connected ({@code SF_CURR_SESS}); atomic add by the proxy through
 *       {@link Assigner#markConnected} and {@link Assigner#releaseSlot}.</li>
 *   <li>{@code dequeuing}: the dequeuer election flag, taken by {@code getAndSet(1)} (PSQ-1), cleared by a volatile
 *       store before the queue lock is released (PSQ-4).</li>
 * </ul>
 */
public final class Server {

    private static final VarHandle VH_SERVED;
    private static final VarHandle VH_CUR_SESS;
    private static final VarHandle VH_DEQUEUING;
    private static final VarHandle VH_CUM_LBCONN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VH_SERVED = l.findVarHandle(Server.class, "served", int.class);
            VH_CUR_SESS = l.findVarHandle(Server.class, "curSess", int.class);
            VH_DEQUEUING = l.findVarHandle(Server.class, "dequeuing", int.class);
            VH_CUM_LBCONN = l.findVarHandle(Server.class, "cumLbconn", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Backend backend;
    private final String name;
    private final boolean backup;
    private final long slowstartMs;
    private final PendingQueue queue;
    private final RankedLock stateLock;

    /** SRV-1: SRV_ADMF_* bits; written under stateLock. */
    private volatile int admin;
    /** SRV-1: operational state; written under stateLock. */
    private volatile SrvState state;
    /** SRV-1: user weight; 0 makes the server unusable. */
    private volatile int weight;
    /** SRV-1: clock time of the last state change, for slowstart. */
    private volatile long lastChangeMs;
    /** SRV-1: 0 = unlimited. */
    private volatile int maxconn;
    /** SRV-1: floor of the dynamic maxconn. */
    private volatile int minconn;
    /** SRV-1: 0 = unlimited. */
    private volatile int maxqueue;
    /** SRV-2: streams holding a slot on this server. */
    private volatile int served;
    /** SRV-3: streams connected to this server. */
    private volatile int curSess;
    /** SRV-4: 1 while a thread runs the dequeue loop (PSQ-1). */
    private volatile int dequeuing;
    /** Statistics: streams load-balanced to this server. */
    private volatile long cumLbconn;

    Server(Backend backend, Builder b, LockOrderChecker checker) {
        this.backend = backend;
        this.name = b.name;
        this.backup = b.backup;
        this.slowstartMs = b.slowstartMs;
        this.weight = b.weight;
        // Config fix-ups of HAProxy: minconn > maxconn raises maxconn; maxconn without minconn sets minconn.
        int max = b.maxconn;
        int min = b.minconn;
        if (min > max && max != 0) {
            max = min;
        }
        if (min == 0) {
            min = max;
        }
        this.maxconn = max;
        this.minconn = min;
        this.maxqueue = b.maxqueue;
        this.state = b.initialState;
        this.queue = new PendingQueue(backend, this, checker);
        this.stateLock = new RankedLock(LockRank.SERVER_STATE, "state " + backend.name() + "/" + b.name, checker);
    }

    /** Runs on any thread; the server's name. */
    public String name() {
        return name;
    }

    /** Runs on any thread; the backend the server belongs to. */
    public Backend backend() {
        return backend;
    }

    /** Runs on any thread; the server's queue. */
    public PendingQueue queue() {
        return queue;
    }

    /** Runs on any thread; the state lock (rank SERVER_STATE), taken by {@link ServerAdmin}. */
    public RankedLock stateLock() {
        return stateLock;
    }

    /** Runs on any thread; true for a {@code backup} server. */
    public boolean isBackup() {
        return backup;
    }

    /** Runs on any thread; SRV_ADMF_* bits. */
    public int admin() {
        return admin;
    }

    /** Runs under the state lock; replaces the admin bits. */
    void setAdmin(int admin) {
        this.admin = admin;
    }

    /** Runs on any thread; the operational state. */
    public SrvState state() {
        return state;
    }

    /** Runs under the state lock; sets the operational state and the time of change. */
    void setState(SrvState state, long nowMs) {
        this.state = state;
        this.lastChangeMs = nowMs;
    }

    /** Runs on any thread; the user weight. */
    public int weight() {
        return weight;
    }

    /** Runs under the state lock; sets the user weight. */
    void setWeight(int weight) {
        this.weight = weight;
    }

    /** Runs on any thread; the configured maxconn (0 = unlimited). */
    public int maxconn() {
        return maxconn;
    }

    /** Runs on any thread; the configured minconn. */
    public int minconn() {
        return minconn;
    }

    /** Runs under the state lock; {@code set server maxconn}: also lowers minconn if it was above. */
    void setMaxconn(int maxconn) {
        this.maxconn = maxconn;
        if (minconn > maxconn || minconn == 0) {
            this.minconn = maxconn;
        }
    }

    /** Runs on any thread; the configured maxqueue (0 = unlimited). */
    public int maxqueue() {
        return maxqueue;
    }

    /** Runs on any thread; slowstart duration in ms (0 = none). */
    public long slowstartMs() {
        return slowstartMs;
    }

    /** Runs on any thread; streams holding a slot (volatile read). */
    public int served() {
        return (int) VH_SERVED.getVolatile(this);
    }

    /** Runs on any thread; adds {@code n} (may be negative) to served and returns the new value. */
    int addServed(int n) {
        return (int) VH_SERVED.getAndAdd(this, n) + n;
    }

    /** Runs on any thread; streams connected (volatile read). */
    public int curSess() {
        return (int) VH_CUR_SESS.getVolatile(this);
    }

    /** Runs on any thread; adds {@code n} to curSess. */
    void addCurSess(int n) {
        VH_CUR_SESS.getAndAdd(this, n);
    }

    /** Runs on any thread; PSQ-1: takes the dequeuer election flag; true when this thread now owns it. */
    boolean takeDequeuing() {
        return (int) VH_DEQUEUING.getAndSet(this, 1) == 0;
    }

    /** Runs on the owner of the flag, with the server queue lock held; PSQ-4: releases the flag. */
    void releaseDequeuing() {
        VH_DEQUEUING.setVolatile(this, 0);
    }

    /** Runs on any thread; true while a thread runs the dequeue loop (stats, tests). */
    public boolean isDequeuing() {
        return (int) VH_DEQUEUING.getVolatile(this) != 0;
    }

    /** Runs on any thread; counts one load-balancing decision for this server. */
    void incCumLbconn() {
        VH_CUM_LBCONN.getAndAdd(this, 1L);
    }

    /** Runs on any thread; streams load-balanced to this server so far. */
    public long cumLbconn() {
        return (long) VH_CUM_LBCONN.getVolatile(this);
    }

    /**
     * Runs on any thread; HAProxy's {@code srv_currently_usable}: weight above 0, neither maintenance nor drain, and
     * STARTING or RUNNING.
     */
    public boolean isUsable() {
        if (weight == 0 || (admin & (QueueFlags.SRV_ADMF_FMAINT | QueueFlags.SRV_ADMF_FDRAIN)) != 0) {
            return false;
        }
        SrvState s = state;
        return s == SrvState.STARTING || s == SrvState.RUNNING;
    }

    /** Runs on any thread; true when the server is in (forced) maintenance. */
    public boolean isMaint() {
        return (admin & QueueFlags.SRV_ADMF_FMAINT) != 0;
    }

    /**
     * Runs on any thread; SLOT-1, HAProxy's {@code srv_dynamic_maxconn}: maxconn when the backend is at or above
     * {@code fullconn} or minconn == maxconn; otherwise max(minconn, beconn × maxconn / fullconn); during slowstart
     * (STARTING) scaled by the elapsed fraction, never below 1. Returns 0 when maxconn is 0 (unlimited).
     */
    public int dynamicMaxconn(long nowMs) {
        int max = maxconn;
        int min = minconn;
        int beconn = backend.beconn();
        int fullconn = backend.fullconn();
        int dyn;
        if (beconn >= fullconn || min == max) {
            dyn = max;
        } else {
            dyn = Math.max(min, (int) ((long) beconn * max / fullconn));
        }
        long ss = slowstartMs;
        long last = lastChangeMs;
        if (state == SrvState.STARTING && ss > 0 && nowMs >= last && nowMs < last + ss) {
            long ratio = 100 * (nowMs - last) / ss;
            dyn = (int) Math.max(1, dyn * ratio / 100);
        }
        return dyn;
    }

    /** Runs on any thread; HAProxy's {@code server_has_room}: unlimited, or curSess below the dynamic maxconn. */
    public boolean hasRoom(long nowMs) {
        return maxconn == 0 || curSess() < dynamicMaxconn(nowMs);
    }

    @Override
    public String toString() {
        return backend.name() + "/" + name + "{" + state + "," + QueueFlags.describeAdmin(admin) + ", served="
                + served + ", cur=" + curSess + ", maxconn=" + maxconn + ", q=" + queue.length() + "}";
    }

    /** Configuration of one server, passed to {@link Backend#addServer(Builder)}. */
    public static final class Builder {
        private final String name;
        private int weight = 1;
        private boolean backup;
        private int maxconn;
        private int minconn;
        private int maxqueue;
        private long slowstartMs;
        private SrvState initialState = SrvState.RUNNING;

        /** Runs on the configuring thread; a server named {@code name}, weight 1, unlimited, RUNNING. */
        public Builder(String name) {
            this.name = name;
        }

        /** Runs on the configuring thread; sets the weight (0..256). */
        public Builder weight(int w) {
            this.weight = w;
            return this;
        }

        /** Runs on the configuring thread; marks the server {@code backup}. */
        public Builder backup(boolean b) {
            this.backup = b;
            return this;
        }

        /** Runs on the configuring thread; sets maxconn (0 = unlimited). */
        public Builder maxconn(int n) {
            this.maxconn = n;
            return this;
        }

        /** Runs on the configuring thread; sets minconn (0 = same as maxconn). */
        public Builder minconn(int n) {
            this.minconn = n;
            return this;
        }

        /** Runs on the configuring thread; sets maxqueue (0 = unlimited). */
        public Builder maxqueue(int n) {
            this.maxqueue = n;
            return this;
        }

        /** Runs on the configuring thread; sets the slowstart duration in ms. */
        public Builder slowstartMs(long ms) {
            this.slowstartMs = ms;
            return this;
        }

        /** Runs on the configuring thread; sets the operational state at start (RUNNING by default). */
        public Builder initialState(SrvState s) {
            this.initialState = s;
            return this;
        }
    }
}
