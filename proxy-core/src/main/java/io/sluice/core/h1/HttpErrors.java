package io.sluice.core.h1;

import java.nio.charset.StandardCharsets;

/**
 * HAProxy 3.0's built-in error messages ({@code http_err_msgs}): the raw text the mux sends
 * byte for byte before a stream exists ({@link #raw}), and the stream-level form re-serialised
 * by the H1 mux with lower-case names and a connection header of the chosen mode
 * ({@link #reply}). Immutable tables; usable from any thread.
 */
public final class HttpErrors {

    /** Statuses with a template, in HAProxy's order. */
    static final int[] CODES = {200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 421, 422, 425, 429, 500, 501,
        502, 503, 504};

    private static final String OTHER = "Cache-Control: no-cache\r\nContent-Type: text/html\r\n\r\n";

    private static final String[] RAW = {
        "HTTP/1.1 200 OK\r\nContent-length: 58\r\n" + OTHER
            + "<html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n",
        "HTTP/1.1 400 Bad request\r\nContent-length: 90\r\nCache-Control: no-cache\r\nConnection: close\r\n"
            + "Content-Type: text/html\r\n\r\n"
            + "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n",
        "HTTP/1.1 401 Unauthorized\r\nContent-length: 112\r\n" + OTHER
            + "<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and password to access this content.\n"
            + "</body></html>\n",
        "HTTP/1.1 403 Forbidden\r\nContent-length: 93\r\n" + OTHER
            + "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n",
        "HTTP/1.1 404 Not Found\r\nContent-length: 83\r\n" + OTHER
            + "<html><body><h1>404 Not Found</h1>\nThe resource could not be found.\n</body></html>\n",
        "HTTP/1.1 405 Method Not Allowed\r\nContent-length: 146\r\n" + OTHER
            + "<html><body><h1>405 Method Not Allowed</h1>\nA request was made of a resource using a request method "
            + "not supported by that resource\n</body></html>\n",
        "HTTP/1.1 407 Unauthorized\r\nContent-length: 112\r\n" + OTHER
            + "<html><body><h1>407 Unauthorized</h1>\nYou need a valid user and password to access this content.\n"
            + "</body></html>\n",
        "HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\nCache-Control: no-cache\r\nConnection: close\r\n"
            + "Content-Type: text/html\r\n\r\n"
            + "<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n"
            + "</body></html>\n",
        "HTTP/1.1 410 Gone\r\nContent-length: 114\r\n" + OTHER
            + "<html><body><h1>410 Gone</h1>\nThe resource is no longer available and will not be available again.\n"
            + "</body></html>\n",
        "HTTP/1.1 413 Payload Too Large\r\nContent-length: 106\r\n" + OTHER
            + "<html><body><h1>413 Payload Too Large</h1>\nThe request entity exceeds the maximum allowed.\n"
            + "</body></html>\n",
        "HTTP/1.1 421 Misdirected Request\r\nContent-length: 104\r\n" + OTHER
            + "<html><body><h1>421 Misdirected Request</h1>\nRequest sent to a non-authoritative server.\n"
            + "</body></html>\n",
        "HTTP/1.1 422 Unprocessable Content\r\nContent-length: 116\r\n" + OTHER
            + "<html><body><h1>422 Unprocessable Content</h1>\nThe server cannot process the contained instructions.\n"
            + "</body></html>\n",
        "HTTP/1.1 425 Too Early\r\nContent-length: 80\r\n" + OTHER
            + "<html><body><h1>425 Too Early</h1>\nYour browser sent early data.\n</body></html>\n",
        "HTTP/1.1 429 Too Many Requests\r\nContent-length: 117\r\n" + OTHER
            + "<html><body><h1>429 Too Many Requests</h1>\nYou have sent too many requests in a given amount of time.\n"
            + "</body></html>\n",
        "HTTP/1.1 500 Internal Server Error\r\nContent-length: 97\r\n" + OTHER
            + "<html><body><h1>500 Internal Server Error</h1>\nAn internal server error occurred.\n</body></html>\n",
        "HTTP/1.1 501 Not Implemented\r\nContent-length: 136\r\n" + OTHER
            + "<html><body><h1>501 Not Implemented</h1>\n.The server does not support the functionality required to "
            + "fulfill the request.\n</body></html>\n",
        "HTTP/1.1 502 Bad Gateway\r\nContent-length: 107\r\n" + OTHER
            + "<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n"
            + "</body></html>\n",
        "HTTP/1.1 503 Service Unavailable\r\nContent-length: 107\r\n" + OTHER
            + "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n"
            + "</body></html>\n",
        "HTTP/1.1 504 Gateway Time-out\r\nContent-length: 92\r\n" + OTHER
            + "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n",
    };

    private static final byte[][] RAW_BYTES = new byte[RAW.length][];
    private static final PreparedReply[] REPLIES = new PreparedReply[RAW.length];

    static {
        for (int i = 0; i < RAW.length; i++) {
            RAW_BYTES[i] = RAW[i].getBytes(StandardCharsets.ISO_8859_1);
            REPLIES[i] = reserialise(RAW_BYTES[i]);
        }
    }

    private HttpErrors() {
    }

    static int index(int status) {
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == status) {
                return i;
            }
        }
        return -1;
    }

    /** True when HAProxy has a template for {@code status}. */
    public static boolean hasTemplate(int status) {
        return index(status) >= 0;
    }

    /**
     * The mux-level raw message (sent byte for byte before a stream exists, 3.0 behaviour); a
     * status without a template maps to the 500 template. The array is shared: never modify it.
     */
    public static byte[] raw(int status) {
        int i = index(status);
        return RAW_BYTES[i < 0 ? index(500) : i];
    }

    /**
     * The stream-level reply: status line as written, lower-case {@code content-length},
     * {@code cache-control}, {@code content-type}, the template's {@code Connection: close} removed
     * ({@link PreparedReply#closes()} tells it was there). A status without a template gets the 500
     * template.
     */
    public static PreparedReply reply(int status) {
        int i = index(status);
        return REPLIES[i < 0 ? index(500) : i];
    }

    /**
     * Parses a full HTTP response (template or errorfile) into its stream-level form: names lower
     * case, {@code connection} headers removed (recorded as "closes"). Runs at start; allocates.
     *
     * @throws IllegalArgumentException when {@code raw} is not a complete, valid response
     */
    static PreparedReply reserialise(byte[] raw) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(raw.length);
        b.put(raw);
        H1Parser p = new H1Parser(101, Math.max(16384, raw.length + 1), 0);
        p.beginResponse(b, 0, 0);
        if (p.parse(raw.length) != H1Parser.DONE) {
            throw new IllegalArgumentException(p.error() == H1Error.NONE ? "incomplete HTTP response head"
                    : "invalid HTTP response at offset " + p.errorOffset() + " (" + p.error() + ")");
        }
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(p.status()).append(' ')
                .append(HeaderTable.ascii(b, p.reasonStart(), p.reasonEnd())).append("\r\n");
        HeaderTable h = p.headers();
        boolean closes = false;
        for (int i = 0; i < h.count(); i++) {
            if (h.isDeleted(i)) {
                continue;
            }
            if (h.id(i) == HeaderTable.ID_CONNECTION) {
                closes |= (p.flags() & H1Flags.H1_MF_CONN_CLO) != 0;
                continue;
            }
            head.append(h.nameString(i)).append(": ").append(h.valueString(i)).append("\r\n");
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, p.headEnd(), raw.length);
        return new PreparedReply(p.status(), PreparedReply.ascii(head.toString()), body, closes);
    }
}
