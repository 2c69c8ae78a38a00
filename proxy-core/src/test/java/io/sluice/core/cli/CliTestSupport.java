package io.sluice.core.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Drives a {@link CliSession} the way a socket would: chunks in, bytes out through a small buffer. */
final class CliTestSupport {
    static final String VERSION = "2.6.12-1+deb12u4";

    private CliTestSupport() {
    }

    /** A registry with the session commands, show version, and an admin command failing like HAProxy's. */
    static CliRegistry registry() {
        CliRegistry r = SessionCommands.registerAll(new CliRegistry());
        SessionCommands.registerShowVersion(r, VERSION);
        r.register(CliCommand.of("disable server", "disable server (DEPRECATED)",
                "disable a server for maintenance (use 'set server' instead)", CliLevel.ADMIN,
                req -> req.error("No such server.")));
        r.register(CliCommand.of("echo", null, null, CliLevel.USER, req -> {
            req.out().append(String.join("|", req.args().subList(1, req.args().size()))).append('\n');
            if (req.payload() != null) {
                req.out().append("payload=").append(req.payload().replace("\n", "\\n")).append('\n');
            }
            return true;
        }));
        return r;
    }

    /** Feeds each chunk in turn, collecting output after each through a 7-byte buffer (forces partial writes). */
    static String exchange(CliSession s, String... chunks) {
        StringBuilder sb = new StringBuilder();
        for (String c : chunks) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            int off = 0;
            while (off < b.length) {
                off += s.onInput(b, off, b.length - off);
                sb.append(drain(s));
            }
            sb.append(drain(s));
        }
        return sb.toString();
    }

    static String drain(CliSession s) {
        StringBuilder sb = new StringBuilder();
        ByteBuffer small = ByteBuffer.allocate(7);
        while (s.hasOutput()) {
            small.clear();
            s.writeTo(small);
            small.flip();
            sb.append(StandardCharsets.UTF_8.decode(small));
        }
        return sb.toString();
    }
}
