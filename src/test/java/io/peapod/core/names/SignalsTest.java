package io.peapod.core.names;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalsTest {
    @ParameterizedTest
    @CsvSource({
        "SIGTERM, 15", "TERM, 15", "term, 15", "sigkill, 9", "15, 15", "-9, 9", "+9, 9", "-SIGKILL, 9",
        "HUP, 1", "IOT, 6", "CLD, 17", "POLL, 29", "WINCH, 28", "SIGSYS, 31",
        "RTMIN, 34", "SIGRTMIN+3, 37", "rtmin+15, 49", "RTMAX-14, 50", "SIGRTMAX-2, 62", "rtmax, 64", "64, 64",
    })
    void parsesNamesAndNumbers(String raw, int expected) {
        assertThat(Signals.parse(raw)).isEqualTo(expected);
    }

    // Messages as podman 4.3.1 prints them for `podman kill -s X`.
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "FOO|invalid signal: FOO",
        "0|invalid signal: 0",
        "-0|invalid signal: 0",
        " 9|invalid signal:  9",
        "9x|invalid signal: 9x",
        "sig|invalid signal: sig",
        "UNUSED|invalid signal: UNUSED",
        "SIGRTMIN+16|invalid signal: SIGRTMIN+16",
        "RTMAX-15|invalid signal: RTMAX-15",
        "''|invalid signal: ",
        "65|valid signals are 1 through 64",
        "--9|valid signals are 1 through 64",
        "99999999999|valid signals are 1 through 64",
        "99999999999999999999|invalid signal: 99999999999999999999",
    })
    void rejectsLikePodmanKill(String raw, String message) {
        assertThatThrownBy(() -> Signals.parse(raw)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
