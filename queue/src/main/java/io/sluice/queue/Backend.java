package io.sluice.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The queueing side of one backend (HAProxy's {@code struct proxy} fields used by queues): its servers, its queue,
 * {@code served}, {@code totpend}, {@code beconn}, {@code fullconn}, the redispatch options, the load-balancing
 * algorithm and the clock.
 *
 * <p>Fields and modes (PX-1..PX-3 in the package protocol):
 * <ul>
 *   <li>{@code servers}: a copy-on-write array, replaced only while configuring.</li>
 *   <li>{@code served} (PX-1): slots held on all servers; atomic add next to every server's {@code served}.</li>
 *   <li>{@code totpend} (PX-2): entries waiting in the backend queue and all server queues; atomic add, may be
 *       transiently negative (a dequeuer subtracts before the adder adds, as in HAProxy).</li>
 *   <li>{@code beconn} (PX-3): streams attached to the backend, maintained by the proxy.</li>
 * </ul>
 * Total active/backup weights are computed on demand from the servers' volatile state instead of being propagated;
 * with the handful of servers a backend has this is cheap, and a reader never sees a stale sum.
 */
public final class Backend {

    private static final VarHandle VH_SERVED;
    private static final VarHandle VH_TOTPEND;
    private static final VarHandle VH_BECONN;
    private static final VarHandle VH_ROUNDS_EXCEEDED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VH_SERVED = l.findVarHandle(Backend.class, "served", int.class);
            VH_TOTPEND = l.findVarHandle(Backend.class, "totpend", int.class);
            VH_BECONN = l.findVarHandle(Backend.class, "beconn", int.class);
            VH_ROUNDS_EXCEEDED = l.findVarHandle(Backend.class, "roundsExceeded", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final PendingQueue queue;
    private final LoadBalancer lb;
    private final MsClock clock;
    private final LockOrderChecker checker;
    private final boolean redispatch;
    private final boolean persist;
    private final boolean allBackups;
    private final int maxAssignRounds;
    private final int maxPollEvents;

    /** Copy-on-write; replaced only by {@link #addServer} while configuring. */
    private volatile Server[] servers = new Server[0];
    /** PX-1. */
    private volatile int served;
    /** PX-2. */
    private volatile int totpend;
    /** PX-3. */
    private volatile int beconn;
    /** Written at config time and by the CLI; read volatile by dynamic maxconn. */
    private volatile int fullconn;
    /** Statistics: assign-and-queue calls that hit {@code maxAssignRounds} (ASQ-6). */
    private volatile long roundsExceeded;

    private Backend(Builder b) {
        this.name = b.name;
        this.lb = b.lb;
        this.clock = b.clock;
        this.checker = b.checker;
        this.redispatch = b.redispatch;
        this.persist = b.persist;
        this.allBackups = b.allBackups;
        this.maxAssignRounds = b.maxAssignRounds;
        this.maxPollEvents = b.maxPollEvents;
        this.fullconn = b.fullconn;
        this.queue = new PendingQueue(this, null, b.checker);
    }

    /** Runs on the configuring thread; starts a backend named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Runs on the configuring thread (before traffic); adds a server and returns it. */
    public synchronized Server addServer(Server.Builder b) {
        Server s = new Server(this, b, checker);
        Server[] next = Arrays.copyOf(servers, servers.length + 1);
        next[servers.length] = s;
        servers = next;
        return s;
    }

    /** Runs on any thread; the backend's name. */
    public String name() {
        return name;
    }

    /** Runs on any thread; the backend queue. */
    public PendingQueue queue() {
        return queue;
    }

    /** Runs on any thread; the servers (do not modify the array). */
    public Server[] servers() {
        return servers;
    }

    /** Runs on any thread; the load-balancing algorithm. */
    public LoadBalancer lb() {
        return lb;
    }

    /** Runs on any thread; the clock. */
    public MsClock clock() {
        return clock;
    }

    /** Runs on any thread; the lock order checker, or {@code null} (pendconns of this backend's streams use it). */
    public LockOrderChecker lockOrderChecker() {
        return checker;
    }

    /** Runs on any thread; {@code option redispatch}. */
    public boolean redispatch() {
        return redispatch;
    }

    /** Runs on any thread; {@code option persist}. */
    public boolean persist() {
        return persist;
    }

    /** Runs on any thread; {@code option allbackups}. */
    public boolean allBackups() {
        return allBackups;
    }

    /** Runs on any thread; the bound on balance-again rounds of one assign-and-queue call (ASQ-6). */
    public int maxAssignRounds() {
        return maxAssignRounds;
    }

    /** Runs on any thread; {@code tune.maxpollevents}: entries one dequeue loop takes before yielding. */
    public int maxPollEvents() {
        return maxPollEvents;
    }

    /** Runs on any thread; slots held on all servers. */
    public int served() {
        return (int) VH_SERVED.getVolatile(this);
    }

    void addServed(int n) {
        VH_SERVED.getAndAdd(this, n);
    }

    /** Runs on any thread; entries waiting in all queues of this backend. */
    public int totpend() {
        return (int) VH_TOTPEND.getVolatile(this);
    }

    void addTotpend(int n) {
        VH_TOTPEND.getAndAdd(this, n);
    }

    /** Runs on any thread; streams attached to the backend. */
    public int beconn() {
        return (int) VH_BECONN.getVolatile(this);
    }

    /** Runs on the stream's thread; the proxy counts a stream entering ({@code +1}) or leaving ({@code -1}). */
    public void addBeconn(int n) {
        VH_BECONN.getAndAdd(this, n);
    }

    /** Runs on any thread; {@code fullconn}. */
    public int fullconn() {
        return fullconn;
    }

    /** Runs on any thread (config, CLI); sets {@code fullconn}. */
    public void setFullconn(int fullconn) {
        this.fullconn = fullconn;
    }

    /** Runs on any thread; the number of assign-and-queue calls that hit the round bound. */
    public long roundsExceeded() {
        return (long) VH_ROUNDS_EXCEEDED.getVolatile(this);
    }

    void incRoundsExceeded() {
        VH_ROUNDS_EXCEEDED.getAndAdd(this, 1L);
    }

    /** Runs on any thread; the sum of the weights of usable active servers ({@code lbprm.tot_wact}). */
    public int totWeightActive() {
        int sum = 0;
        for (Server s : servers) {
            if (!s.isBackup() && s.isUsable()) {
                sum += s.weight();
            }
        }
        return sum;
    }

    /** Runs on any thread; the sum of the weights of usable backup servers ({@code lbprm.tot_wbck}). */
    public int totWeightBackup() {
        int sum = 0;
        for (Server s : servers) {
            if (s.isBackup() && s.isUsable()) {
                sum += s.weight();
            }
        }
        return sum;
    }

    /** Runs on any thread; the weight load balancing works with: active servers', or backups' when none is up. */
    public int totWeight() {
        int act = totWeightActive();
        return act != 0 ? act : totWeightBackup();
    }

    /** Runs on any thread; the number of usable active servers ({@code srv_act}). */
    public int activeUsableCount() {
        int n = 0;
        for (Server s : servers) {
            if (!s.isBackup() && s.isUsable()) {
                n++;
            }
        }
        return n;
    }

    /** Runs on any thread; the first usable backup server ({@code lbprm.fbck}), or {@code null}. */
    public Server firstUsableBackup() {
        for (Server s : servers) {
            if (s.isBackup() && s.isUsable()) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name + "{served=" + served + ", totpend=" + totpend + ", beconn=" + beconn + ", q=" + queue.length()
                + "}";
    }

    /** Configuration of a backend. */
    public static final class Builder {
        private final String name;
        private LoadBalancer lb = new RoundRobinLb();
        private MsClock clock = () -> System.nanoTime() / 1_000_000L;
        private LockOrderChecker checker;
        private boolean redispatch;
        private boolean persist;
        private boolean allBackups;
        private int maxAssignRounds = 100;
        private int maxPollEvents = 200;
        private int fullconn;

        private Builder(String name) {
            this.name = name;
        }

        /** Runs on the configuring thread; sets the load-balancing algorithm (round robin by default). */
        public Builder lb(LoadBalancer l) {
            this.lb = l;
            return this;
        }

        /** Runs on the configuring thread; sets the clock (monotonic ms by default). */
        public Builder clock(MsClock c) {
            this.clock = c;
            return this;
        }

        /** Runs on the configuring thread; attaches a lock order checker to every lock of this backend (tests). */
        public Builder lockOrderChecker(LockOrderChecker c) {
            this.checker = c;
            return this;
        }

        /** Runs on the configuring thread; {@code option redispatch}. */
        public Builder redispatch(boolean b) {
            this.redispatch = b;
            return this;
        }

        /** Runs on the configuring thread; {@code option persist}. */
        public Builder persist(boolean b) {
            this.persist = b;
            return this;
        }

        /** Runs on the configuring thread; {@code option allbackups}. */
        public Builder allBackups(boolean b) {
            this.allBackups = b;
            return this;
        }

        /** Runs on the configuring thread; bound on balance-again rounds of one assign-and-queue call (default 100). */
        public Builder maxAssignRounds(int n) {
            this.maxAssignRounds = n;
            return this;
        }

        /** Runs on the configuring thread; {@code tune.maxpollevents} (default 200). */
        public Builder maxPollEvents(int n) {
            this.maxPollEvents = n;
            return this;
        }

        /** Runs on the configuring thread; {@code fullconn}; 0 keeps dynamic maxconn at maxconn. */
        public Builder fullconn(int n) {
            this.fullconn = n;
            return this;
        }

        /** Runs on the configuring thread; builds the backend (add servers next). */
        public Backend build() {
            return new Backend(this);
        }
    }
}
