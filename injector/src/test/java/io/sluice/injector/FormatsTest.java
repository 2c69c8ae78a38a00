package io.sluice.injector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** h1load's number formats against the examples of reference/h1load.md and seed 001's output. */
class FormatsTest {
    @Test
    void ratesAreFourCharactersTruncatedWithAUnit() {
        assertThat(Formats.humanNumber(9794)).isEqualTo("9k79");        // seed 001, line 1 cps/rps
        assertThat(Formats.humanNumber(959714 * 8.0)).isEqualTo("7M67"); // seed 001, line 1 bps
        assertThat(Formats.humanNumber(6221)).isEqualTo("6k22");        // seed 001, line 4
        assertThat(Formats.humanNumber((1569470 - 959714) * 8.0)).isEqualTo("4M87");
        assertThat(Formats.humanNumber(5)).isEqualTo("5.00");
        assertThat(Formats.humanNumber(0.999)).isEqualTo("999m");
        assertThat(Formats.humanNumber(0)).isEqualTo("0.00");
        assertThat(Formats.humanNumber(42950)).isEqualTo("42k9");
        assertThat(Formats.humanNumber(42900)).as("42.9 is 42.8999… in binary").isEqualTo("42k8");
        assertThat(Formats.humanNumber(99.9)).isEqualTo("99.9");
        assertThat(Formats.humanNumber(57_650_000)).isEqualTo("57M6");
        assertThat(Formats.humanNumber(158_000)).isEqualTo("158k");
        assertThat(Formats.humanNumber(892)).isEqualTo("892.");
        assertThat(Formats.humanNumber(783.9)).isEqualTo("783.");
        assertThat(Formats.humanNumber(2.0)).isEqualTo("2.00");
        assertThat(Formats.humanNumber(1_500_000_000)).isEqualTo("1G50");
    }

    @Test
    void ratesTruncateWhereRoundingWouldCarry() {
        assertThat(Formats.humanNumber(9799)).isEqualTo("9k79");
        assertThat(Formats.humanNumber(99.99)).isEqualTo("99.9");
        assertThat(Formats.humanNumber(999_999)).isEqualTo("999k");
    }

    /** The deliberately broken variant: rounding instead of truncating, as a naive port would do. */
    private static String roundingHumanNumber(double x) {
        String unit = ".";
        if (x >= 1000) {
            x /= 1000;
            unit = "k";
        }
        return String.format(Locale.ROOT, "%.2f", x).replace(".", unit);
    }

    @Test
    void checkerCatchesTheRoundingVariant() {
        // The same example that the real format passes tells the rounding variant apart.
        assertThat(roundingHumanNumber(9799)).isNotEqualTo("9k79");
        assertThat(roundingHumanNumber(9799)).isEqualTo("9k80");
    }

    @Test
    void delaysHaveThreeSignificantDigitsAndAUnit() {
        assertThat(Formats.shortDelay(42.94)).isEqualTo("42.94u");
        assertThat(Formats.shortDelay(429.8)).isEqualTo("429.8u");
        assertThat(Formats.shortDelay(1055)).isEqualTo("1.055m");
        assertThat(Formats.shortDelay(522.9)).isEqualTo("522.9u");
        assertThat(Formats.shortDelay(39.22)).isEqualTo("39.22u");
        assertThat(Formats.shortDelay(0.5)).isEqualTo("500.0n");
        assertThat(Formats.shortDelay(2_500_000)).isEqualTo("2.500s");
        assertThat(Formats.shortDelay(0)).isEqualTo("   -  ");
        assertThat(Formats.NO_DELAY).hasSize(6);
    }

    @Test
    void printfConversionsRoundTheExactBinaryValueLikeC() {
        assertThat(Formats.fixed(0.125, 2)).isEqualTo("0.12");  // exact tie: half to even
        assertThat(Formats.fixed(2.5, 0)).isEqualTo("2");
        assertThat(Formats.fixed(1.005, 2)).isEqualTo("1.00");  // 1.005 is 1.00499… in binary
        assertThat(Formats.fixed(1.0 / 0.9, 0)).isEqualTo("1");
        assertThat(Formats.g(10.000000000000002)).isEqualTo("10");
        assertThat(Formats.g(99.9999)).isEqualTo("99.9999");
        assertThat(Formats.g(0.0001)).isEqualTo("0.0001");
        assertThat(Formats.g(0.00001)).isEqualTo("1e-05");
        assertThat(Formats.g(250000)).isEqualTo("250000");
        assertThat(Formats.g(1234567)).isEqualTo("1.23457e+06");
        assertThat(Formats.g(0.5)).isEqualTo("0.5");
        assertThat(Formats.g(0)).isEqualTo("0");
        assertThat(Formats.g(2.048)).isEqualTo("2.048");
    }
}
