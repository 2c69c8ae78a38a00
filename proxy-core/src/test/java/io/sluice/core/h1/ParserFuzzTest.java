package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Mutates the corpus (byte flips, insertions of CR/LF/NUL/SP/':'/',', deletions) with a fixed
 * seed: the parser and body framer must never throw, must give the same outcome whole and byte by
 * byte, and must never read past the bytes they were given.
 */
class ParserFuzzTest {

    private static final byte[] SPECIAL = {'\r', '\n', 0, ' ', '\t', ':', ',', '0', 'f', ';', (byte) 0x80};

    @Test
    void mutatedCorpusNeverThrowsAndIsReadSizeIndependent() throws Exception {
        List<SmugglingCorpusTest.Case> corpus = SmugglingCorpusTest.corpus();
        Random rnd = new Random(20261122L);
        int accepted = 0;
        for (int round = 0; round < 3000; round++) {
            SmugglingCorpusTest.Case c = corpus.get(rnd.nextInt(corpus.size()));
            byte[] m = mutate(c.wire(), rnd);
            Wire.Outcome whole = c.response() ? Wire.parseResponse(m, 0, 0) : Wire.parseRequest(m, 0);
            Wire.Outcome bytewise = c.response() ? Wire.parseResponse(m, 1, 0) : Wire.parseRequest(m, 1);
            assertThat(bytewise).as("round %d", round).isEqualTo(whole);
            assertThat(whole.headLength()).isLessThanOrEqualTo(m.length);
            if (whole.result() == H1Parser.DONE) {
                assertThat(whole.headLength() + whole.bodyConsumed()).isLessThanOrEqualTo(m.length);
                accepted++;
            }
        }
        assertThat(accepted).isGreaterThan(100);
    }

    private static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n && b.length > 1; k++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(3)) {
                case 0 -> b[at] = SPECIAL[rnd.nextInt(SPECIAL.length)];
                case 1 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = SPECIAL[rnd.nextInt(SPECIAL.length)];
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
            }
        }
        return b;
    }
}
