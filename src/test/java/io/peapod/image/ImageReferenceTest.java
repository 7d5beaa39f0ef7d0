package io.peapod.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    static final String H64 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String D = "sha256:" + H64;

    // input | domain | path | tag | digest   (empty cell = null)
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "busybox                         |                  | busybox         |        |",
        "busybox:1.36                    |                  | busybox         | 1.36   |",
        "foo/bar:1                       |                  | foo/bar         | 1      |",
        "library/busybox                 |                  | library/busybox |        |",
        "docker.io/busybox               | docker.io        | busybox         |        |",
        "quay.io/x/busybox:latest        | quay.io          | x/busybox       | latest |",
        "localhost/x                     | localhost        | x               |        |",
        "localhost:5000/a/b:t            | localhost:5000   | a/b             | t      |",
        "foo:5000/bar                    | foo:5000         | bar             |        |",
        "foo:5000                        |                  | foo             | 5000   |",
        "localhost                       |                  | localhost       |        |",
        "[::1]:5000/a                    | [::1]:5000       | a               |        |",
        "[2001:db8::1]/a/b:v1            | [2001:db8::1]    | a/b             | v1     |",
        "127.0.0.1:5000/a                | 127.0.0.1:5000   | a               |        |",
        "Foo.com/bar                     | Foo.com          | bar             |        |",
        "foo__bar                        |                  | foo__bar        |        |",
        "a--b/c.d_e                      |                  | a--b/c.d_e      |        |",
        "a_b.c/d                         |                  | a_b.c/d         |        |",
        "x:Tag_1.2-rc                    |                  | x               | Tag_1.2-rc |",
        "x:_                             |                  | x               | _      |",
    })
    void validReferences(String in, String domain, String path, String tag, String digest) {
        ImageReference r = ImageReference.parse(in);
        assertThat(r).isEqualTo(new ImageReference(domain, path, tag, digest));
        assertThat(r.toString()).isEqualTo(in);
        assertThat(r.hasDomain()).isEqualTo(domain != null);
    }

    @Test
    void digestForms() {
        ImageReference r = ImageReference.parse("quay.io/a/b:1@" + D);
        assertThat(r.tag()).isEqualTo("1");
        assertThat(r.digest()).isEqualTo(D);
        assertThat(r.name()).isEqualTo("quay.io/a/b");
        assertThat(r.toString()).isEqualTo("quay.io/a/b:1@" + D);
        assertThat(ImageReference.parse("b@" + D)).isEqualTo(new ImageReference(null, "b", null, D));
        String sha512 = "sha512:" + H64 + H64;
        assertThat(ImageReference.parse("b@" + sha512).digest()).isEqualTo(sha512);
    }

    // input | message
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                    | repository name must have at least one component",
        "Foo                   | invalid reference format: repository name must be lowercase",
        "FOO                   | invalid reference format: repository name must be lowercase",
        "5D7                   | invalid reference format: repository name must be lowercase",
        "foo/Bar               | invalid reference format: repository name must be lowercase",
        "Foo/bar               | invalid reference format: repository name must be lowercase",
        "UPPER:tag             | invalid reference format: repository name must be lowercase",
        ":tag                  | invalid reference format",
        "a:                    | invalid reference format",
        "foo/bar:-x            | invalid reference format",
        "foo/bar:.x            | invalid reference format",
        "foo//bar              | invalid reference format",
        "foo___bar             | invalid reference format",
        "-a                    | invalid reference format",
        "a-                    | invalid reference format",
        "/a                    | invalid reference format",
        "a/                    | invalid reference format",
        "a b                   | invalid reference format",
        "foo@sha256:abc        | invalid reference format",
        "@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa          | invalid reference format",
        "[::1%eth0]:5000/a     | invalid reference format",
        "foo:5000/bar@sha256:aaaa | invalid reference format",
        "x@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  | invalid checksum digest length",
        "x@md5:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa     | unsupported digest algorithm",
        "x@sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA     | invalid checksum digest format",
    })
    void invalidReferences(String in, String message) {
        assertThatThrownBy(() -> ImageReference.parse(in))
                .isInstanceOf(ReferenceException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void tagLengthLimitIs128() {
        assertThat(ImageReference.parse("x:" + "a".repeat(128)).tag()).hasSize(128);
        assertThatThrownBy(() -> ImageReference.parse("x:" + "a".repeat(129)))
                .hasMessage("invalid reference format");
    }

    @Test
    void pathLengthLimitIs255() {
        String ok = "a".repeat(255);
        assertThat(ImageReference.parse("quay.io/" + ok).path()).isEqualTo(ok);
        assertThatThrownBy(() -> ImageReference.parse("quay.io/" + ok + "a"))
                .hasMessage("repository name must not be more than 255 characters");
    }

    // input | normalizeForLocal (podman tag / commit / import)
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "busybox                    | localhost/busybox:latest",
        "foo/bar:1                  | localhost/foo/bar:1",
        "foo:5000                   | localhost/foo:5000",
        "foo__bar                   | localhost/foo__bar:latest",
        "localhost/x                | localhost/x:latest",
        "docker.io/busybox          | docker.io/library/busybox:latest",
        "docker.io/foo/bar          | docker.io/foo/bar:latest",
        "index.docker.io/x/y:2      | docker.io/x/y:2",
        "index.docker.io/y          | docker.io/library/y:latest",
        "quay.io/x/busybox:latest   | quay.io/x/busybox:latest",
        "example.com/library/x      | example.com/library/x:latest",
        "localhost:5000/a/b:t       | localhost:5000/a/b:t",
        "foo:5000/bar               | foo:5000/bar:latest",
        "Foo.com/bar                | Foo.com/bar:latest",
        "b:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa                     | localhost/b@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "quay.io/b@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa               | quay.io/b@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa                       | localhost/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:latest",
    })
    void normalizeForLocal(String in, String expected) {
        assertThat(ImageReference.normalizeForLocal(in).toString()).isEqualTo(expected);
    }

    // input | normalizeDockerHub (ParseDockerRef)
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "busybox                 | docker.io/library/busybox:latest",
        "busybox:1               | docker.io/library/busybox:1",
        "library/busybox         | docker.io/library/busybox:latest",
        "foo/bar                 | docker.io/foo/bar:latest",
        "docker.io/ubuntu:22.04  | docker.io/library/ubuntu:22.04",
        "index.docker.io/ubuntu  | docker.io/library/ubuntu:latest",
        "quay.io/ubuntu          | quay.io/ubuntu:latest",
        "localhost/x             | localhost/x:latest",
        "busybox:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa            | docker.io/library/busybox@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    })
    void normalizeDockerHub(String in, String expected) {
        assertThat(ImageReference.normalizeDockerHub(in).toString()).isEqualTo(expected);
    }

    @Test
    void normalizeDockerHubRejectsFullIds() {
        assertThatThrownBy(() -> ImageReference.normalizeDockerHub(H64))
                .isInstanceOf(ReferenceException.class)
                .hasMessageContaining("cannot specify 64-byte hexadecimal strings");
    }

    @Test
    void normalizeReportsParseErrors() {
        assertThatThrownBy(() -> ImageReference.normalizeForLocal("Foo/bar"))
                .hasMessage("invalid reference format: repository name must be lowercase");
        assertThatThrownBy(() -> ImageReference.normalizeDockerHub(""))
                .hasMessage("repository name must have at least one component");
    }

    @Test
    void withTagKeepsDigestAndValidates() {
        ImageReference r = ImageReference.parse("quay.io/a/b@" + D).withTag("v2");
        assertThat(r.toString()).isEqualTo("quay.io/a/b:v2@" + D);
        assertThat(ImageReference.parse("a:1").withTag("2").toString()).isEqualTo("a:2");
        assertThatThrownBy(() -> r.withTag("-bad")).isInstanceOf(ReferenceException.class)
                .hasMessage("invalid tag format");
        assertThatThrownBy(() -> r.withTag("a".repeat(129))).isInstanceOf(ReferenceException.class);
        assertThat(r.withoutTagOrDigest().toString()).isEqualTo("quay.io/a/b");
        assertThat(ImageReference.parse("a").withDigest(D).toString()).isEqualTo("a@" + D);
    }

    @Test
    void emptyComponentsBecomeNull() {
        ImageReference r = new ImageReference("", "a", "", "");
        assertThat(r.domain()).isNull();
        assertThat(r.tag()).isNull();
        assertThat(r.digest()).isNull();
        assertThat(r.name()).isEqualTo("a");
        assertThatThrownBy(() -> new ImageReference("d.io", "", null, null)).isInstanceOf(ReferenceException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5d", "5d7", "abc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void looksLikeImageId(String s) {
        assertThat(ImageReference.looksLikeImageId(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5D7", "xyz", "busybox", "sha256:abc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "sha256:", "abc:1"})
    void doesNotLookLikeImageId(String s) {
        assertThat(ImageReference.looksLikeImageId(s)).isFalse();
    }

    @Test
    void fullImageId() {
        assertThat(ImageReference.isFullImageId(H64)).isTrue();
        assertThat(ImageReference.isFullImageId(H64.substring(1))).isFalse();
        assertThat(ImageReference.isFullImageId(H64.toUpperCase())).isFalse();
    }

    @Test
    void digestRecord() {
        ImageReference.Digest d = ImageReference.Digest.parse(D);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).isEqualTo(H64);
        assertThat(d.toString()).isEqualTo(D);
        assertThat(ImageReference.Digest.sha256(H64)).isEqualTo(d);
        assertThat(ImageReference.Digest.parse("sha512:" + H64 + H64).hex()).hasSize(128);
        assertThat(ImageReference.Digest.parse("sha384:" + H64 + H64.substring(0, 32)).hex()).hasSize(96);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa      | invalid checksum digest length",
        "sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa             | invalid checksum digest length",
        "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag     | invalid checksum digest format",
        "sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA         | invalid checksum digest format",
        "sha256                  | invalid checksum digest format",
        "sha256:                 | invalid checksum digest format",
        ":aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa                   | invalid checksum digest format",
        "md5:abcd                | unsupported digest algorithm",
    })
    void invalidDigests(String in, String message) {
        assertThatThrownBy(() -> ImageReference.Digest.parse(in))
                .isInstanceOf(ReferenceException.class).hasMessage(message);
    }
}
