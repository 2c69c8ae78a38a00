package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestTest {
    private static final List<String> WORDS = List.of("nbthread", "maxconn", "stats", "tune.bufsize", "bind",
            "default_backend", "timeout");

    @Test
    void suggestsTheClosestKnownWord() {
        assertThat(Suggest.best("nbthreads", WORDS)).isEqualTo("nbthread");
        assertThat(Suggest.best("maxcon", WORDS)).isEqualTo("maxconn");
        assertThat(Suggest.best("default-backend", WORDS)).isEqualTo("default_backend");
        assertThat(Suggest.best("tune.bufsiz", WORDS)).isEqualTo("tune.bufsize");
        assertThat(Suggest.best("timeouts", WORDS)).isEqualTo("timeout");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggest.best("qqqqqqqqqqqqqqqq", WORDS)).isNull();
        assertThat(Suggest.best("x", List.of())).isNull();
    }
}
