package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * A decoder is reused for the next message (and, through a reused session, the next client): what a
 * failed or finished body leaves behind must not change how the next body is framed.
 */
class H1BodyDecoderReuseTest {

    private static ByteBuffer buf(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    private static int feedAll(H1BodyDecoder d, String body) {
        ByteBuffer b = buf(body);
        return d.feed(b, 0, b.limit());
    }

    /** The broken variant the test must catch: a decoder that keeps the chunk size of the failed body. */
    private static final String FAILED_MID_SIZE = "3;x\nabc\r\n0\r\n\r\n";

    @Test
    void aChunkSizeLeftByAFailedBodyDoesNotCarryOver() {
        H1BodyDecoder d = H1BodyDecoder.withDefaults();
        d.begin(H1Flags.H1_MF_CHNK, -1);
        feedAll(d, FAILED_MID_SIZE);
        assertThat(d.result()).isEqualTo(H1BodyDecoder.ERROR);
        // The next chunked body: a 3-byte chunk whose data is followed by 'd' instead of CRLF.
        d.begin(H1Flags.H1_MF_CHNK, -1);
        feedAll(d, "3\r\nabcd\r\n0\r\n\r\n");
        assertThat(d.result()).isEqualTo(H1BodyDecoder.ERROR);
        assertThat(d.error()).isEqualTo(H1Error.BAD_CHUNK);
        assertThat(d.errorOffset()).isEqualTo(6);
    }

    @Test
    void anOverflowingSizeDoesNotCarryOverEither() {
        H1BodyDecoder d = H1BodyDecoder.withDefaults();
        d.begin(H1Flags.H1_MF_CHNK, -1);
        feedAll(d, "fffffffffffffffff\r\n");
        assertThat(d.result()).isEqualTo(H1BodyDecoder.ERROR);
        d.begin(H1Flags.H1_MF_CHNK, -1);
        String next = "5\r\nhello\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n";
        int end = feedAll(d, next);
        assertThat(d.result()).isEqualTo(H1BodyDecoder.DONE);
        assertThat(d.payloadBytes()).isEqualTo(5);
        assertThat(end).isEqualTo(next.indexOf("GET"));
    }

    @Test
    void aContentLengthBodyCutShortLeavesNothingForAChunkedOne() {
        H1BodyDecoder d = H1BodyDecoder.withDefaults();
        d.begin(H1Flags.H1_MF_CLEN | H1Flags.H1_MF_XFER_LEN, 100);
        feedAll(d, "only ten b");
        assertThat(d.onEof()).isEqualTo(H1BodyDecoder.ERROR);
        d.begin(H1Flags.H1_MF_CHNK, -1);
        String next = "2\r\nok\r\n0\r\n\r\n";
        assertThat(feedAll(d, next)).isEqualTo(next.length());
        assertThat(d.result()).isEqualTo(H1BodyDecoder.DONE);
        assertThat(d.payloadBytes()).isEqualTo(2);
    }
}
