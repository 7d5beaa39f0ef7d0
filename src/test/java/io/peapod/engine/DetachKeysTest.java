package io.peapod.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetachKeysTest {
    @Test
    void parsesPodmansFormat() {
        assertThat(DetachKeys.parse("ctrl-p,ctrl-q")).containsExactly(16, 17);
        assertThat(DetachKeys.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_")).containsExactly(0, 27, 28, 29, 30, 31);
        assertThat(DetachKeys.parse("a,ctrl-z,DEL")).containsExactly('a', 26, 127);
        assertThat(DetachKeys.parse("")).isEmpty();   // detaching off
    }

    @Test
    void rejectsWhatPodmanRejectsWithItsWords() {
        for (String[] c : new String[][] {{"foo", "foo"}, {"ctrl-1", "ctrl-1"}, {"ctrl-A", "ctrl-A"},
                {"ctrl-p,ctrl-q,", ""}, {"ctrl-p,,ctrl-q", ""}, {"é", "é"}}) {
            assertThatThrownBy(() -> DetachKeys.parse(c[0])).isInstanceOf(EngineException.class)
                    .hasMessage("invalid detach keys: Unknown character: '" + c[1] + "'");
        }
    }
}
