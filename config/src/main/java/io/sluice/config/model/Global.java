package io.sluice.config.model;

import java.util.List;

/**
 * The {@code global} section.
 *
 * @param nbthread loop threads, 0 = one per available processor
 * @param threadGroups thread groups (1)
 * @param maxconn the process-wide connection limit, 0 = derived from the fd limit
 * @param statsSockets every {@code stats socket}
 * @param statsTimeoutMs the CLI idle timeout (10 s)
 * @param logs the global {@code log} targets
 * @param experimental {@code expose-experimental-directives}
 * @param hardStopAfterMs {@code hard-stop-after}, -1 when unset
 * @param tune the {@code tune.*} settings
 */
public record Global(int nbthread, int threadGroups, int maxconn, List<StatsSocket> statsSockets,
                     long statsTimeoutMs, List<LogTarget> logs, boolean experimental, long hardStopAfterMs,
                     Tune tune) {
    /** Makes the lists immutable. */
    public Global {
        statsSockets = List.copyOf(statsSockets);
        logs = List.copyOf(logs);
    }
}
