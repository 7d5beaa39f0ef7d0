package io.peapod.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsTest {
    @Test
    void severalErrorsAreListedAsGoMultierrorDoes() {
        assertThat(Errors.combine(List.of("a: image not known"))).isEqualTo("a: image not known");
        assertThat(Errors.combine(List.of("a: image not known", "b: image not known")))
                .isEqualTo("2 errors occurred:\n\t* a: image not known\n\t* b: image not known");
    }
}
