package io.sluice.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class TcpLogFormatterTest {
    private static long utc(int y, int mo, int d, int h, int mi, int s, int ms) {
        return LocalDateTime.of(y, mo, d, h, mi, s, ms * 1_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static LogRecord record() {
        LogRing ring = new LogRing(2);
        long seq = ring.tryClaim();
        return ring.record(seq);
    }

    private static String format(LogRecord r) {
        LineBuffer out = new LineBuffer(64);
        TcpLogFormatter.format(r, new DateCache(ZoneOffset.UTC), out);
        return out.toString();
    }

    /** HAProxy configuration manual §8.2.2, "TCP log format", the example line after the syslog header. */
    @Test
    void matchesTheConfigurationManualExample() {
        LogRecord r = record().tcplog()
                .client(new byte[] {10, 0, 1, 2}, 4, 33313)
                .acceptDate(utc(2009, 2, 6, 12, 12, 51, 443))
                .route("fnt", "bck", "srv1")
                .timers(0, 0, 5007).bytes(212).termination('-', '-')
                .conns(0, 0, 0, 0, 3, false).queues(0, 0);
        assertThat(format(r)).isEqualTo("10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- "
                + "0/0/0/0/3 0/0");
    }

    /** The tcplog example of haproxy-http-stream.md §6, with the default RFC 3164 header of §6's framing. */
    @Test
    void matchesTheReferenceExampleWithItsSyslogHeader() {
        LogRecord r = record().tcplog()
                .clientIpv4((192 << 24) | (168 << 16) | (1 << 8) | 10, 51234)
                .acceptDate(utc(2024, 3, 14, 10, 15, 30, 123))
                .time(utc(2024, 3, 14, 10, 15, 30, 0))
                .route("fe_tcp", "be_tcp", "srv1")
                .timers(0, 1, 5007).bytes(212).termination('-', '-')
                .conns(1, 1, 1, 1, 0, false).queues(0, 0);
        assertThat(format(r)).isEqualTo(
                "192.168.1.10:51234 [14/Mar/2024:10:15:30.123] fe_tcp be_tcp/srv1 0/1/5007 212 -- 1/1/1/1/0 0/0");

        LogThread lt = new LogThread(new LogRing(2), "haproxy", 1234, null, ZoneOffset.UTC);
        LogTarget t = LogTarget.parse(List.of("stdout", "local0"));
        LineBuffer line = new LineBuffer(128);
        lt.appendHeader(t, r.level, r.timeMillis, line);
        line.append(format(r));
        assertThat(line.toString()).isEqualTo("<134>Mar 14 10:15:30 haproxy[1234]: 192.168.1.10:51234 "
                + "[14/Mar/2024:10:15:30.123] fe_tcp be_tcp/srv1 0/1/5007 212 -- 1/1/1/1/0 0/0");
    }

    @Test
    void noServerRedispatchAndUnreachedTimers() {
        LogRecord r = record().tcplog()
                .clientIpv4(0x7F000001, 40000)
                .acceptDate(utc(2024, 12, 1, 0, 0, 0, 7))
                .route("fe", "be", null)
                .timers(-1, -1, 3001).bytes(0).termination('S', 'C')
                .conns(5, 4, 3, 0, 3, true).queues(0, 2);
        assertThat(format(r)).isEqualTo(
                "127.0.0.1:40000 [01/Dec/2024:00:00:00.007] fe be/<NOSRV> -1/-1/3001 0 SC 5/4/3/0/+3 0/2");
    }

    @Test
    void ipv6AndUnixClients() {
        byte[] loop = new byte[16];
        loop[15] = 1;
        assertThat(format(record().tcplog().client(loop, 16, 5555).route("f", "b", "s")))
                .startsWith("::1:5555 [");
        byte[] doc = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        LineBuffer out = new LineBuffer(40);
        TcpLogFormatter.appendIpv6(doc, out);
        assertThat(out.toString()).isEqualTo("2001:db8::1");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        TcpLogFormatter.appendIpv6(mapped, out.clear());
        assertThat(out.toString()).isEqualTo("::ffff:10.1.2.3");
        byte[] one = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        TcpLogFormatter.appendIpv6(one, out.clear());
        assertThat(out.toString()).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(format(record().tcplog().client(loop, 0, 3).route("", "b", "s"))).startsWith("unix:3 [")
                .contains("] - b/s ");
    }

    /** The httplog examples of haproxy-http-stream.md §6 (keep-alive GET, and a 408 without a request). */
    @Test
    void httplogMatchesTheReferenceExamples() {
        LogRecord r = record().httplog()
                .clientIpv4((192 << 24) | (168 << 16) | (1 << 8) | 10, 51234)
                .acceptDate(utc(2024, 3, 14, 10, 15, 30, 123))
                .route("fe_http", "be_app", "srv1")
                .httpTimers(0, 0, 1, 12, 13).status(200).bytes(1580).termination('-', '-')
                .conns(3, 3, 1, 1, 0, false).queues(0, 0);
        byte[] line = "GET /index.html HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        r.requestLine(line, line.length);
        LineBuffer out = new LineBuffer(64);
        TcpLogFormatter.formatHttp(r, new DateCache(ZoneOffset.UTC), out);
        assertThat(out.toString()).isEqualTo("192.168.1.10:51234 [14/Mar/2024:10:15:30.123] fe_http be_app/srv1 "
                + "0/0/1/12/13 200 1580 - - ---- 3/3/1/1/0 0/0 \"GET /index.html HTTP/1.1\"");

        LogRecord bad = record().httplog().clientIpv4(0x7F000001, 4000).acceptDate(utc(2024, 3, 14, 10, 15, 30, 0))
                .route("fe", "fe", null).httpTimers(-1, -1, -1, -1, 10001).status(408).bytes(0)
                .termination('c', 'R').conns(1, 1, 0, 0, 0, false).queues(0, 0).requestLine(null, -1, -1);
        out = new LineBuffer(64);
        TcpLogFormatter.formatHttp(bad, new DateCache(ZoneOffset.UTC), out);
        assertThat(out.toString()).isEqualTo("127.0.0.1:4000 [14/Mar/2024:10:15:30.000] fe fe/<NOSRV> "
                + "-1/-1/-1/-1/10001 408 0 - - cR-- 1/1/0/0/0 0/0 \"<BADREQ>\"");

        byte[] odd = "GET /a\"b#c\u0001 HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        r.requestLine(odd, odd.length);
        out = new LineBuffer(64);
        TcpLogFormatter.formatHttp(r, new DateCache(ZoneOffset.UTC), out);
        assertThat(out.toString()).endsWith(" \"GET /a#22b#23c#01 HTTP/1.1\"");
    }

    @Test
    void acceptDatesAcrossYearsAndLeapDays() {
        DateCache dates = new DateCache(ZoneOffset.UTC);
        LineBuffer out = new LineBuffer(64);
        dates.appendAcceptDate(utc(2024, 2, 29, 23, 59, 59, 7), out);
        out.append(' ');
        dates.appendAcceptDate(utc(1999, 12, 31, 0, 0, 0, 0), out);
        assertThat(out.toString()).isEqualTo("29/Feb/2024:23:59:59.007 31/Dec/1999:00:00:00.000");
    }
}
