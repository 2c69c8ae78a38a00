package io.sluice.fdtable;

import java.util.ArrayList;
import java.util.List;

/** Test double for the poller hooks and the OS close: records calls (single-threaded unit tests). */
final class Recorder implements PollerHooks, OsClose, IoCallback {

    final List<String> events = new ArrayList<>();
    int closes;
    int ios;

    @Override
    public void wakeThread(int tid) {
        events.add("wake " + tid);
    }

    @Override
    public void updateFd(ThreadContext ctx, int fd) {
        events.add("update " + ctx.tid + " " + fd);
    }

    @Override
    public void close(int fd, boolean lingerRst) {
        closes++;
        events.add("close " + fd + (lingerRst ? " rst" : ""));
    }

    @Override
    public void onIo(int fd, ThreadContext ctx) {
        ios++;
        events.add("io " + ctx.tid + " " + fd);
    }
}
