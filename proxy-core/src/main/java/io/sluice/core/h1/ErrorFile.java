package io.sluice.core.h1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an {@code errorfile <code> <file>}: the file is a complete HTTP response sent as it is,
 * validated at load like HAProxy's {@code http_load_errorfile()}: the code must be one HAProxy
 * supports, the head must parse as a response, chunked bodies are refused, a Content-Length must
 * equal the body that follows, and the whole must fit {@code tune.bufsize − tune.maxrewrite}. An
 * empty file is valid and means "send nothing" ({@link #load} returns null). Runs at start on the
 * main thread.
 */
public final class ErrorFile {

    /** Codes {@code errorfile} accepts (HAProxy's {@code http_err_codes}). */
    static final int[] CODES = {200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503,
        504};

    private ErrorFile() {
    }

    /** Thrown with a message fit for the configuration diagnostics. */
    public static final class InvalidErrorFile extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidErrorFile(String message) {
            super(message, null, false, false);
        }
    }

    /** Loads and validates {@code file} for {@code code}; null for an empty file (no reply). */
    public static PreparedReply load(int code, Path file, int maxBytes) throws InvalidErrorFile {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidErrorFile("errorfile '" + file + "': cannot read: " + e.getMessage());
        }
        return parse(code, raw, file.toString(), maxBytes);
    }

    /** Validates {@code raw} as the errorfile {@code name} for {@code code}; null when empty. */
    public static PreparedReply parse(int code, byte[] raw, String name, int maxBytes) throws InvalidErrorFile {
        boolean known = false;
        for (int c : CODES) {
            known |= c == code;
        }
        if (!known) {
            throw new InvalidErrorFile("errorfile: status code " + code + " not handled");
        }
        if (raw.length == 0) {
            return null;
        }
        if (raw.length > maxBytes) {
            throw new InvalidErrorFile("errorfile '" + name + "': " + raw.length + " bytes, larger than the "
                    + maxBytes + " bytes a buffer can hold");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(raw.length);
        b.put(raw);
        H1Parser p = new H1Parser(101, raw.length + 1, 0);
        p.beginResponse(b, 0, 0);
        if (p.parse(raw.length) != H1Parser.DONE) {
            throw new InvalidErrorFile("errorfile '" + name + "': " + (p.error() == H1Error.NONE
                    ? "incomplete HTTP response head" : "invalid HTTP response at offset " + p.errorOffset()
                    + " (" + p.error() + ")"));
        }
        int f = p.flags();
        if ((f & H1Flags.H1_MF_CHNK) != 0) {
            throw new InvalidErrorFile("errorfile '" + name + "': chunked bodies are not supported");
        }
        long body = raw.length - p.headEnd();
        if ((f & H1Flags.H1_MF_CLEN) != 0 && p.contentLength() != body) {
            throw new InvalidErrorFile("errorfile '" + name + "': content-length " + p.contentLength()
                    + " but the body has " + body + " bytes");
        }
        return HttpErrors.reserialise(raw);
    }
}
