package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class HttpLogFormatterTest {

    private static HttpLogRecord base() {
        HttpLogRecord r = new HttpLogRecord();
        r.clientIp = "192.168.1.10";
        r.clientPort = 51234;
        r.requestDateMillis = Instant.parse("2024-03-14T10:15:30.123Z").toEpochMilli();
        r.frontend = "fe_http";
        return r;
    }

    @Test
    void referenceExampleIsByteExact() {
        HttpLogRecord r = base();
        r.backend = "be_app";
        r.server = "srv1";
        r.tr = 0;
        r.tw = 0;
        r.tc = 1;
        r.tresp = 12;
        r.ta = 13;
        r.status = 200;
        r.bytesOut = 1580;
        r.actconn = 3;
        r.feconn = 3;
        r.beconn = 1;
        r.srvconn = 1;
        byte[] line = Wire.ascii("GET /index.html HTTP/1.1");
        r.setRequestLine(Wire.direct(line), 0, line.length);
        assertThat(HttpLogFormatter.format(r)).isEqualTo("192.168.1.10:51234 [14/Mar/2024:10:15:30.123] fe_http "
                + "be_app/srv1 0/0/1/12/13 200 1580 - - ---- 3/3/1/1/0 0/0 \"GET /index.html HTTP/1.1\"");
    }

    @Test
    void badRequestTimeoutLine() {
        HttpLogRecord r = base();
        r.frontend = "fe";
        r.backend = "fe";
        r.ta = 10001;
        r.status = 408;
        r.termFlags = TermFlags.of(TermFlags.SF_ERR_CLITO, TermFlags.SF_FINST_R);
        r.actconn = 1;
        r.feconn = 1;
        assertThat(HttpLogFormatter.format(r)).endsWith(
                "] fe fe/<NOSRV> -1/-1/-1/-1/10001 408 0 - - cR-- 1/1/0/0/0 0/0 \"<BADREQ>\"");
    }

    @Test
    void escapingCapturesRedispatchAndLogasap() {
        HttpLogRecord r = base();
        r.termFlags = TermFlags.of(TermFlags.SF_ERR_SRVTO, TermFlags.SF_FINST_H);
        r.retries = 2;
        r.redispatched = true;
        r.logasap = true;
        r.ta = 5;
        r.requestCaptures = new String[] {"a|b", null};
        r.responseCaptures = new String[] {"x"};
        byte[] line = Wire.unescape("GET /a\"b#c\\x01 HTTP/1.1");
        r.setRequestLine(Wire.direct(line), 0, line.length);
        String s = HttpLogFormatter.format(r);
        assertThat(s).contains("/+5 -1 +0 - - sH-- 0/0/0/0/+2 0/0 {a#7Cb|} {x} \"GET /a#22b#23c#01 HTTP/1.1\"");
        StringBuilder sb = new StringBuilder();
        HttpLogFormatter.format(r, sb, 20);
        assertThat(sb).hasSize(20);
    }

    @Test
    void datesAcrossYearsAndLeapDays() {
        StringBuilder sb = new StringBuilder();
        HttpLogFormatter.date(Instant.parse("2024-02-29T23:59:59.007Z").toEpochMilli(), sb);
        sb.append(' ');
        HttpLogFormatter.date(Instant.parse("1999-12-31T00:00:00Z").toEpochMilli(), sb);
        assertThat(sb.toString()).isEqualTo("29/Feb/2024:23:59:59.007 31/Dec/1999:00:00:00.000");
    }

    @Test
    void termFlagsFirstCauseWins() {
        int t = TermFlags.setOnce(0, TermFlags.SF_ERR_PRXCOND, TermFlags.SF_FINST_R);
        t = TermFlags.setOnce(t, TermFlags.SF_ERR_CLICL, TermFlags.SF_FINST_D);
        assertThat(TermFlags.describe(t)).isEqualTo("PR");
        assertThat(TermFlags.describe(TermFlags.of(TermFlags.SF_ERR_SRVCL, TermFlags.SF_FINST_C))).isEqualTo("SC");
        assertThat(TermFlags.describe(0)).isEqualTo("--");
    }

    @Test
    void requestLineIsLoggedWithSingleSpacesAndTruncated() {
        byte[] raw = Wire.ascii("GET \t /a  HTTP/1.1\r\n\r\n");
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(Wire.direct(raw), 0);
        p.parse(raw.length);
        HttpLogRecord r = base();
        r.setRequestLine(p);
        assertThat(HttpLogFormatter.format(r)).endsWith(" \"GET /a HTTP/1.1\"");
        byte[] longUri = Wire.ascii("GET /" + "x".repeat(2000) + " HTTP/1.1\r\n\r\n");
        p.beginRequest(Wire.direct(longUri), 0);
        p.parse(longUri.length);
        r.setRequestLine(p);
        assertThat(r.requestLineLength).isEqualTo(HttpLogRecord.MAX_URI);
    }
}
