package io.sluice.queue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain round-robin {@link LoadBalancer} over the backend's servers, honouring weights only as usable/unusable:
 * active servers first; when none is usable, the first usable backup (or every backup with {@code allbackups}).
 * A server is eligible when it is usable and has room: unlimited, or an empty queue and {@code served} below its
 * dynamic maxconn (HAProxy's roundrobin skips full servers the same way).
 */
public final class RoundRobinLb implements LoadBalancer {

    /** Atomic cursor; contention on it only changes which server is tried first. */
    private final AtomicInteger cursor = new AtomicInteger();

    /** Runs on the stream's thread; see {@link LoadBalancer#pick}. */
    @Override
    public Server pick(Backend backend, QueuedStream stream) {
        Server[] servers = backend.servers();
        int n = servers.length;
        if (n == 0) {
            return null;
        }
        boolean useBackups = backend.activeUsableCount() == 0;
        Server firstBackup = useBackups ? backend.firstUsableBackup() : null;
        long now = backend.clock().nowMs();
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Server s = servers[(start + i) % n];
            if (!s.isUsable() || s.isBackup() != useBackups) {
                continue;
            }
            if (useBackups && s != firstBackup && !backend.allBackups()) {
                continue;
            }
            if (s.maxconn() == 0 || (s.queue().length() == 0 && s.served() < s.dynamicMaxconn(now))) {
                return s;
            }
        }
        return null;
    }
}
