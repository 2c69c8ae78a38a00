package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "1500,1500", "1us,1", "999us,1", "1001us,2", "10ms,10", "2s,2000", "3m,180000",
        "1h,3600000", "1d,86400000", "24d,2073600000", "2147483647,2147483647"})
    void timesInMilliseconds(String text, long ms) throws BadValue {
        assertThat(Units.timeMs(text)).isEqualTo(ms);
    }

    @ParameterizedTest
    @CsvSource({"10x,x", "5sec,e", "1mss,s", "x,x", "-1,-", "1.5s,.", "10us2,2"})
    void badTimeNamesTheFirstUnexpectedCharacter(String text, char bad) {
        assertThatThrownBy(() -> Units.timeMs(text)).isInstanceOfSatisfying(BadValue.class, e -> {
            assertThat(e.kind()).isEqualTo(BadValue.Kind.CHAR);
            assertThat(e.badChar()).isEqualTo(bad);
        });
    }

    @ParameterizedTest
    @CsvSource({"25d", "2147483648", "99999999999999"})
    void timeOverflow(String text) {
        assertThatThrownBy(() -> Units.timeMs(text)).isInstanceOfSatisfying(BadValue.class,
                e -> assertThat(e.kind()).isEqualTo(BadValue.Kind.OVERFLOW));
    }

    @Test
    void bareTimeUsesTheDefaultUnit() throws BadValue {
        assertThat(Units.time("3", 1000)).isEqualTo(3000);
        assertThat(Units.time("3ms", 1000)).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "16384,16384", "16k,16384", "16K,16384", "1m,1048576", "1g,1073741824"})
    void sizes(String text, long bytes) throws BadValue {
        assertThat(Units.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"16x", "k", "1kb", "2g"})
    void badSizes(String text) {
        assertThatThrownBy(() -> Units.size(text)).isInstanceOf(BadValue.class);
    }

    @Test
    void booleansAreOnOrOff() throws BadValue {
        assertThat(Units.onOff("on")).isTrue();
        assertThat(Units.onOff("off")).isFalse();
        assertThatThrownBy(() -> Units.onOff("yes")).isInstanceOf(BadValue.class);
        assertThatThrownBy(() -> Units.onOff("ON")).isInstanceOf(BadValue.class);
    }

    @Test
    void integersWithRanges() throws BadValue {
        assertThat(Units.integer("-1", -1, 10)).isEqualTo(-1);
        assertThatThrownBy(() -> Units.integer("11", 0, 10)).isInstanceOfSatisfying(BadValue.class,
                e -> assertThat(e.kind()).isEqualTo(BadValue.Kind.OVERFLOW));
        assertThatThrownBy(() -> Units.integer("1x", 0, 10)).isInstanceOfSatisfying(BadValue.class,
                e -> assertThat(e.badChar()).isEqualTo('x'));
    }
}
