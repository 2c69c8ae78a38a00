package io.sluice.core.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.sluice.config.model.Address;
import io.sluice.config.model.Bind;
import io.sluice.config.model.Config;
import io.sluice.config.model.Global;
import io.sluice.config.model.Mode;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.StatsSocket;
import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.FrontendRt;
import io.sluice.core.listener.Limits;
import io.sluice.core.listener.Listener;
import io.sluice.core.log.Log;
import io.sluice.core.log.LogLevel;
import io.sluice.core.log.LogRing;
import io.sluice.core.log.LogSink;
import io.sluice.core.log.LogTarget;
import io.sluice.core.log.LogThread;
import io.sluice.core.stats.StatsCommands;
import io.sluice.core.stream.Worker;
import io.sluice.core.watchdog.ThreadHealth;
import io.sluice.core.watchdog.Watchdog;
import io.sluice.fdtable.FdLimit;
import io.sluice.fdtable.RaceWindows;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.Activity;
import io.sluice.poller.PollLoop;
import io.sluice.poller.PollerConfig;
import io.sluice.poller.Pollers;
import io.sluice.poller.sys.SysException;

/**
 * The running process (mode tcp): loops, listeners, frontends, backends, stats sockets, log thread and watchdog.
 * {@link #start} runs on main; then main waits in {@link #awaitStop()} and, as in DESIGN §2, becomes the watchdog's
 * host. Signal handlers run on the JVM's signal thread and only flip flags / wake main.
 */
public final class Runtime {
    /** Exit status of a bind failure or a refused configuration. */
    public static final int EXIT_FAILURE = 1;

    private final Config config;
    private final PrintStream err;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final Map<String, FrontendRt> frontends = new LinkedHashMap<>();
    private final Map<String, BackendRt> backends = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Listener> statsListeners = new ArrayList<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final LogRing ring = new LogRing(8192);
    private final Log log = new Log(ring);
    private Limits limits;
    private Pollers pollers;
    private Worker[] workers;
    private AtomicIntegerArray loads;
    private LogThread logThread;
    private Watchdog watchdog;
    private volatile boolean stopping;
    private volatile boolean showInfoRequested;

    private Runtime(Config config, PrintStream err) {
        this.config = config;
        this.err = err;
    }

    /**
     * Runs on main: starts Sluice on {@code config} and blocks until it is stopped by a signal; returns the exit
     * status (0 after a graceful stop, 1 when it cannot start).
     */
    public static int run(Config config, PrintStream err) {
        Runtime rt = new Runtime(config, err);
        try {
            rt.start();
        } catch (StartException e) {
            err.println(io.sluice.config.Diagnostic.label("ALERT", ProcessHandle.current().pid()) + e.getMessage());
            rt.abortStart();
            return EXIT_FAILURE;
        }
        return rt.awaitStop();
    }

    /** A start-up failure, printed as an ALERT. */
    static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // RT-1..6: start

    /**
     * Runs on main: RT-1 checks what mode tcp can run, RT-2 builds proxies, RT-3 binds every listener (before any
     * thread starts), RT-4 builds the loops and registers the listeners, RT-5 starts log, loops and watchdog,
     * RT-6 installs the signal handlers.
     */
    void start() throws StartException {
        Global g = config.global();
        // RT-1
        if (g.threadGroups() > 1) {
            throw new StartException("'thread-groups' above 1 is not supported yet.");
        }
        int nbthread = g.nbthread() > 0 ? g.nbthread() : java.lang.Runtime.getRuntime().availableProcessors();
        int fdSize = FdLimit.current();
        int maxconn = g.maxconn() > 0 ? g.maxconn() : Math.max(100, fdSize / 2 - 100);
        limits = new Limits(maxconn);
        // RT-2 (mode http frontends share one ACL compiler: one match context per session fits all)
        io.sluice.core.http.AclCompiler acls = new io.sluice.core.http.AclCompiler();
        int id = 2;
        for (Proxy p : config.proxies()) {
            if (p.kind() == io.sluice.config.model.ProxyKind.DEFAULTS) {
                continue;
            }
            try {
                if (p.mode() == Mode.HTTP) {
                    io.sluice.core.backend.HttpRt.checkSupported(p);
                } else {
                    io.sluice.core.backend.HttpRt.checkTcpMode(p);
                }
                if (p.kind().hasBackend()) {
                    backends.put(p.name(), new BackendRt(p, id));
                }
                if (p.kind().hasFrontend()) {
                    FrontendRt fe = new FrontendRt(p, id, maxconn);
                    if (p.mode() == Mode.HTTP) {
                        int bufsize = g.tune().bufsize();
                        java.nio.file.Path dir = p.file() == null ? null : java.nio.file.Path.of(p.file()).getParent();
                        fe.http(new io.sluice.core.backend.HttpRt(p, acls, bufsize - Math.min(1024, bufsize / 2),
                                dir == null ? java.nio.file.Path.of(".") : dir));
                    }
                    frontends.put(p.name(), fe);
                }
            } catch (IllegalArgumentException e) {
                throw new StartException(e.getMessage());
            }
            id++;
        }
        for (FrontendRt fe : frontends.values()) {
            try {
                fe.link(name -> {
                    BackendRt b = backends.get(name);
                    if (b != null && (b.config().mode() == Mode.HTTP) != (fe.http() != null)) {
                        throw new IllegalArgumentException("proxy '" + fe.name() + "' : backend '" + name
                                + "' has a different mode (mixing tcp and http is not supported yet).");
                    }
                    return b;
                }, backends.get(fe.name()));
            } catch (IllegalArgumentException e) {
                throw new StartException(e.getMessage());
            }
        }
        // RT-3: bind everything before any thread starts.
        List<Listener> all = new ArrayList<>();
        for (FrontendRt fe : frontends.values()) {
            for (Bind b : fe.config().binds()) {
                if (b.thread() != null && !b.thread().equals("all")) {
                    throw new StartException("[" + b.file() + ":" + b.line() + "] : bind '" + b.addresses()
                            + "' : 'thread " + b.thread() + "' is not supported yet.");
                }
                for (Address a : b.addresses()) {
                    String name = b.name() != null ? b.name() : a.text(); // bind ... name <n>, shown by show fd
                    Listener l = new Listener(name, a, fe, limits, this::accepted, 1024);
                    bindOne(l, "[" + b.file() + ":" + b.line() + "] : proxy '" + fe.name()
                            + "' : cannot bind socket '" + a.text() + "'");
                    listeners.add(l);
                    all.add(l);
                }
            }
        }
        StatsCommands stats = new StatsCommands(this);
        for (StatsSocket s : g.statsSockets()) {
            if (s.exposeFd()) {
                throw new StartException("[" + s.file() + ":" + s.line() + "] : stats socket '"
                        + s.address().text() + "' : 'expose-fd listeners' is not supported yet.");
            }
            Listener l = new Listener(s.address().text(), s.address(), null, null, stats.sink(s), 64);
            bindOne(l, "[" + s.file() + ":" + s.line() + "] : cannot bind stats socket '" + s.address().text()
                    + "'");
            if (s.mode() != null && s.address().family() == Address.Family.UNIX) {
                setMode(s.address().path(), s.mode(), "[" + s.file() + ":" + s.line() + "] : stats socket '"
                        + s.address().text() + "'");
            }
            statsListeners.add(l);
            all.add(l);
        }
        if (all.isEmpty()) {
            throw new StartException("[sluice.main()] No enabled listener found (check for 'bind' directives) ! "
                    + "Exiting.");
        }
        // RT-4
        PollerConfig pc = PollerConfig.defaults(nbthread, fdSize)
                .withMaxPollEvents(g.tune().maxpollevents())
                .withRunqueueDepth(g.tune().runqueueDepth())
                .withEdgeTriggered(g.tune().fdEdgeTriggered());
        try {
            // tune.debug.race-widen: busy waits in the fd table's race windows (seed replays); no spin limit.
            pollers = new Pollers(pc, RaceWindows.of(g.tune().raceWiden()), 0);
        } catch (SysException e) {
            throw new StartException("cannot create the pollers: " + e.getMessage());
        }
        loads = new AtomicIntegerArray(nbthread);
        Listener[] byId = listeners.toArray(new Listener[0]);
        workers = new Worker[nbthread];
        for (int t = 0; t < nbthread; t++) {
            workers[t] = new Worker(pollers.loop(t), g.tune().bufsize(), g.tune().httpMaxhdr(), byId, loads, log);
        }
        long allThreads = nbthread >= 64 ? -1L : (1L << nbthread) - 1;
        for (Listener l : all) {
            l.register(pollers, l.frontend() == null ? 1L : allThreads);
        }
        pollers.onHandlerError((loop, e) -> log.log(LogLevel.ERR, "loop {}: handler failed: {}", (long) loop.tid(),
                e.toString()));
        // RT-5
        startLog();
        pollers.start();
        startWatchdog(nbthread);
        // RT-6
        installSignals();
        log.log(LogLevel.NOTICE, "Proxy started: {} listeners, {} threads", (long) all.size(), (long) nbthread);
    }

    private void bindOne(Listener l, String what) throws StartException {
        try {
            l.bind();
        } catch (SysException e) {
            throw new StartException("Starting " + what + " (" + e.getMessage() + ")");
        }
    }

    private static void setMode(String path, String mode, String where) throws StartException {
        int m = Integer.parseInt(mode, 8);
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = new java.util.HashSet<>();
        java.nio.file.attribute.PosixFilePermission[] order = {
            java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE,
            java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
            java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
            java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
            java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
            java.nio.file.attribute.PosixFilePermission.GROUP_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < order.length; i++) {
            if ((m & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        try {
            java.nio.file.Files.setPosixFilePermissions(java.nio.file.Path.of(path), perms);
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartException(where + " : cannot set mode " + mode + " : " + e.getMessage());
        }
    }

    /**
     * Runs on main: opens every logger once and routes the lines as HAProxy does: process messages to the global
     * loggers, each frontend's traffic lines to its own {@code log} lines ({@code log global} = the global ones;
     * none, or {@code no log}, = no traffic line for it). Two lines naming the same target share one sink.
     */
    private void startLog() throws StartException {
        logThread = new LogThread(ring, "sluice", ProcessHandle.current().pid(), null, ZoneId.systemDefault());
        Map<String, LogSink> sinks = new LinkedHashMap<>();
        int[] global = openLoggers(config.global().logs(), null, sinks);
        logThread.routeProcess(global);
        for (Proxy p : config.proxies()) {
            logThread.routeFrontend(p.name(), openLoggers(p.logs(), global, sinks));
        }
        logThread.start();
    }

    /** Opens the loggers of one section and returns their indexes; {@code global} replaces {@code log global}. */
    private int[] openLoggers(List<io.sluice.config.model.LogTarget> lines, int[] global, Map<String, LogSink> sinks)
            throws StartException {
        List<Integer> idx = new ArrayList<>();
        for (io.sluice.config.model.LogTarget t : lines) {
            if (t.global()) {
                for (int g : global) {
                    if (!idx.contains(g)) {
                        idx.add(g);
                    }
                }
                continue;
            }
            String where = "[" + t.file() + ":" + t.line() + "] : log: ";
            if (t.sample() != null) {
                throw new StartException(where + "'sample' is not supported yet.");
            }
            List<String> words = new ArrayList<>();
            words.add(t.target());
            if (t.maxLen() > 0) {
                words.add("len");
                words.add(Integer.toString(t.maxLen()));
            }
            if (t.format() != null) {
                words.add("format");
                words.add(t.format());
            }
            words.add(t.facility() == null ? "local0" : t.facility());
            if (t.level() != null) {
                words.add(t.level());
            }
            if (t.minLevel() != null) {
                words.add(t.minLevel());
            }
            try {
                LogTarget lt = LogTarget.parse(words);
                LogSink sink = sinks.get(t.target());
                if (sink == null) {
                    sink = lt.openSink();
                    sinks.put(t.target(), sink);
                }
                idx.add(logThread.targetCount());
                logThread.addTarget(lt, sink);
            } catch (IllegalArgumentException | IOException e) {
                throw new StartException(where + e.getMessage());
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Runs on main: the watchdog, reading each loop's own progress counter and SLEEPING flag
     * ({@link PollLoop#progress()}, {@link PollLoop#isSleeping()}) on its thread, every period. The same thread
     * prints {@code show info} on SIGUSR1.
     */
    private void startWatchdog(int nbthread) {
        long panic = config.global().tune().watchdogPanicAfterMs(); // >= MIN_PANIC_MILLIS, checked by config
        watchdog = Watchdog.production(ring, panic);
        for (int t = 0; t < nbthread; t++) {
            PollLoop loop = pollers.loop(t);
            // The loop publishes its thread when run() begins, right after Pollers.start().
            long end = System.nanoTime() + 2_000_000_000L;
            while (loop.thread() == null && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
            Thread th = loop.thread() == null ? Thread.currentThread() : loop.thread();
            watchdog.register(ThreadHealth.of(t + 1, th, loop::progress, loop::isSleeping));
        }
        Thread wd = new Thread(() -> {
            while (!watchdog.panicked()) {
                if (watchdog.check()) {
                    return;
                }
                if (showInfoRequested) {
                    showInfoRequested = false;
                    log.log(LogLevel.NOTICE, "show info:\n{}", StatsCommands.showInfoText(this));
                }
                try {
                    Thread.sleep(Watchdog.DEFAULT_PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "watchdog");
        wd.setDaemon(true);
        wd.start();
    }

    @SuppressWarnings("restriction")
    private void installSignals() {
        sun.misc.SignalHandler stop = sig -> requestStop();
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), stop);
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), stop);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), sig -> showInfoRequested = true);
        } catch (IllegalArgumentException e) {
            // NOTE: the JVM reserves USR1 on some platforms; show info stays available on the CLI.
        }
    }

    /** Runs on any thread (signal handler): asks main to stop gracefully. */
    public void requestStop() {
        stopRequested.countDown();
    }

    private void abortStart() {
        for (Listener l : listeners) {
            l.close();
        }
        for (Listener l : statsListeners) {
            l.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // RT-7..9: graceful stop

    /**
     * Runs on main: waits for SIGTERM/SIGINT, then RT-7 closes the listeners (frontends and stats), RT-8 waits
     * for live sessions until none is left or {@code hard-stop-after} passed, RT-9 stops the loops and the log
     * thread. Returns 0.
     */
    int awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopping = true;
        log.log(LogLevel.NOTICE, "Stopping: closing listeners, {} sessions left", (long) limits.current());
        // RT-7
        for (Listener l : listeners) {
            l.close();
        }
        for (Listener l : statsListeners) {
            l.close();
        }
        long closeEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() - closeEnd < 0
                && !(listeners.stream().allMatch(Listener::isDeleted)
                && statsListeners.stream().allMatch(Listener::isDeleted))) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                break;
            }
        }
        // RT-8
        long hard = config.global().hardStopAfterMs();
        long deadline = hard > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(hard) : Long.MAX_VALUE;
        while (limits.current() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                break;
            }
        }
        // RT-9
        try {
            pollers.stop(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            logThread.stop(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Accept hand-off (ACC-5)

    /** ACC-5: runs on the accepting loop thread; picks the least-loaded thread (ties: this one). */
    private void accepted(Listener l, int cfd, ThreadContext ctx) {
        int me = ctx.tid;
        int best = me;
        int bestLoad = loads.get(me);
        for (int t = 0; t < workers.length; t++) {
            int v = loads.get(t);
            if (v < bestLoad) {
                best = t;
                bestLoad = v;
            }
        }
        if (best != me && workers[best].handOff(cfd, listeners.indexOf(l))) {
            return;
        }
        if (best != me) {
            pollers.loop(me).activity().inc(Activity.ACCQ_FULL);
        }
        workers[me].countLoad();
        workers[me].startLocal(cfd, l, ctx);
    }

    // ---------------------------------------------------------------------------------------------
    // Views for the CLI (any thread)

    /** Runs on any thread: the configuration. */
    public Config config() {
        return config;
    }

    /** Runs on any thread: the loops. */
    public Pollers pollers() {
        return pollers;
    }

    /** Runs on any thread: per-thread workers. */
    public Worker[] workers() {
        return workers;
    }

    /** Runs on any thread: global limits and counters. */
    public Limits limits() {
        return limits;
    }

    /** Runs on any thread: frontends by name. */
    public Map<String, FrontendRt> frontends() {
        return frontends;
    }

    /** Runs on any thread: backends by name. */
    public Map<String, BackendRt> backends() {
        return backends;
    }

    /** Runs on any thread: frontend listeners. */
    public List<Listener> listeners() {
        return listeners;
    }

    /** Runs on any thread: stats listeners. */
    public List<Listener> statsListeners() {
        return statsListeners;
    }

    /** Runs on any thread: the log ring. */
    public LogRing ring() {
        return ring;
    }

    /** Runs on any thread: ms since start. */
    public long uptimeMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    /** Runs on any thread: start date, epoch ms. */
    public long startMillis() {
        return startMillis;
    }

    /** Runs on any thread: logs an unexpected exception caught around a callback (never blocks). */
    public void reportError(Throwable e) {
        log.log(LogLevel.ERR, "internal error: {}", e.toString());
    }

    /** Runs on any thread: true once a graceful stop began. */
    public boolean stopping() {
        return stopping;
    }
}
