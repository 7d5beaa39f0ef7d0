package io.peapod.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShortNameMatcherTest {
    static final String H64 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String D = "sha256:" + H64;
    static final String D2 = "sha256:" + "b".repeat(64);

    // user input | stored name | matches   (cases checked against podman 4.3 image inspect)
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "busybox                 | docker.io/library/busybox:latest | true",
        "busybox                 | localhost/busybox:latest         | true",
        "busybox                 | quay.io/x/busybox:latest         | true",
        "busybox:latest          | quay.io/x/busybox:latest         | true",
        "busybox                 | quay.io/x/busybox:1              | false",
        "busybox:1               | quay.io/x/busybox:1              | true",
        "box                     | localhost/busybox:latest         | false",
        "x/busybox               | quay.io/x/busybox:latest         | true",
        "y/busybox               | quay.io/x/busybox:latest         | false",
        "library/busybox         | docker.io/library/busybox:latest | true",
        "imp                     | localhost/imp:latest             | true",
        "x/imp                   | localhost/imp:latest             | false",
        "y:2                     | docker.io/x/y:2                  | true",
        "x/y:2                   | docker.io/x/y:2                  | true",
        "b:2                     | docker.io/x/y:2                  | false",
        "a/b:t                   | localhost:5000/a/b:t             | true",
        "foo/bar:1               | localhost/foo/bar:1              | true",
        "o/bar:1                 | localhost/foo/bar:1              | false",
        "localhost/imp           | localhost/imp:latest             | true",
        "localhost/imp:latest    | localhost/imp:latest             | true",
        "docker.io/imp           | localhost/imp:latest             | false",
        "docker.io/busybox       | docker.io/library/busybox:latest | true",
        "index.docker.io/busybox | docker.io/library/busybox:latest | true",
        "quay.io/x/busybox       | quay.io/x/busybox:latest         | true",
        "quay.io/busybox         | quay.io/x/busybox:latest         | false",
        "quay.io/x/busybox:1     | quay.io/x/busybox:latest         | false",
        "busybox                 | docker.io/library/busybox        | false",
        "Busybox                 | docker.io/library/busybox:latest | false",
        "''                      | docker.io/library/busybox:latest | false",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa                    | localhost/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:latest            | false",
        "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa             | localhost/x:latest               | false",
        "busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa              | docker.io/library/busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa     | true",
        "busybox:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa            | docker.io/library/busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa     | true",
        "busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa              | docker.io/library/busybox@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb    | false",
        "busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa              | docker.io/library/busybox:latest | false",
        "quay.io/x/busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa    | quay.io/x/busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa             | true",
        "busybox                 | not a valid name                 | false",
    })
    void matchesLocal(String input, String stored, boolean expected) {
        assertThat(ImageReference.matchesLocal(input, stored)).isEqualTo(expected);
        assertThat(ShortNameMatcher.matchesLocal(input, stored)).isEqualTo(expected);
    }

    @Test
    void digestedInputMatchesTaggedNameWhenImageCarriesDigest() {
        assertThat(ShortNameMatcher.matchesLocal("busybox@" + D, "docker.io/library/busybox:1", Set.of(D))).isTrue();
        assertThat(ShortNameMatcher.matchesLocal("busybox@" + D, "docker.io/library/busybox:1", Set.of(D2))).isFalse();
        assertThat(ShortNameMatcher.matchesLocal("docker.io/busybox@" + D, "docker.io/library/busybox:1", Set.of(D)))
                .isTrue();
        assertThat(ShortNameMatcher.matchesLocal("other@" + D, "docker.io/library/busybox:1", Set.of(D))).isFalse();
    }

    @Test
    void candidatesForShortNameFollowPodmanOrder() {
        assertThat(ShortNameMatcher.localCandidates("busybox", List.of("quay.io", "docker.io")))
                .map(ImageReference::toString)
                .containsExactly("localhost/busybox:latest", "quay.io/busybox:latest",
                        "docker.io/library/busybox:latest");
        assertThat(ShortNameMatcher.localCandidates("foo/bar:2", List.of("registry.fedoraproject.org")))
                .map(ImageReference::toString)
                .containsExactly("localhost/foo/bar:2", "registry.fedoraproject.org/foo/bar:2", "docker.io/foo/bar:2");
        assertThat(ShortNameMatcher.localCandidates("b:1@" + D, List.of()))
                .map(ImageReference::toString)
                .containsExactly("localhost/b@" + D, "docker.io/library/b@" + D);
    }

    @Test
    void anAliasIsTheFirstCandidateWithTheTypedTagOrDigest() {
        assertThat(ShortNameMatcher.localCandidates("mybox", "127.0.0.1:5000/busybox", List.of("quay.io")))
                .map(ImageReference::toString)
                .containsExactly("127.0.0.1:5000/busybox:latest", "localhost/mybox:latest", "quay.io/mybox:latest",
                        "docker.io/library/mybox:latest");
        assertThat(ShortNameMatcher.localCandidates("mybox:1.36", "docker.io/busybox", List.of()))
                .map(ImageReference::toString)
                .containsExactly("docker.io/library/busybox:1.36", "localhost/mybox:1.36", "docker.io/library/mybox:1.36");
        assertThat(ShortNameMatcher.localCandidates("mybox@" + D, "quay.io/x/busybox", List.of()).getFirst())
                .hasToString("quay.io/x/busybox@" + D);
        // an alias never applies to a qualified name
        assertThat(ShortNameMatcher.localCandidates("quay.io/mybox", "127.0.0.1:5000/busybox", List.of()))
                .map(ImageReference::toString).containsExactly("quay.io/mybox:latest");
    }

    @Test
    void shortNamesAreValidReferencesWithoutARegistryAndNotIds() {
        assertThat(ShortNameMatcher.isShortName("busybox")).isTrue();
        assertThat(ShortNameMatcher.isShortName("library/busybox:1")).isTrue();
        assertThat(ShortNameMatcher.isShortName("abc123")).isTrue();
        assertThat(ShortNameMatcher.isShortName("a".repeat(64))).isFalse();
        assertThat(ShortNameMatcher.isShortName("sha256:" + "a".repeat(64))).isFalse();
        assertThat(ShortNameMatcher.isShortName("localhost/busybox")).isFalse();
        assertThat(ShortNameMatcher.isShortName("127.0.0.1:5000/busybox")).isFalse();
        assertThat(ShortNameMatcher.isShortName("Not Valid")).isFalse();
    }

    @Test
    void candidatesForQualifiedNameAreTheNameItself() {
        assertThat(ShortNameMatcher.localCandidates("docker.io/busybox", List.of("quay.io")))
                .map(ImageReference::toString).containsExactly("docker.io/library/busybox:latest");
        assertThat(ShortNameMatcher.localCandidates("localhost/x:1", List.of("quay.io")))
                .map(ImageReference::toString).containsExactly("localhost/x:1");
    }

    @Test
    void candidatesRejectInvalidInput() {
        assertThatThrownBy(() -> ShortNameMatcher.localCandidates("Foo", List.of()))
                .isInstanceOf(ReferenceException.class);
    }
}
