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

    /**
     * The {@code errorfile} pages of one proxy: for each status HAProxy has a template for, the configured reply,
     * the "send nothing" marker of an empty file, or nothing (the built-in page applies). Built at start;
     * immutable and read by every loop thread afterwards.
     */
    public static final class Pages {
        /** No errorfile at all (every status uses the built-in page). */
        public static final Pages NONE = new Pages();

        private final PreparedReply[] replies = new PreparedReply[HttpErrors.CODES.length];
        private final boolean[] silent = new boolean[HttpErrors.CODES.length];
        private int count;

        private Pages() {
        }

        /**
         * Runs on main at start: loads every {@code code → file} of {@code files}, relative paths from
         * {@code baseDir}; {@code where} gives the "[file:line] : " prefix of a code's line for the diagnostics.
         *
         * @throws InvalidErrorFile naming the file and the line when a file is missing or invalid
         */
        public static Pages load(java.util.Map<Integer, String> files, Path baseDir, int maxBytes,
                                 java.util.function.IntFunction<String> where) throws InvalidErrorFile {
            if (files.isEmpty()) {
                return NONE;
            }
            Pages p = new Pages();
            for (java.util.Map.Entry<Integer, String> e : files.entrySet()) {
                int code = e.getKey();
                Path f = Path.of(e.getValue());
                if (!f.isAbsolute() && baseDir != null) {
                    f = baseDir.resolve(f);
                }
                PreparedReply r;
                try {
                    r = ErrorFile.load(code, f, maxBytes);
                } catch (InvalidErrorFile x) {
                    throw new InvalidErrorFile(where.apply(code) + x.getMessage());
                }
                int i = HttpErrors.index(code);
                if (i < 0) {
                    // NOTE: 200 and the other ErrorFile codes all have a template; kept as a guard.
                    throw new InvalidErrorFile(where.apply(code) + "errorfile: status code " + code + " not handled");
                }
                p.replies[i] = r;
                p.silent[i] = r == null;
                p.count++;
            }
            return p;
        }

        /** Runs on any thread: the errorfile reply for {@code status}, null when none (or an empty file). */
        public PreparedReply reply(int status) {
            int i = count == 0 ? -1 : HttpErrors.index(status);
            return i < 0 ? null : replies[i];
        }

        /** Runs on any thread: an empty errorfile was configured for {@code status} (nothing is sent). */
        public boolean silent(int status) {
            int i = count == 0 ? -1 : HttpErrors.index(status);
            return i >= 0 && silent[i];
        }

        /** Runs on any thread: the largest reply (bytes a buffer must hold). */
        public int maxLength() {
            int m = 0;
            for (PreparedReply r : replies) {
                m = r == null ? m : Math.max(m, r.maxLength());
            }
            return m;
        }

        /** Runs on any thread: how many errorfile lines were loaded. */
        public int count() {
            return count;
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
