package io.sluice.bench.queue;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.sluice.queue.Assigner;
import io.sluice.queue.Backend;
import io.sluice.queue.QueueFlags;
import io.sluice.queue.Queues;
import io.sluice.queue.Server;

/**
 * One queued request's life under contention: the stream is added to its server's queue
 * ({@code pendconnAdd}), runs the dequeue election ({@code processServerQueue}, which may dequeue other threads'
 * entries too), waits until some dequeuer granted its own entry, takes it back ({@code pendconnDequeue}) and
 * releases the slot ({@code releaseSlot}, which dequeues again if others wait). maxconn is high so that slots never
 * run out: what is measured is the queue locks, the dequeuing flag, the ordered set and the counters.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueueAddDequeueBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueAddDequeueBench {

    Backend px;
    Server srv;
    Queues queues;
    Assigner assigner;

    /** Runs once per trial on the JMH setup thread. */
    @Setup(Level.Trial)
    public void setUp() {
        px = Backend.builder("bench").maxPollEvents(200).build();
        srv = px.addServer(new Server.Builder("s1").maxconn(1 << 20));
        queues = new Queues();
        assigner = new Assigner(queues);
    }

    /** Runs once per trial; the queues must be empty once all threads stopped. */
    @TearDown(Level.Trial)
    public void check() {
        if (px.totpend() != 0 || srv.served() != 0 || srv.queue().length() != 0) {
            throw new IllegalStateException("not drained: " + px + " " + srv);
        }
    }

    /** Per-thread stream. */
    @State(Scope.Thread)
    public static class StreamState {
        BenchStream stream;

        /** Runs once per thread. */
        @Setup(Level.Trial)
        public void setUp(QueueAddDequeueBench b) {
            stream = new BenchStream();
            stream.setTarget(b.srv);
        }
    }

    private int oneRequest(BenchStream t) {
        t.setFlags(QueueFlags.SF_ASSIGNED | QueueFlags.SF_DIRECT);
        int seen = t.wakes;
        queues.pendconnAdd(t, px);
        int dequeued = queues.processServerQueue(srv);
        // Our entry was inserted before our election attempt: we or the current flag holder dequeue it.
        while (t.wakes == seen) {
            Thread.onSpinWait();
        }
        if (queues.pendconnDequeue(t)) {
            throw new IllegalStateException("woken but still linked");
        }
        assigner.releaseSlot(t);
        return dequeued;
    }

    /** Runs on one JMH worker thread: single-threaded cost of a queued request. */
    @Benchmark
    @Threads(1)
    public int addDequeueRelease1(StreamState s) {
        return oneRequest(s.stream);
    }

    /** Runs on two JMH worker threads contending on one server queue. */
    @Benchmark
    @Threads(2)
    public int addDequeueRelease2(StreamState s) {
        return oneRequest(s.stream);
    }

    /** Runs on four JMH worker threads (more threads than cores here: includes preemption). */
    @Benchmark
    @Threads(4)
    public int addDequeueRelease4(StreamState s) {
        return oneRequest(s.stream);
    }
}
