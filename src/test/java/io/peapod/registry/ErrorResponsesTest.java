package io.peapod.registry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponsesTest {
    @Test
    void distributionErrorsInContainersImageWords() {
        byte[] body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ErrorResponses.describe(404, body)).isEqualTo("manifest unknown: manifest unknown");
        assertThat(ErrorResponses.toException(404, body).kind()).isEqualTo(RegistryException.Kind.NOT_FOUND);
        assertThat(ErrorResponses.describe(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("unauthorized: authentication required");
    }

    @Test
    void otherAnswersByStatus() {
        assertThat(ErrorResponses.describe(500, "<html>oops</html>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("received unexpected HTTP status: 500 Internal Server Error");
        assertThat(ErrorResponses.describe(401, new byte[0])).isEqualTo("unauthorized: authentication required");
        assertThat(ErrorResponses.toException(503, null).kind()).isEqualTo(RegistryException.Kind.TRANSPORT);
    }

    @Test
    void nextLinks() {
        assertThat(RegistryClient.nextLink(java.util.List.of("</v2/_catalog?last=b&n=2>; rel=\"next\""))).isEqualTo("/v2/_catalog?last=b&n=2");
        assertThat(RegistryClient.nextLink(java.util.List.of("<https://x/prev>; rel=\"prev\""))).isNull();
        assertThat(RegistryClient.nextLink(java.util.List.of())).isNull();
    }

    @Test
    void digests() {
        assertThat(Digests.isValid("sha256:" + "a".repeat(64))).isTrue();
        assertThat(Digests.isValid("sha256:" + "A".repeat(64))).isFalse();
        assertThat(Digests.isValid("sha512:" + "0".repeat(128))).isTrue();
        assertThat(Digests.isValid("md5:abc")).isFalse();
        assertThat(Digests.sha256(new byte[0])).isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
