package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code h1/smuggling-corpus.txt}: every vector gets HAProxy's verdict, and the verdict,
 * flags, header table and body framing are identical whether the bytes arrive at once, one by one,
 * or in odd-sized reads (the property that makes the parser safe to resume anywhere).
 */
class SmugglingCorpusTest {

    /** One corpus line. */
    record Case(boolean response, int verdict, String name, List<String> checks, byte[] wire) {
        @Override
        public String toString() {
            return (response ? "RES " : "REQ ") + verdict + " " + name;
        }

        int requestFlags() {
            return checks.contains("req=HEAD") ? H1Flags.H1_MF_METH_HEAD : 0;
        }
    }

    static List<Case> corpus() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = SmugglingCorpusTest.class.getResourceAsStream("/h1/smuggling-corpus.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", 5);
                List<String> checks = f[3].isBlank() ? List.of() : List.of(f[3].trim().split(" +"));
                out.add(new Case(f[0].trim().equals("RES"), Integer.parseInt(f[1].trim()), f[2].trim(), checks,
                        Wire.unescape(f[4].strip())));
            }
        }
        return out;
    }

    static Stream<Case> cases() throws IOException {
        return corpus().stream();
    }

    static Wire.Outcome run(Case c, int step) {
        return c.response ? Wire.parseResponse(c.wire, step, c.requestFlags()) : Wire.parseRequest(c.wire, step);
    }

    /** The checker: the mismatch, or null when the outcome is the expected one. */
    static String check(Case c, Wire.Outcome o) {
        if (o.verdict() != c.verdict) {
            return c + ": verdict " + o.verdict() + " (" + o.error() + "/" + o.bodyError() + ")";
        }
        int f = o.flags();
        for (String k : c.checks) {
            boolean ok = switch (k) {
                case "chunked" -> (f & H1Flags.H1_MF_CHNK) != 0;
                case "close" -> (f & H1Flags.H1_MF_FORCE_CLOSE) != 0;
                case "close-token" -> (f & H1Flags.H1_MF_CONN_CLO) != 0;
                case "bodyless" -> (f & H1Flags.H1_MF_BODYLESS) != 0;
                case "untilclose" -> (f & H1Flags.H1_MF_UNTIL_CLOSE) != 0;
                case "nocl" -> !o.headers().contains("content-length=");
                case "expect100" -> (f & H1Flags.H1_MF_EXPECT_100) != 0;
                case "ver11" -> (f & H1Flags.H1_MF_VER_11) != 0;
                case "upgrade" -> (f & H1Flags.H1_MF_CONN_UPG) != 0;
                case "noupgrade" -> (f & (H1Flags.H1_MF_CONN_UPG | H1Flags.H1_MF_UPGRADE)) == 0;
                case "req=HEAD" -> true;
                default -> {
                    if (k.startsWith("cl=")) {
                        yield o.contentLength() == Long.parseLong(k.substring(3))
                                && o.headers().contains("content-length=" + k.substring(3) + ";");
                    }
                    if (k.startsWith("consumed=")) {
                        yield o.bodyConsumed() == Long.parseLong(k.substring(9));
                    }
                    throw new IllegalArgumentException("unknown check " + k);
                }
            };
            if (!ok) {
                return c + ": check " + k + " failed, flags " + H1Flags.describe(f) + " headers " + o.headers()
                        + " consumed " + o.bodyConsumed();
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictMatchesHaproxy(Case c) {
        assertThat(check(c, run(c, 0))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void byteByByteEqualsWhole(Case c) {
        Wire.Outcome whole = run(c, 0);
        for (int step : new int[] {1, 2, 3, 7}) {
            assertThat(run(c, step)).as("step %d", step).isEqualTo(whole);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compactingTheBufferMidHeadChangesNothing(Case c) {
        if (!c.response) {
            Wire.Outcome whole = run(c, 0);
            assertThat(Wire.parseRequestCompacting(c.wire, 5)).isEqualTo(whole);
        }
    }

    @Test
    void corpusCoversTheClassicVectors() throws IOException {
        List<Case> all = corpus();
        assertThat(all).hasSizeGreaterThan(100);
        assertThat(all).extracting(Case::name).contains("CL.TE front uses chunked", "TE.CL front uses chunked",
                "xchunked", "chunked, identity", "duplicate different C-L", "chunk size 64-bit overflow",
                "LF-only line endings accepted");
    }

    /**
     * The deliberately broken variant: a naive front end that frames by the first Content-Length
     * and ignores Transfer-Encoding (the CL.TE desync). The checker must reject it.
     */
    @Test
    void checkerCatchesANaiveFirstContentLengthParser() throws IOException {
        Function<Case, Integer> naive = c -> {
            String s = new String(c.wire, StandardCharsets.ISO_8859_1);
            return s.contains("HTTP/") ? 200 : 400;
        };
        long caught = corpus().stream().filter(c -> !c.response).filter(c -> naive.apply(c) != c.verdict).count();
        assertThat(caught).isGreaterThan(40);
        Case clte = corpus().stream().filter(c -> c.name.equals("CL.TE front uses chunked")).findFirst().orElseThrow();
        Wire.Outcome naiveOutcome = new Wire.Outcome(H1Parser.DONE, 0, H1Error.NONE, -1,
                H1Flags.H1_MF_CLEN | H1Flags.H1_MF_XFER_LEN, 13, "content-length=13;", 80, H1BodyDecoder.DONE, 13,
                H1Error.NONE);
        assertThat(check(clte, naiveOutcome)).contains("check chunked failed");
    }
}
