package io.sluice.core.http;

import java.nio.ByteBuffer;
import java.util.regex.Matcher;

import io.sluice.core.h1.H1Flags;
import io.sluice.core.h1.H1Parser;

/**
 * What ACLs look at for one request: the parsed request head and the connection's addresses,
 * plus the scratch matchers of this thread. One per loop thread ({@link AclCompiler#newContext()}),
 * re-aimed with {@link #set} for each request; never shared between threads, allocates nothing
 * once built.
 */
public final class HttpMatchContext {

    final Matcher[] matchers;
    final ByteSeq seq = new ByteSeq();
    H1Parser request;
    final byte[] src = new byte[16];
    int srcLen;
    int srcPort;
    int dstPort;

    HttpMatchContext(Matcher[] matchers) {
        this.matchers = matchers;
    }

    /**
     * Aims the context at a request; runs on the loop thread owning this context.
     *
     * @param req a parser holding a complete request head
     * @param srcAddr the client address (4 or 16 bytes, copied)
     * @param clientPort the client port
     * @param localPort the port the client connected to ({@code dst_port})
     */
    public HttpMatchContext set(H1Parser req, byte[] srcAddr, int clientPort, int localPort) {
        this.request = req;
        System.arraycopy(srcAddr, 0, src, 0, srcAddr.length);
        this.srcLen = srcAddr.length;
        this.srcPort = clientPort;
        this.dstPort = localPort;
        return this;
    }

    /** Start of the path: the URI, or what follows the authority of an absolute URI. */
    int pathStart() {
        H1Parser r = request;
        if ((r.flags() & H1Flags.H1_MF_ABS_URI) == 0) {
            return r.uriStart();
        }
        ByteBuffer b = r.buffer();
        int slashes = 0;
        for (int i = r.uriStart(); i < r.uriEnd(); i++) {
            if (b.get(i) == '/' && ++slashes == 3) {
                return i;
            }
        }
        return r.uriEnd();
    }

    /** End of the path (the '?' or the end of the URI). */
    int pathEnd(int start) {
        ByteBuffer b = request.buffer();
        for (int i = start; i < request.uriEnd(); i++) {
            if (b.get(i) == '?') {
                return i;
            }
        }
        return request.uriEnd();
    }

    /** A reusable CharSequence over bytes of a buffer (ISO-8859-1), for regex matching. */
    static final class ByteSeq implements CharSequence {
        ByteBuffer buf;
        int start;
        int len;

        ByteSeq aim(ByteBuffer b, int s, int e) {
            buf = b;
            start = s;
            len = e - s;
            return this;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(int index) {
            return (char) (buf.get(start + index) & 0xff);
        }

        @Override
        public CharSequence subSequence(int s, int e) {
            return new ByteSeq().aim(buf, start + s, start + e);
        }

        @Override
        public String toString() {
            char[] c = new char[len];
            for (int i = 0; i < len; i++) {
                c[i] = charAt(i);
            }
            return new String(c);
        }
    }
}
