package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorFilePagesTest {

    @Test
    void pagesHoldTheConfiguredRepliesTheSilentOnesAndNothingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("503.http"), "HTTP/1.1 503 Busy\r\nX-Page: mine\r\nContent-Length: 4\r\n\r\nbusy",
                StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("empty.http"), "");
        ErrorFile.Pages p = ErrorFile.Pages.load(Map.of(503, "503.http", 504, "empty.http"), dir, 15360,
                code -> "[x.cfg:" + code + "] : ");
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.reply(503).render(PreparedReply.CONN_CLOSE, false))
                .isEqualTo("HTTP/1.1 503 Busy\r\nx-page: mine\r\ncontent-length: 4\r\nconnection: close\r\n\r\nbusy");
        assertThat(p.silent(503)).isFalse();
        assertThat(p.reply(504)).isNull();
        assertThat(p.silent(504)).isTrue();
        assertThat(p.reply(400)).isNull();
        assertThat(p.silent(400)).isFalse();
        assertThat(ErrorFile.Pages.NONE.reply(503)).isNull();
        assertThat(p.maxLength()).isGreaterThan(4);
    }

    @Test
    void aMissingOrInvalidFileNamesItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.http"), "HTTP/1.1 503 Busy\r\nContent-Length: 40\r\n\r\nbusy");
        assertThatThrownBy(() -> ErrorFile.Pages.load(Map.of(503, "missing.http"), dir, 15360,
                code -> "[x.cfg:7] : ")).hasMessageStartingWith("[x.cfg:7] : errorfile '").hasMessageContaining(
                "cannot read");
        assertThatThrownBy(() -> ErrorFile.Pages.load(Map.of(503, "bad.http"), dir, 15360,
                code -> "[x.cfg:9] : ")).hasMessageStartingWith("[x.cfg:9] : ").hasMessageContaining("content-length");
    }
}
