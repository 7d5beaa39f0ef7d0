package io.peapod.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTest {
    @Test
    void parsesRfc3339WithFractionsAndOffsets() {
        long nanos = Times.parseNanos("2026-11-23T13:03:17.120000000Z");
        assertThat(nanos).isEqualTo(1795438997_120000000L);
        assertThat(Times.parseNanos("2026-11-23T14:03:17+01:00")).isEqualTo(1795438997_000000000L);
    }

    @Test
    void unreadableTimesCountAsZero() {
        assertThat(Times.parseNanos("yesterday")).isZero();
        assertThat(Times.parseNanos(null)).isZero();
    }
}
