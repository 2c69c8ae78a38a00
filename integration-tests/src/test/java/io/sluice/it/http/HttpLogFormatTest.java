package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HAProxy's {@code option httplog} line, field by field (reference §6:
 * {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r}),
 * on a 200, a 302, a 400, a 503 after the retries and a 504 from a silent server.
 */
class HttpLogFormatTest {

    /** The whole httplog line with no captures configured; every field is a named group. */
    static final Pattern HTTPLOG = Pattern.compile("^(?<ci>\\d{1,3}(?:\\.\\d{1,3}){3}):(?<cp>\\d{1,5}) "
            + "\\[(?<tr>\\d{2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\\d{4}:\\d{2}:\\d{2}:\\d{2}\\.\\d{3})\\] "
            + "(?<ft>[^ ~]+) (?<b>[^ /]+)/(?<s>[^ ]+) "
            + "(?<TR>-1|\\d+)/(?<Tw>-1|\\d+)/(?<Tc>-1|\\d+)/(?<Tr>-1|\\d+)/(?<Ta>\\d+) "
            + "(?<ST>-1|\\d{3}) (?<B>\\d+) (?<CC>-) (?<CS>-) "
            + "(?<tsc>[-LcCsSPRIDKUI][-RCHDLQT][-NIDVEOU7][-NPDIRU67]) "
            + "(?<ac>\\d+)/(?<fc>\\d+)/(?<bc>\\d+)/(?<sc>\\d+)/(?<rc>\\+?\\d+) (?<sq>\\d+)/(?<bq>\\d+) "
            + "\"(?<r>[^\"]*)\"$", Pattern.MULTILINE);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS",
            Locale.ENGLISH);

    /** Parses {@code line} with {@link #HTTPLOG}, checks the fields every line shares, returns the match. */
    static Matcher parse(String line, int cport) {
        Matcher m = HTTPLOG.matcher(line);
        assertTrue(m.find(), "not an httplog line: " + line);
        assertEquals("127.0.0.1", m.group("ci"));
        assertEquals(Integer.toString(cport), m.group("cp"));
        LocalDateTime t = LocalDateTime.parse(m.group("tr"), DATE);
        assertTrue(Math.abs(Duration.between(t, LocalDateTime.now()).toSeconds()) < 60, "local time: " + line);
        assertEquals("fe", m.group("ft"));
        assertEquals("0", m.group("sq"));
        assertEquals("0", m.group("bq"));
        assertTrue(Integer.parseInt(m.group("ac")) >= 1 && Integer.parseInt(m.group("fc")) >= 1, line);
        return m;
    }

    private static void timers(Matcher m, String tr, String tw, String tc, String tresp) {
        String line = m.group();
        for (String[] f : new String[][] {{"TR", tr}, {"Tw", tw}, {"Tc", tc}, {"Tr", tresp}}) {
            if (f[1].equals(">=0")) {
                assertFalse(m.group(f[0]).equals("-1"), f[0] + " should be set: " + line);
            } else {
                assertEquals(f[1], m.group(f[0]), f[0] + ": " + line);
            }
        }
    }

    @Test
    @Timeout(60)
    void httplogLinesHaveHaproxysShape() throws Exception {
        int dead = HttpProxyTest.freePort();
        String fe = "    use_backend dead if { path_beg /dead }\n"
                + "    use_backend slow if { path_beg /silent }\n"
                + "    redirect location /moved code 302 if { path /old }\n";
        String be = "backend dead\n    server s1 127.0.0.1:" + dead + "\n"
                + "backend slow\n    timeout server 400\n    server s1 127.0.0.1:${APP}\n";
        try (HttpFixture fx = HttpFixture.start("", "", fe, be)) {
            int p200;
            int p302;
            try (HttpWire c = new HttpWire(fx.fe)) {
                p200 = c.localPort();
                assertEquals(200, c.send("GET /log200?x=1&y=\"q\" HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                assertEquals(302, c.send("GET /old HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                p302 = p200;
            }
            int p400;
            try (HttpWire c = new HttpWire(fx.fe)) {
                p400 = c.localPort();
                assertEquals(400, c.send("GET /x HTTP/1.1\r\nHost : t\r\n\r\n").read().status());
            }
            int p503;
            try (HttpWire c = new HttpWire(fx.fe)) {
                p503 = c.localPort();
                assertEquals(503, c.send("GET /dead HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }
            int p504;
            try (HttpWire c = new HttpWire(fx.fe)) {
                p504 = c.localPort();
                assertEquals(504, c.send("GET /silent HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }

            // 200: every timer set, the server named, "----", a quote in the URI escaped as #22.
            Matcher m = parse(fx.awaitLogOf(p200, "fe app/s1 .* 200 .*"), p200);
            assertEquals("app", m.group("b"));
            assertEquals("s1", m.group("s"));
            timers(m, ">=0", ">=0", ">=0", ">=0");
            assertTrue(Integer.parseInt(m.group("Ta")) >= Integer.parseInt(m.group("Tr")), m.group());
            assertTrue(Integer.parseInt(m.group("B")) > 0, m.group());
            assertEquals("----", m.group("tsc"));
            assertEquals("0", m.group("rc"));
            assertEquals("GET /log200?x=1&y=#22q#22 HTTP/1.1", m.group("r"));

            // 302: a local reply, no server, LR--.
            m = parse(fx.awaitLogOf(p302, "fe fe/<NOSRV> .* 302 .*"), p302);
            assertEquals("fe", m.group("b"));
            assertEquals("<NOSRV>", m.group("s"));
            timers(m, ">=0", "-1", "-1", "-1");
            assertEquals("LR--", m.group("tsc"));
            assertEquals("GET /old HTTP/1.1", m.group("r"));

            // 400: a mux-level error: backend = frontend, no timers but Ta, PR--, <BADREQ>.
            m = parse(fx.awaitLogOf(p400, ".*"), p400);
            assertEquals("fe", m.group("b"));
            assertEquals("<NOSRV>", m.group("s"));
            timers(m, "-1", "-1", "-1", "-1");
            assertEquals("400", m.group("ST"));
            assertEquals("PR--", m.group("tsc"));
            assertEquals("<BADREQ>", m.group("r"));

            // 503: the server was assigned (Tw set), never connected (Tc -1), SC--, one retry counted.
            m = parse(fx.awaitLogOf(p503, ".*"), p503);
            assertEquals("dead", m.group("b"));
            assertEquals("s1", m.group("s"));
            timers(m, ">=0", ">=0", "-1", "-1");
            assertEquals("503", m.group("ST"));
            assertEquals("SC--", m.group("tsc"));
            assertEquals("1", m.group("rc"));
            assertEquals("GET /dead HTTP/1.1", m.group("r"));

            // 504: connected, no response within timeout server: sH--, Ta at least the timeout.
            m = parse(fx.awaitLogOf(p504, ".*"), p504);
            assertEquals("slow", m.group("b"));
            timers(m, ">=0", ">=0", ">=0", "-1");
            assertEquals("504", m.group("ST"));
            assertEquals("sH--", m.group("tsc"));
            assertTrue(Integer.parseInt(m.group("Ta")) >= 400, m.group());
            assertEquals("GET /silent HTTP/1.1", m.group("r"));
        }
    }

    /** The checker rejects lines that are close to, but not, HAProxy's shape. */
    @Test
    void patternRejectsNearMisses() {
        String good = "127.0.0.1:51234 [14/Mar/2024:10:15:30.123] fe be/srv1 0/0/1/12/13 200 1580 - - ---- "
                + "3/3/1/1/0 0/0 \"GET /index.html HTTP/1.1\"";
        assertTrue(HTTPLOG.matcher(good).find());
        for (String bad : new String[] {good.replace("[14/Mar", "[14/mar"), good.replace(".123]", "]"),
            good.replace(" - - ", " - "), good.replace("----", "---"), good.replace(" 0/0 \"", " 0 \""),
            good.replace("0/0/1/12/13", "0/0/1/12"), good.replace("\"GET /index.html HTTP/1.1\"",
                "GET /index.html HTTP/1.1")}) {
            assertFalse(HTTPLOG.matcher(bad).find(), bad);
        }
    }
}
