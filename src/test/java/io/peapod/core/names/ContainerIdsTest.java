package io.peapod.core.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerIdsTest {
    @Test
    void newIdIs64LowercaseHexAndDeterministicForASeed() {
        String id = ContainerIds.newId(new SplittableRandom(42));
        assertThat(id).matches("[0-9a-f]{64}").isEqualTo(ContainerIds.newId(new SplittableRandom(42)));
        assertThat(ContainerIds.newId(new SplittableRandom(43))).isNotEqualTo(id);
    }

    @Test
    void redrawsIdsWhoseShortFormIsAllDigits() {
        // First draw: bytes 0x11.. give "1111...", all digits; the second draw gives "abab...".
        RandomGenerator rnd = new RandomGenerator() {
            int calls;

            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) (calls++ == 0 ? 0x11 : 0xab));
            }
        };
        assertThat(ContainerIds.newId(rnd)).isEqualTo("ab".repeat(32));
    }

    @ParameterizedTest
    @CsvSource({
        "719ecbe4d8f8e3d1bdf5bd2dc8b7202a29ec9f4bdad0b296be67399e244fdc1a, 719ecbe4d8f8",
        "719ecbe4d8f8, 719ecbe4d8f8",
        "abc, abc",
    })
    void shortIdIsTheFirstTwelveCharacters(String id, String expected) {
        assertThat(ContainerIds.shortId(id)).isEqualTo(expected);
    }
}
