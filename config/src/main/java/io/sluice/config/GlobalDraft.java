package io.sluice.config;

import java.util.ArrayList;
import java.util.List;

import io.sluice.config.model.Global;
import io.sluice.config.model.LogTarget;
import io.sluice.config.model.StatsSocket;
import io.sluice.config.model.Tune;

/**
 * The global section while it is being parsed: mutable fields the keyword parsers fill, then
 * {@link #build()}. Owned by the parsing thread only.
 */
public final class GlobalDraft {
    /** {@code nbthread}, 0 = auto. */
    public int nbthread;
    /** {@code thread-groups}. */
    public int threadGroups = 1;
    /** Where {@code nbthread} was set (file, line), null if not set. */
    public String nbthreadFile;
    /** The line of {@code nbthread}. */
    public int nbthreadLine;
    /** {@code maxconn}, 0 = auto. */
    public int maxconn;
    /** {@code stats socket} lines. */
    public final List<StatsSocket> statsSockets = new ArrayList<>();
    /** {@code stats timeout}. */
    public long statsTimeoutMs = 10_000;
    /** {@code log} lines. */
    public final List<LogTarget> logs = new ArrayList<>();
    /** {@code expose-experimental-directives}. */
    public boolean experimental;
    /** {@code hard-stop-after}, -1 = unset. */
    public long hardStopAfterMs = -1;
    /** {@code tune.bufsize}. */
    public int bufsize = Tune.DEFAULTS.bufsize();
    /** {@code tune.maxpollevents}. */
    public int maxpollevents = Tune.DEFAULTS.maxpollevents();
    /** {@code tune.runqueue-depth}. */
    public int runqueueDepth = Tune.DEFAULTS.runqueueDepth();
    /** {@code tune.fd.edge-triggered}. */
    public boolean fdEdgeTriggered = Tune.DEFAULTS.fdEdgeTriggered();
    /** {@code tune.http.maxhdr}. */
    public int httpMaxhdr = Tune.DEFAULTS.httpMaxhdr();
    /** {@code tune.idle-pool.shared}. */
    public boolean idlePoolShared = Tune.DEFAULTS.idlePoolShared();
    /** {@code tune.pool-low-fd-ratio}. */
    public int poolLowFdRatio = Tune.DEFAULTS.poolLowFdRatio();
    /** {@code tune.pool-high-fd-ratio}. */
    public int poolHighFdRatio = Tune.DEFAULTS.poolHighFdRatio();
    /** {@code tune.watchdog.panic-after}. */
    public long watchdogPanicAfterMs = Tune.DEFAULTS.watchdogPanicAfterMs();
    /** {@code tune.debug.race-widen}. */
    public int raceWiden;

    /** Returns the immutable global section; runs on the parsing thread. */
    public Global build() {
        Tune tune = new Tune(bufsize, maxpollevents, runqueueDepth, fdEdgeTriggered, httpMaxhdr, idlePoolShared,
                poolLowFdRatio, poolHighFdRatio, watchdogPanicAfterMs, raceWiden);
        return new Global(nbthread, threadGroups, maxconn, statsSockets, statsTimeoutMs, logs, experimental,
                hardStopAfterMs, tune);
    }
}
