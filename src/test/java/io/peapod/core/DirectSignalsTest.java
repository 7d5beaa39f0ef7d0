package io.peapod.core;

import io.peapod.state.ContainerRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DirectSignalsTest {
    private Process process;

    @AfterEach
    void killLeftover() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static ContainerRow running(long pid, long startedMillis) {
        return new ContainerRow("c".repeat(64), "c", "i".repeat(64), "img", "{}".getBytes(), "running",
                (int) pid, 0, 0, 0, startedMillis * 1_000_000L, 0);
    }

    @Test
    void aContainersProcessIsKilledWithoutTheRuntime() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        long recordedRunning = System.currentTimeMillis() + 100;   // after runc start, so after the process began

        assertThat(DirectSignals.trySend(running(process.pid(), recordedRunning), "9")).isTrue();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void sigtermIsSentToo() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();

        assertThat(DirectSignals.trySend(running(process.pid(), System.currentTimeMillis() + 100), "15")).isTrue();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 15);
    }

    @Test
    void aPidTakenByALaterProcessIsLeftToTheRuntime() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        long containerStartedLongBefore = System.currentTimeMillis() - 60_000;   // the container's pid was reused since

        assertThat(DirectSignals.trySend(running(process.pid(), containerStartedLongBefore), "9")).isFalse();

        assertThat(process.waitFor(300, TimeUnit.MILLISECONDS)).isFalse();   // still running
    }

    @Test
    void otherSignalsAndUnknownPidsAreLeftToTheRuntime() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        long now = System.currentTimeMillis() + 100;

        assertThat(DirectSignals.trySend(running(process.pid(), now), "1")).isFalse();
        assertThat(DirectSignals.trySend(running(0, now), "9")).isFalse();
        assertThat(process.waitFor(300, TimeUnit.MILLISECONDS)).isFalse();
    }
}
