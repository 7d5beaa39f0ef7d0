package io.peapod.core.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    private static final long S = 1_000_000_000L;
    /** 2023-11-14T22:15:00Z, a whole second so the tables read easily. */
    private static final long NOW = 1_700_000_100L * S;

    @ParameterizedTest
    @CsvSource({
        "-5000, Less than a second",
        "0, Less than a second",
        "999, Less than a second",
        "1000, 1 second",
        "59999, 59 seconds",
        "60000, About a minute",
        "119999, About a minute",
        "120000, 2 minutes",
        "3599999, 59 minutes",
        "3600000, About an hour",
        "5340000, About an hour",      // 89 minutes rounds to 1 hour
        "5400000, 2 hours",            // 90 minutes rounds up
        "170940000, 47 hours",         // 47h29m
        "171000000, 2 days",           // 47h30m rounds to 48h
        "1206000000, 13 days",
        "1209600000, 2 weeks",
        "5097600000, 8 weeks",         // 59 days
        "5184000000, 2 months",        // 60 days
        "62985600000, 24 months",      // 729 days
        "63072000000, 2 years",        // 730 days
        "157680000000, 5 years",
    })
    void humanDurationMatchesGoUnits(long millis, String expected) {
        assertThat(Durations.humanDuration(millis * 1_000_000L)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        // state, started (ms before NOW), finished (ms before NOW), exit code, STATUS
        "running, 5300, 0, 0, Up 6 seconds",              // start time truncated to 1700000094s, as podman does
        "running, 90000, 0, 0, Up About a minute",
        "running, 0, 0, 0, Up Less than a second",
        "exited, 60000, 2800, 0, Exited (0) 3 seconds ago",
        "exited, 90000000, 7200000, 137, Exited (137) 2 hours ago",
        "stopped, 60000, 1000, 1, Exited (1) 1 second ago",
        "created, 0, 0, 0, Created",
        "configured, 0, 0, 0, Configured",
        "paused, 60000, 0, 0, Paused",
        "stopping, 60000, 0, 0, Stopping",
        "removing, 60000, 0, 0, Removing",
        "unknown, 0, 0, 0, Unknown",
    })
    void statusTextMatchesPodmanPs(String state, long startedAgoMs, long finishedAgoMs, int exit, String expected) {
        long started = NOW - startedAgoMs * 1_000_000L;
        long finished = NOW - finishedAgoMs * 1_000_000L;
        assertThat(Durations.statusText(state, started, finished, exit, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "500, Less than a second ago",
        "180000, 3 minutes ago",
        "1500, 1 second ago",   // CREATED keeps full precision: 1.5s is "1 second"
        "86400000, 24 hours ago",
    })
    void runningForMatchesPodmanCreatedColumn(long agoMs, String expected) {
        assertThat(Durations.runningFor(NOW - agoMs * 1_000_000L, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "10s, 10000000000",
        "1h30m, 5400000000000",
        "1.5h, 5400000000000",
        "300ms, 300000000",
        "0, 0",
        "-0, 0",
        "-1.5m, -90000000000",
        "+5us, 5000",
        "5µs, 5000",
        "5μs, 5000",
        "7ns, 7",
        ".5s, 500000000",
        "1.s, 1000000000",
        "1h1m1s1ms1us1ns, 3661001001001",
        "0.000000001s, 1",
        "2562047h47m16.854775807s, 9223372036854775807",
    })
    void parsesGoDurations(String text, long nanos) {
        assertThat(Durations.parseDuration(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|time: invalid duration \"\"",
        "-|time: invalid duration \"-\"",
        "abc|time: invalid duration \"abc\"",
        ".s|time: invalid duration \".s\"",
        "10|time: missing unit in duration \"10\"",
        "1h30|time: missing unit in duration \"1h30\"",
        "1d|time: unknown unit \"d\" in duration \"1d\"",
        "5 s|time: unknown unit \" s\" in duration \"5 s\"",
        "9223372036854775808ns|time: invalid duration \"9223372036854775808ns\"",
        "3000000h|time: invalid duration \"3000000h\"",
    })
    void rejectsBadDurationsWithGosWording(String text, String message) {
        assertThatThrownBy(() -> Durations.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
        "2023-11-14T22:13:20Z, 1700000000000000000",
        "2023-11-14T22:13:20.5Z, 1700000000500000000",
        "2023-11-14T22:13:20.123456789123Z, 1700000000123456789",
        "2023-11-14T23:13:20+01:00, 1700000000000000000",
        "2023-11-14T22:13:20, 1700000000000000000",
        "2023-11-14T22:13:20.123456789, 1700000000123456789",
        "2023-11-14, 1699920000000000000",
        "2023-11-14+02:00, 1699912800000000000",
        "2023-11-14Z, 1699920000000000000",
        "1700000000, 1700000000000000000",
        "1700000000.25, 1700000000250000000",
        "0, 0",
        "10s, 1700000090000000000",
        "1h, 1699996500000000000",
    })
    void parsesSinceTimestamps(String text, long nanos) {
        assertThat(Durations.parseTimestamp(text, NOW)).isEqualTo(nanos);
    }

    @Test
    void untilDurationsCountForwardAsInPodman() {
        assertThat(Durations.parseTimestamp("1h", NOW, false)).isEqualTo(NOW + 3600 * S);
        assertThat(Durations.parseTimestamp("1700000000", NOW, false)).isEqualTo(1_700_000_000L * S);
    }

    @ParameterizedTest
    @CsvSource({"bogus", "1d", "2023-02-30", "2023-11-14T25:00:00Z", "2023-11-14 22:13:20", "''", "1e", "0x10"})
    void rejectsUninterpretableTimes(String text) {
        assertThatThrownBy(() -> Durations.parseTimestamp(text, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unable to interpret time value");
    }
}
