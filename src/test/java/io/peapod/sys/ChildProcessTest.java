package io.peapod.sys;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Helper programs run through libpeapod's spawn: input, both outputs, exit codes, time-outs. */
class ChildProcessTest {
    private static ChildProcess.Result sh(String script, String input, int timeoutMillis) {
        return ChildProcess.run(List.of("/bin/sh", "-c", script),
                input == null ? null : input.getBytes(StandardCharsets.UTF_8), timeoutMillis);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void inputGoesInAndBothOutputsComeBackApart() {
        ChildProcess.Result r = sh("tr a-z A-Z; echo oops >&2; exit 4", "{\"json\": 1}\n", 10_000);
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(text(r.stdout())).isEqualTo("{\"JSON\": 1}\n");
        assertThat(text(r.stderr())).isEqualTo("oops\n");
    }

    @Test
    void outputsLargerThanAPipeOnBothStreamsDoNotBlockEachOther() {
        ChildProcess.Result r = sh("head -c 200000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero | tr '\\0' o", null, 10_000);
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(300000);
        assertThat(r.stderr()).hasSize(200000);
    }

    @Test
    void aProgramThatLeavesItsInputUnreadStillGivesItsExitCode() {
        ChildProcess.Result r = sh("echo refused >&2; exit 3", "x".repeat(60_000), 10_000);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(text(r.stderr())).isEqualTo("refused\n");
    }

    @Test
    void noInputIsAnEmptyStdin() {
        assertThat(text(sh("wc -c", null, 10_000).stdout()).strip()).isEqualTo("0");
    }

    @Test
    void aProgramPastItsTimeIsKilled() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> sh("sleep 30", null, 300)).isInstanceOf(SysException.class)
                .hasMessageContaining("timed out");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void aMissingProgramIsAnError() {
        assertThatThrownBy(() -> ChildProcess.run(List.of("/nonexistent/netavark", "version"), null, 10_000))
                .isInstanceOf(SysException.class).hasMessageContaining("/nonexistent/netavark");
    }
}
