package io.sluice.fdtable;

import static io.sluice.fdtable.Variant.CLAIM_NO_WAIT;
import static io.sluice.fdtable.Variant.NO_F98A8C317;
import static io.sluice.fdtable.Variant.NO_READD;
import static io.sluice.fdtable.Variant.PRE_237E6A0D6;
import static io.sluice.fdtable.Variant.PRE_CD8914BC5;
import static io.sluice.fdtable.Variant.PRODUCTION;
import static io.sluice.fdtable.Variant.SKELETON_FIXED;
import static io.sluice.fdtable.Variant.HAPROXY_UPD12;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of the four interactions of issue 3 (seeds 000 and 001), on the production code,
 * on the fixed skeleton, and on the pre-fix canaries, which Lincheck must catch. Each canary prints
 * "caught in N invocations / T ms" for the report.
 */
@Tag("model")
@Timeout(120)
class FdProtocolModelTest {

    /** Budget of the passing runs (the whole class must stay well under the module's 3 minutes). */
    private static final int INVOCATIONS = 500;
    /** Budget of each harness on the fixed skeleton (it only has to show the harness shape is right). */
    private static final int SKELETON_INVOCATIONS = 150;
    /** Budget of the canaries: they stop at the first failure. */
    private static final int CANARY_INVOCATIONS = 2_000;
    private static final long SPIN_LIMIT = 50;
    private static final RaceWindows OFF = RaceWindows.DISABLED;

    private interface Body {
        void run(int kind);
    }

    private static void passes(int kind, Body body) {
        int budget = kind == SKELETON_FIXED ? SKELETON_INVOCATIONS : INVOCATIONS;
        Lincheck.runConcurrentTest(budget, () -> body.run(kind));
    }

    /**
     * Lincheck 3.7 sometimes finds the failure and then crashes while rendering its trace (an IndexOutOfBounds in
     * {@code TraceNodesKt.traceToTree}, after the interleaving was found): the canary was caught but its message is
     * lost. Such a run is repeated, at most this many times, to obtain the message the assertion checks.
     */
    private static final int REPORT_ATTEMPTS = 3;

    /** True when {@code e} was thrown by Lincheck's failure reporter rather than by the scenario or the checker. */
    static boolean isReporterCrash(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("org.jetbrains.kotlinx.lincheck.trace.")
                    || c.equals("org.jetbrains.kotlinx.lincheck.ReporterKt")) {
                return true;
            }
        }
        return false;
    }

    private static void caught(String what, int kind, Body body, String expected) {
        AtomicInteger invocations = new AtomicInteger();
        long start = System.nanoTime();
        AssertionError err = null;
        RuntimeException reporterCrash = null;
        for (int attempt = 0; attempt < REPORT_ATTEMPTS && err == null; attempt++) {
            try {
                Lincheck.runConcurrentTest(CANARY_INVOCATIONS, () -> {
                    invocations.incrementAndGet();
                    body.run(kind);
                });
                break;
            } catch (AssertionError e) {
                err = e;
            } catch (RuntimeException e) {
                if (!isReporterCrash(e)) {
                    throw e;
                }
                reporterCrash = e;
            }
        }
        if (err == null && reporterCrash != null) {
            throw new AssertionError("Lincheck's trace reporter crashed on every attempt", reporterCrash);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(err).as("Lincheck must catch the %s canary (%s)", Variant.name(kind), what).isNotNull();
        System.out.printf("CANARY %-14s %-28s caught in %d invocations / %d ms%n", Variant.name(kind), what,
                invocations.get(), ms);
        assertThat(err.getMessage()).as("failure message of the %s canary", Variant.name(kind)).contains(expected);
    }

    @Test
    void onlyACrashInsideLincheckTraceReporterIsRetried() {
        IndexOutOfBoundsException inReporter = new IndexOutOfBoundsException("Index 2 out of bounds for length 2");
        inReporter.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.ArrayList", "get", "ArrayList.java", 427),
            new StackTraceElement("org.jetbrains.kotlinx.lincheck.trace.TraceNodesKt", "traceToTree", "T.kt", 232),
        });
        IndexOutOfBoundsException inScenario = new IndexOutOfBoundsException("Index 2 out of bounds for length 2");
        inScenario.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("io.sluice.fdtable.FdTable", "delete", "FdTable.java", 1),
        });
        assertThat(isReporterCrash(inReporter)).isTrue();
        assertThat(isReporterCrash(inScenario)).isFalse();
    }

    // (1) delete vs updateEvents vs takeover (seed 000)

    @Test
    void takeoverVsUpdateClosesOnceAndNoIocbAfterTakeover() {
        passes(PRODUCTION, k -> Scenarios.takeoverVsUpdate(k, true, SPIN_LIMIT, OFF));
    }

    @Test
    void skeletonWithEveryFixPassesEveryHarness() {
        passes(SKELETON_FIXED, k -> Scenarios.takeoverVsUpdate(k, false, SPIN_LIMIT, OFF));
        passes(SKELETON_FIXED, k -> Scenarios.deleteVsUpdate(k, SPIN_LIMIT, OFF));
        passes(SKELETON_FIXED, k -> Scenarios.orphanVsLateUpdate(k, SPIN_LIMIT, OFF));
        passes(SKELETON_FIXED, k -> Scenarios.twoRunnersAndDeleter(k, SPIN_LIMIT, OFF));
    }

    @Test
    void canaryPreCd8914bc5AbaTakeoverIsCaught() {
        caught("ABA takeover", PRE_CD8914BC5,
                k -> Scenarios.takeoverVsUpdate(k, false, SPIN_LIMIT, OFF), "after the fd was taken over");
    }

    @Test
    void deleteVsUpdateClosesOnce() {
        passes(PRODUCTION, k -> Scenarios.deleteVsUpdate(k, SPIN_LIMIT, OFF));
    }

    @Test
    void canaryPreCd8914bc5DoubleCloseIsCaught() {
        caught("double close", PRE_CD8914BC5, k -> Scenarios.deleteVsUpdate(k, SPIN_LIMIT, OFF),
                "closed 2 times");
    }

    @Test
    void canaryHaproxyUpd12OrderLostCloseIsCaught() {
        caught("UPD-12 without 12a", HAPROXY_UPD12,
                k -> Scenarios.deleteVsUpdate(k, SPIN_LIMIT, OFF), "closed 0 times");
    }

    // (2) deleteOrphan vs a late updateEvents (seed 001)

    @Test
    void orphanVsLateUpdateLeavesNoStaleUpdateBit() {
        passes(PRODUCTION, k -> Scenarios.orphanVsLateUpdate(k, SPIN_LIMIT, OFF));
    }

    @Test
    void canaryPre237e6a0d6StaleUpdateBitIsCaught() {
        caught("stale update_mask bit", PRE_237E6A0D6,
                k -> Scenarios.orphanVsLateUpdate(k, SPIN_LIMIT, OFF), "not clean");
    }

    // (3) two runners + a deleter (f98a8c317)

    @Test
    void twoRunnersAndDeleterNoLivelock() {
        passes(PRODUCTION, k -> Scenarios.twoRunnersAndDeleter(k, SPIN_LIMIT, OFF));
    }

    @Test
    void canaryNoF98a8c317LivelockIsCaught() {
        caught("sync-loop livelock", NO_F98A8C317,
                k -> Scenarios.twoRunnersAndDeleter(k, SPIN_LIMIT, OFF), "");
    }

    // (4) insert after close with transient tgid readers

    @Test
    void insertAfterCloseClaimWaitsForReaders() {
        passes(PRODUCTION, k -> Scenarios.insertAfterCloseWithReaders(k, SPIN_LIMIT, OFF));
    }

    @Test
    void canaryClaimWithoutDrainIsCaught() {
        caught("claim without drain", CLAIM_NO_WAIT,
                k -> Scenarios.insertAfterCloseWithReaders(k, SPIN_LIMIT, OFF), "refc=");
    }

    // (5) the group update list: consume vs re-program

    @Test
    void globalUpdateConsumedWhileReprogrammedIsNeverLost() {
        passes(PRODUCTION, k -> GlobalUpdates.consumeWhileProgrammed(k, SPIN_LIMIT, OFF));
        passes(SKELETON_FIXED, k -> GlobalUpdates.consumeWhileProgrammed(k, SPIN_LIMIT, OFF));
    }

    @Test
    void canaryDoneUpdatePollingWithoutReaddIsCaught() {
        caught("lost global update", NO_READD, k -> GlobalUpdates.consumeWhileProgrammed(k, SPIN_LIMIT, OFF),
                "update lost");
    }
}
