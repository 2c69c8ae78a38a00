package io.sluice.bench.fdtable;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.sluice.fdtable.FdState;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.OsClose;
import io.sluice.fdtable.PollerHooks;
import io.sluice.fdtable.ThreadContext;
import io.sluice.fdtable.ThreadSet;
import io.sluice.fdtable.UpdateResult;

/**
 * Uncontended costs of the fd table's hot paths (issue 3's goal: insert + updateEvents + delete under 100 ns).
 * Single benchmark thread; the OS close and the poller hooks are no-ops so only the table is measured.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FdTableBench -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FdTableBench {

    private static final int FD = 42;

    private FdTable table;
    private ThreadContext t0;
    private ThreadContext t1;
    private Object conn;
    private IoCallback iocb;
    private long ios;
    private boolean onT1;

    /** Builds a 4-thread, 1-group table of 1,024 fds; benchmark thread. */
    @Setup(Level.Trial)
    public void setup() {
        ThreadSet threads = ThreadSet.of(4, 1);
        OsClose noClose = (fd, rst) -> { };
        table = new FdTable(1024, threads, PollerHooks.NONE, noClose);
        t0 = new ThreadContext(threads, 0);
        t1 = new ThreadContext(threads, 1);
        conn = new Object();
        iocb = (fd, ctx) -> ios++;
        table.insert(FD + 1, conn, iocb, 1, t0.ltidBit, 0);
        table.wantRecv(FD + 1, t0);
        t0.clearLocalUpdates();
    }

    /** insert + want_recv + one event (iocb runs) + delete with the orphan close: a connection's whole life. */
    @Benchmark
    public UpdateResult insertUpdateDelete() {
        FdTable t = table;
        t.insert(FD, conn, iocb, 1, t0.ltidBit, 0);
        t.wantRecv(FD, t0); // local update; ORPH-6 trims it again
        UpdateResult r = t.updateEvents(FD, FdState.FD_EV_READY_R, t0);
        t.delete(FD, t0);
        return r;
    }

    /**
     * The cycle: insert + one event + delete, without a subscription (the fd is inactive, so the event
     * only refreshes the poll flags and queues the must_stop update, which the orphan close trims); benchmark
     * thread.
     */
    @Benchmark
    public UpdateResult insertEventDelete() {
        FdTable t = table;
        t.insert(FD, conn, iocb, 1, t0.ltidBit, 0);
        UpdateResult r = t.updateEvents(FD, FdState.FD_EV_READY_R, t0);
        t.delete(FD, t0);
        return r;
    }

    /** One event on a live fd (the poller's per-event cost); benchmark thread. */
    @Benchmark
    public UpdateResult updateEvents() {
        return table.updateEvents(FD + 1, FdState.FD_EV_READY_R, t0);
    }

    private final java.util.concurrent.atomic.AtomicLong fence = new java.util.concurrent.atomic.AtomicLong();

    /** Baseline: one uncontended atomic RMW (a full fence on x86), to read the other figures in fenced ops. */
    @Benchmark
    public long oneAtomicRmw() {
        return fence.incrementAndGet();
    }

    /** One takeover, alternating between two threads' contexts on the same fd; benchmark thread. */
    @Benchmark
    public boolean takeover() {
        onT1 = !onT1;
        return table.takeover(FD + 1, conn, onT1 ? t1 : t0);
    }
}
