package io.peapod.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HumanTest {
    @Test
    void sizesUseDecimalUnitsWithThreeSignificantDigitsAsGoUnitsDoes() {
        assertThat(Human.size(0)).isEqualTo("0 B");
        assertThat(Human.size(512)).isEqualTo("512 B");
        assertThat(Human.size(1987655)).isEqualTo("1.99 MB");
        assertThat(Human.size(4_865_000)).isEqualTo("4.87 MB");
        assertThat(Human.size(12_345)).isEqualTo("12.3 kB");
        assertThat(Human.size(1_000_000)).isEqualTo("1 MB");
        assertThat(Human.size(123_456_789_012L)).isEqualTo("123 GB");
    }

    @Test
    void durationsFollowHumanDuration() {
        assertThat(Human.duration(0)).isEqualTo("Less than a second");
        assertThat(Human.duration(1)).isEqualTo("1 second");
        assertThat(Human.duration(59)).isEqualTo("59 seconds");
        assertThat(Human.duration(60)).isEqualTo("About a minute");
        assertThat(Human.duration(45 * 60)).isEqualTo("45 minutes");
        assertThat(Human.duration(3600 + 20 * 60)).isEqualTo("About an hour");
        assertThat(Human.duration(5 * 3600)).isEqualTo("5 hours");
        assertThat(Human.duration(3 * 86400)).isEqualTo("3 days");
        assertThat(Human.duration(20 * 86400)).isEqualTo("2 weeks");
        assertThat(Human.duration(90 * 86400)).isEqualTo("3 months");
        assertThat(Human.duration(3L * 365 * 86400)).isEqualTo("3 years");
    }

    @Test
    void compactSizesAsDfAndTreePrintThem() {
        assertThat(Human.compactSize(0)).isEqualTo("0B");
        assertThat(Human.compactSize(3_975_310)).isEqualTo("3.975MB");
        assertThat(Human.compactSize(1_987_655)).isEqualTo("1.988MB");
        assertThat(Human.compactSize(1_000)).isEqualTo("1kB");
    }
}
