package io.peapod.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoDurationTest {
    @Test
    void formatsAsGosDurationString() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(1)).isEqualTo("1ns");
        assertThat(GoDuration.format(1_500)).isEqualTo("1.5µs");
        assertThat(GoDuration.format(2_000_000)).isEqualTo("2ms");
        assertThat(GoDuration.format(448_336_287)).isEqualTo("448.336287ms");
        assertThat(GoDuration.format(1_448_430_624L)).isEqualTo("1.448430624s");
        assertThat(GoDuration.format(60_000_000_000L)).isEqualTo("1m0s");
        assertThat(GoDuration.format(673_448_336_287L)).isEqualTo("11m13.448336287s");
        assertThat(GoDuration.format(3_600_000_000_000L + 500_000_000L)).isEqualTo("1h0m0.5s");
        assertThat(GoDuration.format(-1_500_000_000L)).isEqualTo("-1.5s");
    }
}
