package io.peapod.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoUnitsTest {
    @Test
    void humanSizeIsDecimalWithFourSignificantDigits() {
        assertThat(GoUnits.humanSize(0)).isEqualTo("0B");
        assertThat(GoUnits.humanSize(1422)).isEqualTo("1.422kB");
        assertThat(GoUnits.humanSize(25_276_194_816L)).isEqualTo("25.28GB");
        assertThat(GoUnits.humanSize(54_140_928)).isEqualTo("54.14MB");
    }

    @Test
    void bytesSizeIsBinary() {
        assertThat(GoUnits.bytesSize(0)).isEqualTo("0B");
        assertThat(GoUnits.bytesSize(368_640)).isEqualTo("360KiB");
        assertThat(GoUnits.bytesSize(25_276_194_816L)).isEqualTo("23.54GiB");
        assertThat(GoUnits.bytesSize(54_140_928)).isEqualTo("51.63MiB");
        assertThat(GoUnits.bytesSize(1023)).isEqualTo("1023B");
    }
}
