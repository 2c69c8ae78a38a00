package io.sluice.core.stream;

import static io.sluice.core.stream.HttpStream.CLI;
import static io.sluice.core.stream.HttpStream.SRV;

import io.sluice.core.mux.H1Connection;

/**
 * HS-17: the tunnel of one {@link HttpStream} once a valid 101 or a 2xx to CONNECT left no analyser: raw bytes both
 * ways between the front and back {@link H1Connection}s, each side's FIN propagated once its data is delivered, as in
 * mode tcp. One per stream, created with it; every method runs on the stream's loop thread.
 */
final class HttpTunnel {
    private final HttpStream s;
    private final H1Connection front;
    private final H1Connection back;

    HttpTunnel(HttpStream s) {
        this.s = s;
        this.front = s.front;
        this.back = s.back;
    }

    /**
     * Runs on the owner thread: HS-17: tunnel after a 101: copies what each side sent to the other while there is room;
     * a side's FIN is propagated once its data is delivered; the session ends when both write sides are shut.
     */
    boolean run() {
        boolean progress = front.copyRawTo(back) > 0;
        progress |= back.copyRawTo(front) > 0;
        progress |= halfClose(front, back);
        progress |= halfClose(back, front);
        if (front.shutW() && back.shutW()) {
            s.finish('-', '-');
            return false;
        }
        return progress;
    }

    /**
     * Runs on the owner thread: SES-6 as in mode tcp: {@code from}'s FIN, once its data is delivered, half-closes
     * {@code to}.
     */
    private boolean halfClose(H1Connection from, H1Connection to) {
        if (from.eof() && !to.shutW() && from.avail() == 0 && !to.outPending()) {
            to.shutdownWrite();
            s.touch(CLI);
            s.touch(SRV);
            return true;
        }
        return false;
    }
}
