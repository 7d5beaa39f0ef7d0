package io.peapod.core;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PodCloneTest {
    @Test
    void aCloneIsNamedAfterTheOriginalThenNumbered() {
        assertThat(PodClone.unique("cm-clone", Set.of("cm")::contains)).isEqualTo("cm-clone");
        assertThat(PodClone.unique("cm-clone", Set.of("cm", "cm-clone")::contains)).isEqualTo("cm-clone1");
        assertThat(PodClone.unique("cm-clone", Set.of("cm-clone", "cm-clone1")::contains)).isEqualTo("cm-clone2");
    }
}
