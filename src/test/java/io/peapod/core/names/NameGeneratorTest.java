package io.peapod.core.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class NameGeneratorTest {
    @Test
    void wordListsAreLargeUniqueLowercaseAscii() {
        assertThat(NameGenerator.ADJECTIVES).hasSizeGreaterThanOrEqualTo(90).doesNotHaveDuplicates()
                .allMatch(w -> w.matches("[a-z]+"));
        assertThat(NameGenerator.SURNAMES).hasSizeGreaterThanOrEqualTo(200).doesNotHaveDuplicates()
                .allMatch(w -> w.matches("[a-z]+"));
    }

    @Test
    void generatesAdjectiveUnderscoreSurname() {
        String name = NameGenerator.generate(new SplittableRandom(7), n -> false);
        String[] parts = name.split("_");
        assertThat(parts).hasSize(2);
        assertThat(NameGenerator.ADJECTIVES).contains(parts[0]);
        assertThat(NameGenerator.SURNAMES).contains(parts[1]);
        assertThat(NameGenerator.isValidName(name)).isTrue();
        assertThat(NameGenerator.generate(new SplittableRandom(7), n -> false)).isEqualTo(name);
    }

    @Test
    void neverProducesBoringWozniak() {
        // A generator that offers boring_wozniak first, then able_abel.
        int boring = NameGenerator.ADJECTIVES.indexOf("boring");
        int wozniak = NameGenerator.SURNAMES.indexOf("wozniak");
        RandomGenerator rnd = scripted(boring, wozniak, 0, 0);
        assertThat(NameGenerator.generate(rnd, n -> false)).isEqualTo("able_abel");
    }

    @Test
    void retriesCollisionsWithPlainNamesFirst() {
        RandomGenerator rnd = scripted(0, 0, 0, 1);
        assertThat(NameGenerator.generate(rnd, Set.of("able_abel")::contains)).isEqualTo("able_agnesi");
    }

    @Test
    void appendsADigitOnceThePlainNamesKeepColliding() {
        // Every plain draw is able_abel and taken; the first digit-suffixed draw gets digit 7.
        List<String> seen = new java.util.ArrayList<>();
        String name = NameGenerator.generate(constant(0, 7), n -> {
            seen.add(n);
            return n.equals("able_abel");
        });
        assertThat(seen).hasSize(NameGenerator.PLAIN_ATTEMPTS + 1);
        assertThat(name).isEqualTo("able_abel7");
    }

    @Test
    void findsAFreeNameEvenWhenAllPlainNamesAreTaken() {
        Set<String> taken = new HashSet<>();
        for (String a : NameGenerator.ADJECTIVES) {
            for (String s : NameGenerator.SURNAMES) {
                taken.add(a + "_" + s);
            }
        }
        String name = NameGenerator.generate(new SplittableRandom(1), taken::contains);
        assertThat(name).matches("[a-z]+_[a-z]+[0-9]+");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "web|true", "a|true", "9lives|true", "my_app.v1-2|true", "Web|true",
        "'bad name'|false", "-x|false", "_x|false", ".x|false", "a/b|false", "a:b|false", "''|false", "caf\u00e9|false",
    })
    void validatesNamesLikePodman(String name, boolean valid) {
        assertThat(NameGenerator.isValidName(name)).isEqualTo(valid);
    }

    @Test
    void invalidNameMessageIsPodmans() {
        assertThat(NameGenerator.INVALID_NAME_MESSAGE)
                .isEqualTo("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
    }

    /** Returns the given bounded ints in order, then 0 forever. */
    private static RandomGenerator scripted(int... ints) {
        return new RandomGenerator() {
            int i;

            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return i < ints.length ? ints[i++] : 0;
            }
        };
    }

    /** Word indexes are always {@code word}; digits (bound 10) are always {@code digit}. */
    private static RandomGenerator constant(int word, int digit) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return bound == 10 ? digit : word;
            }
        };
    }
}
