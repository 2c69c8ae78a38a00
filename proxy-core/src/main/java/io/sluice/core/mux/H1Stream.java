package io.sluice.core.mux;

import java.nio.ByteBuffer;

import io.sluice.core.h1.H1BodyDecoder;
import io.sluice.core.h1.H1Flags;
import io.sluice.core.h1.H1Parser;

/**
 * The message state of the current transaction on one {@link H1Connection} (HAProxy's {@code h1s}): the head
 * parser, the body framer and where the message stands (head parsed, message complete). A request instance
 * parses on the front connection, a response instance on the back one; both are reused for every transaction of
 * the session. Every method runs on the loop thread owning the connection; nothing allocates after construction.
 */
public final class H1Stream {
    /** {@link #forwardBody}: the body framing is invalid. */
    public static final int FWD_ERROR = -1;

    private final H1Parser parser;
    private final H1BodyDecoder body;
    private boolean headDone;
    private boolean done;
    private int flags;

    /** Runs on the owner thread: a message state with HAProxy's limits ({@code maxhdr}, buffer, maxrewrite). */
    public H1Stream(int maxhdr, int bufSize, int rewrite) {
        parser = new H1Parser(maxhdr, bufSize, rewrite);
        body = new H1BodyDecoder(maxhdr, bufSize - rewrite);
    }

    /** Runs on the owner thread: H1S-1: a new request is expected at offset 0 of {@code c}'s input. */
    public void beginRequest(H1Connection c) {
        parser.beginRequest(c.in(), 0);
        headDone = done = false;
        flags = 0;
    }

    /** Runs on the owner thread: H1S-1: a (next) response to a request with {@code reqFlags} is expected. */
    public void beginResponse(H1Connection c, int reqFlags) {
        c.compact();
        parser.beginResponse(c.in(), 0, reqFlags);
        headDone = done = false;
        flags = 0;
    }

    /** Runs on the owner thread: forgets the message state (no message on this h1s until the next begin). */
    public void clear() {
        headDone = done = false;
        flags = 0;
    }

    /** Runs on the owner thread: H1S-2: parses what {@code c} holds; H1Parser.NEED_MORE, DONE or ERROR. */
    public int parseHead(H1Connection c) {
        int r = parser.parse(c.hi());
        if (r == H1Parser.DONE) {
            flags = parser.flags();
        }
        return r;
    }

    /** Runs on the owner thread: H1S-3: the head is consumed; the body framer starts from its flags. */
    public void headForwarded(H1Connection c) {
        c.pos(parser.headEnd());
        body.begin(parser);
        headDone = true;
        done = body.result() == H1BodyDecoder.DONE;
    }

    /**
     * Runs on the owner thread: H1S-6: whether the chunked body bytes read together with the head hold a framing
     * error (HAProxy's mux parses them in the same pass as the head, so the error is a mux-level one). Nothing is
     * consumed: {@link #headForwarded} starts the framer afresh.
     */
    public boolean bodyErrorWithHead(H1Connection c) {
        int from = parser.headEnd();
        if ((parser.flags() & H1Flags.H1_MF_CHNK) == 0 || from >= c.hi()) {
            return false;
        }
        body.begin(parser);
        body.feed(c.in(), from, c.hi());
        return body.result() == H1BodyDecoder.ERROR;
    }

    /** Runs on the owner thread: an interim (1xx) head was forwarded; the final response comes next. */
    public void interimForwarded(H1Connection c, int reqFlags) {
        c.pos(parser.headEnd());
        beginResponse(c, reqFlags);
    }

    /**
     * Runs on the owner thread: H1S-4: copies body bytes as received (framing included) from {@code from}'s input
     * to {@code to}'s output while there is room; on a close-delimited body the FIN completes it. When the input
     * is emptied it restarts at 0, except after the end of a request ({@code isRequest}: the head may still be
     * read by http-response conditions); a request body never ends at a FIN. Returns the bytes moved or FWD_ERROR.
     */
    public int forwardBody(H1Connection from, H1Connection to, boolean isRequest) {
        if (done) {
            return 0;
        }
        int n = 0;
        ByteBuffer o = to.out();
        int room = o.capacity() - o.position();
        int pos = from.pos();
        int avail = from.hi() - pos;
        if (room > 0 && avail > 0) {
            int end = body.feed(from.in(), pos, pos + Math.min(room, avail));
            n = end - pos;
            o.put(o.position(), from.in(), pos, n);
            o.position(o.position() + n);
            from.pos(end);
        }
        if (body.result() == H1BodyDecoder.MORE && from.eof() && from.avail() == 0 && !isRequest) {
            body.onEof();
        }
        if (body.result() == H1BodyDecoder.ERROR) {
            return FWD_ERROR;
        }
        done = body.result() == H1BodyDecoder.DONE;
        if (from.avail() == 0 && (!done || !isRequest)) {
            from.resetInput();
        }
        return n;
    }

    /**
     * Runs on the owner thread: H1S-5: drains (reads and drops) body bytes after a local reply; returns the bytes
     * dropped or FWD_ERROR on bad framing.
     */
    public int drainBody(H1Connection from) {
        if (done) {
            return 0;
        }
        int pos = from.pos();
        int end = body.feed(from.in(), pos, from.hi());
        from.pos(end);
        if (body.result() == H1BodyDecoder.ERROR) {
            return FWD_ERROR;
        }
        done = body.result() == H1BodyDecoder.DONE;
        if (from.avail() == 0 && !done) {
            from.resetInput();
        }
        return end - pos;
    }

    /** Runs on the owner thread: the parser (head fields, headers, status, errors). */
    public H1Parser parser() {
        return parser;
    }

    /** Runs on the owner thread: the head was parsed and consumed. */
    public boolean headDone() {
        return headDone;
    }

    /** Runs on the owner thread: the whole message (head and body) was consumed. */
    public boolean done() {
        return done;
    }

    /** Runs on the owner thread: marks the message complete (tunnel, or a bodyless local outcome). */
    public void done(boolean d) {
        done = d;
    }

    /** Runs on the owner thread: the parsed head's H1_MF_* flags (0 before the head). */
    public int flags() {
        return flags;
    }

    /** Runs on the owner thread: body payload bytes seen so far. */
    public long payloadBytes() {
        return body.payloadBytes();
    }
}
