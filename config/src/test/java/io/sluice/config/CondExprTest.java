package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CondExprTest {
    private static final Map<String, String> ENV = Map.of("SET", "x");

    /** Version 0.1.0-dev with EPOLL and THREAD, as Sluice's Main answers. */
    static final CondExpr.Context CTX = new CondExpr.Context() {
        @Override
        public String env(String name) {
            return ENV.get(name);
        }

        @Override
        public boolean feature(String name) {
            return name.equals("EPOLL") || name.equals("THREAD");
        }

        @Override
        public int compareVersion(String version) {
            return CondExpr.compareVersions("0.1.0-dev", version);
        }
    };

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "1 => true", "0 => false", "!0 => true", "!1 => false", "1 && 0 => false", "1 || 0 => true",
        "0 || 0 || 1 => true", "!(1 && 0) => true", "(0 || 1) && !0 => true", "1 && 0 || 1 => true",
        "0 && 1 || 0 => false", "defined(SET) => true", "defined(UNSET) => false", "feature(EPOLL) => true",
        "feature(OPENSSL) => false", "feature(NOPE) => false", "streq(a,a) => true", "streq(a, b) => false",
        "strneq(a,b) => true", "version_atleast(0.1) => true", "version_atleast(0.1.0) => true",
        "version_atleast(0.2) => false", "version_before(1.0) => true", "version_before(0.0.9) => false",
        "openssl_version_atleast(1.0.0) => false"})
    void evaluates(String expr, boolean expected) throws CondExpr.CondException {
        assertThat(CondExpr.eval(expr, CTX)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "nosuch(1) => unknown predicate 'nosuch'",
        "(1 => missing closing ')' at position 3",
        "streq(a) => 'streq' expects 2 arguments, got 1",
        "version_atleast(x.y) => invalid version 'x.y' in 'version_atleast'",
        "1 && => missing term at end of expression",
        "1 ) => unexpected character ')' at position 3"})
    void reportsErrors(String expr, String message) {
        assertThatThrownBy(() -> CondExpr.eval(expr, CTX)).hasMessage(message);
    }
}
