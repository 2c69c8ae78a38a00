package io.sluice.core.log;

/**
 * Formats a {@link LogRecord#KIND_TCPLOG} record as HAProxy's {@code option tcplog} line:
 * {@code %ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq}.
 *
 * <p>Rendering follows HAProxy's "mandatory" option: an empty name prints {@code -}; timers of -1 print {@code -1};
 * a missing server prints {@code <NOSRV>}; retries after a redispatch get a {@code +} prefix; an IPv6 client is
 * printed in RFC 5952 form without brackets ({@code ::1:51234}); a UNIX client prints {@code unix:<listener id>}.
 *
 * <p>Stateless; its methods run on the log thread.
 */
public final class TcpLogFormatter {
    /** The log-format string this formatter implements, as HAProxy defines {@code option tcplog}. */
    public static final String TCPLOG_FORMAT = "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";

    private TcpLogFormatter() {
    }

    /** Appends the tcplog line of {@code r} (no trailing LF); runs on the log thread. */
    public static void format(LogRecord r, DateCache dates, LineBuffer out) {
        appendRoute(r, dates, out);
        out.append(' ').append(r.tw).append('/').append(r.tc).append('/').append(r.tt);
        out.append(' ').append(r.bytesOut);
        out.append(' ').append(r.termination0 == 0 ? '-' : r.termination0)
                .append(r.termination1 == 0 ? '-' : r.termination1);
        appendConnsAndQueues(r, out);
    }

    /**
     * Appends the {@code option httplog} line of a {@link LogRecord#KIND_HTTPLOG} record (no trailing LF):
     * {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r}
     * (no captures: {@code %hr %hs} vanish with their space). {@code %r} escapes {@code "}, {@code #} and
     * non-printable bytes as {@code #XX}. Runs on the log thread.
     */
    public static void formatHttp(LogRecord r, DateCache dates, LineBuffer out) {
        appendRoute(r, dates, out);
        out.append(' ').append(r.tr).append('/').append(r.tw).append('/').append(r.tc).append('/').append(r.tresp)
                .append('/').append(r.tt);
        out.append(' ').append(r.status).append(' ').append(r.bytesOut).append(" - - ");
        out.append(r.termination0 == 0 ? '-' : r.termination0).append(r.termination1 == 0 ? '-' : r.termination1)
                .append("--");
        appendConnsAndQueues(r, out);
        out.append(" \"");
        if (r.requestLineLength < 0) {
            out.append("<BADREQ>");
        } else {
            for (int i = 0; i < r.requestLineLength; i++) {
                int c = r.requestLine[i] & 0xFF;
                if (c < 0x20 || c >= 0x7F || c == '"' || c == '#') {
                    out.append('#').append(HEX[c >> 4]).append(HEX[c & 0xF]);
                } else {
                    out.append((char) c);
                }
            }
        }
        out.append('"');
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@code %ci:%cp [%t] %ft %b/%s}, shared by tcplog and httplog; runs on the log thread. */
    private static void appendRoute(LogRecord r, DateCache dates, LineBuffer out) {
        appendClient(r, out);
        out.append(" [");
        dates.appendAcceptDate(r.acceptMillis, out);
        out.append("] ");
        appendName(r.frontend, out);
        out.append(' ');
        appendName(r.backend, out);
        out.append('/');
        out.append(r.server == null ? "<NOSRV>" : r.server);
    }

    /** {@code %ac/%fc/%bc/%sc/%rc %sq/%bq} (a leading space; {@code +} before a redispatched retry count). */
    private static void appendConnsAndQueues(LogRecord r, LineBuffer out) {
        out.append(' ').append(r.actconn).append('/').append(r.feconn).append('/').append(r.beconn)
                .append('/').append(r.srvconn).append('/');
        if (r.redispatched) {
            out.append('+');
        }
        out.append(r.retries);
        out.append(' ').append(r.srvQueue).append('/').append(r.backendQueue);
    }

    private static void appendName(String name, LineBuffer out) {
        out.append(name == null || name.isEmpty() ? "-" : name);
    }

    private static void appendClient(LogRecord r, LineBuffer out) {
        if (r.clientAddrLen == 4) {
            byte[] a = r.clientAddr;
            out.append(a[0] & 0xFF).append('.').append(a[1] & 0xFF).append('.').append(a[2] & 0xFF).append('.')
                    .append(a[3] & 0xFF);
        } else if (r.clientAddrLen == 16) {
            appendIpv6(r.clientAddr, out);
        } else {
            out.append("unix");
        }
        out.append(':').append(r.clientPort);
    }

    /** Appends an IPv6 address in RFC 5952 canonical form (longest run of >= 2 zero groups as {@code ::}). */
    static void appendIpv6(byte[] a, LineBuffer out) {
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (group(a, i) == 0) {
                int j = i;
                while (j < 8 && group(a, j) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        boolean ipv4Mapped = bestStart == 0 && bestLen == 5 && group(a, 5) == 0xFFFF;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (ipv4Mapped && i == 6) {
                out.append(':').append(a[12] & 0xFF).append('.').append(a[13] & 0xFF).append('.').append(a[14] & 0xFF)
                        .append('.').append(a[15] & 0xFF);
                return;
            }
            if (i > 0 && i != bestStart + bestLen) {
                out.append(':');
            }
            out.appendHex(group(a, i));
        }
    }

    private static int group(byte[] a, int i) {
        return ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
    }
}
