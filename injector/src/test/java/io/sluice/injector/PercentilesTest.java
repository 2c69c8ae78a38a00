package io.sluice.injector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The -P table: h1load's 64 points, its 16-bit float buckets and its row format. */
class PercentilesTest {
    @Test
    void sixtyFourPointsFromTenPercentTo99Point9999() {
        double[] p = Percentiles.points();
        assertThat(p).hasSize(64);
        String[] shown = new String[p.length];
        for (int i = 0; i < p.length; i++) {
            shown[i] = Formats.g(p[i] * 100.0);
        }
        assertThat(shown).startsWith("10", "20", "30", "40", "50", "55", "60", "65", "70", "75", "80", "82", "84",
            "86", "88", "90", "91", "92", "93", "94", "95", "95.5");
        assertThat(shown[shown.length - 1]).isEqualTo("99.9999");
        for (int i = 1; i < p.length; i++) {
            assertThat(p[i]).isGreaterThan(p[i - 1]);
        }
    }

    @Test
    void bucketsAreExactUpTo2047MicrosecondsThenAboutOnePerThousand() {
        for (long v = 0; v < 2048; v++) {
            assertThat(Percentiles.fromUf16(Percentiles.toUf16(v))).isEqualTo(v);
        }
        assertThat(Percentiles.fromUf16(Percentiles.toUf16(2049))).isEqualTo(2048);
        for (long v : new long[] {4095, 100_000, 1_000_000, 123_456_789}) {
            long low = Percentiles.fromUf16(Percentiles.toUf16(v));
            assertThat(low).isLessThanOrEqualTo(v).isGreaterThan(v - v / 1000 - 1);
        }
        assertThat(Percentiles.toUf16(Long.MAX_VALUE)).isEqualTo(0xFFFF);
        assertThat(Percentiles.toUf16(-5)).isZero();
    }

    @Test
    void tableRowsFollowTheCFormat() {
        long[] fb = new long[Percentiles.BUCKETS];
        long[] lb = new long[Percentiles.BUCKETS];
        for (int us = 1; us <= 1000; us++) {
            fb[Percentiles.toUf16(us)]++;
            lb[Percentiles.toUf16(us + 5000)]++;
        }
        String t = Percentiles.table(fb, lb);
        String[] lines = t.split("\n");
        assertThat(lines).hasSize(4 + 64);
        assertThat(lines[0]).isEqualTo("#======= Percentiles for time-to-first-byte and time-to-last-byte =======");
        assertThat(lines[3]).isEqualTo("#pctl   tail   invtail   ttfbcnt ttfb(ms)   ttlbcnt ttlb(ms)");
        // 10 %: 99 samples lie below the 100th (bucket of 100 µs); ttlb 5100 µs falls in bucket [5100, 5104).
        assertThat(lines[4]).isEqualTo("10      90     1              99      0.1        99      5.1");
        assertThat(lines[8]).isEqualTo("50      50     2             499      0.5       499      5.5");
        assertThat(lines[lines.length - 1]).startsWith("99.9999 0.0001 1000000");
    }
}
