package io.sluice.poller;

import java.util.Arrays;

/**
 * The per-thread timer structure (HAProxy's per-thread {@code timers} wait queue): an indexed
 * binary min-heap of {@link Task}s keyed by {@code wqKey}; owner loop thread only, not thread-safe.
 *
 * <p>Re-arming never allocates: a task stores its own heap position, so moving it is a sift in
 * place; the array only grows (doubling) when more tasks are armed at once than ever before.
 *
 * <p>Lazy re-positioning as in HAProxy: {@link #queue} moves a task only when its new expiry is
 * earlier than its key; a later expiry is noticed in {@link #wakeExpired} when the old key comes
 * due, and the task is then re-keyed at its real date instead of being woken.
 */
final class TimerHeap {

    private Task[] heap = new Task[64];
    private int size;

    /** Runs on the owner thread: number of armed timers. */
    int size() {
        return size;
    }

    /** Runs on the owner thread: arms or advances the timer of {@code t} (see class comment). */
    void queue(Task t) {
        long exp = t.expire;
        if (!Ticks.isSet(exp)) {
            return;
        }
        if (t.heapIndex < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            t.wqKey = exp;
            t.heapIndex = size;
            heap[size++] = t;
            siftUp(t.heapIndex);
        } else if (exp < t.wqKey) {
            t.wqKey = exp;
            siftUp(t.heapIndex);
        }
    }

    /** Runs on the owner thread: disarms the timer of {@code t} if armed. */
    void remove(Task t) {
        int i = t.heapIndex;
        if (i < 0) {
            return;
        }
        t.heapIndex = -1;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        Task last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.heapIndex = i;
        if (!siftUp(i)) {
            siftDown(i);
        }
    }

    /** Runs on the owner thread: key of the earliest timer, {@link Ticks#ETERNITY} if none. */
    long nextExpiry() {
        return size == 0 ? Ticks.ETERNITY : heap[0].wqKey;
    }

    /**
     * Runs on the owner thread: wakes every task whose expiry is at or before {@code now} with
     * TASK_WOKEN_TIMER (HAProxy's {@code wake_expired_tasks}); returns how many were woken. Ends
     * because each step removes a task or raises the top key above {@code now}.
     */
    int wakeExpired(long now) {
        int woken = 0;
        while (size > 0) {
            Task t = heap[0];
            if (t.wqKey > now) {
                break;
            }
            if (!Ticks.isSet(t.expire)) {
                remove(t);
                continue;
            }
            if (t.expire > now) {
                t.wqKey = t.expire;
                siftDown(0);
                continue;
            }
            remove(t);
            t.wakeup(TaskFlags.TASK_WOKEN_TIMER);
            woken++;
        }
        return woken;
    }

    private boolean siftUp(int i) {
        Task t = heap[i];
        int start = i;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            Task pt = heap[p];
            if (pt.wqKey <= t.wqKey) {
                break;
            }
            heap[i] = pt;
            pt.heapIndex = i;
            i = p;
        }
        heap[i] = t;
        t.heapIndex = i;
        return i != start;
    }

    private void siftDown(int i) {
        Task t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && heap[r].wqKey < heap[c].wqKey) {
                c = r;
            }
            if (t.wqKey <= heap[c].wqKey) {
                break;
            }
            heap[i] = heap[c];
            heap[i].heapIndex = i;
            i = c;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
