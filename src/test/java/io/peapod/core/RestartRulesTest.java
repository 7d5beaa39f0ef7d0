package io.peapod.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RestartRulesTest {
    @Test
    void podmansRulesForEachPolicy() {
        assertThat(RestartRules.shouldRestart("", 0, 1, 0, false)).isFalse();
        assertThat(RestartRules.shouldRestart("no", 0, 1, 0, false)).isFalse();
        assertThat(RestartRules.shouldRestart("always", 0, 0, 40, false)).isTrue();
        assertThat(RestartRules.shouldRestart("unless-stopped", 0, 0, 0, false)).isTrue();
        assertThat(RestartRules.shouldRestart("on-failure", 0, 0, 0, false)).as("a success").isFalse();
        assertThat(RestartRules.shouldRestart("on-failure", 0, 3, 99, false)).as("no limit").isTrue();
        assertThat(RestartRules.shouldRestart("on-failure", 2, 3, 1, false)).isTrue();
        assertThat(RestartRules.shouldRestart("on-failure", 2, 3, 2, false)).as("retries used up").isFalse();
        assertThat(RestartRules.shouldRestart("on-failure", 2, -1, 0, false)).as("exit code lost").isTrue();
    }

    @Test
    void aUsersStopOrKillPreventsEveryPolicy() {
        for (String policy : new String[] {"always", "unless-stopped", "on-failure"}) {
            assertThat(RestartRules.shouldRestart(policy, 0, 1, 0, true)).as(policy).isFalse();
        }
    }

    @Test
    void onlyLaterRestartsOfAFastFailingContainerWait() {
        Duration quick = Duration.ofMillis(50);
        assertThat(RestartRules.delay(0, quick)).isZero();
        assertThat(RestartRules.delay(RestartRules.IMMEDIATE - 1, quick)).isZero();
        assertThat(RestartRules.delay(RestartRules.IMMEDIATE, quick)).isEqualTo(Duration.ofMillis(100));
        assertThat(RestartRules.delay(RestartRules.IMMEDIATE + 3, quick)).isEqualTo(Duration.ofMillis(800));
        assertThat(RestartRules.delay(1000, quick)).isEqualTo(RestartRules.MAX_DELAY);
        assertThat(RestartRules.delay(1000, Duration.ofSeconds(10))).as("a healthy run").isZero();
    }
}
