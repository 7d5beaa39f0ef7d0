package io.peapod.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampTest {
    @Test
    void printsLikeGoTimeStringAndRfc3339Nano() {
        Timestamp t = new Timestamp(1795438997_675153421L);
        assertThat(t.toString()).isEqualTo("2026-11-23 13:03:17.675153421 +0000 UTC");
        assertThat(t.rfc3339Nano()).isEqualTo("2026-11-23T13:03:17.675153421Z");
        assertThat(new Timestamp(1795438997_120000000L).rfc3339Nano()).isEqualTo("2026-11-23T13:03:17.12Z");
        assertThat(new Timestamp(0).toString()).isEqualTo("1970-01-01 00:00:00 +0000 UTC");
    }

    @Test
    void agreesWithJavaTimeAcrossLeapYearsAndCenturies() {
        for (long s : new long[] {951782400L, 951868800L, 4107542400L, 1709164800L, -86400L, 7258118399L}) {
            String expected = Instant.ofEpochSecond(s).toString().replace("T", " ").replace("Z", " +0000 UTC");
            assertThat(new Timestamp(s * 1_000_000_000L).toString()).as("second %d", s).isEqualTo(expected);
        }
    }
}
