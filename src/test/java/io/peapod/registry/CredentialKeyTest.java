package io.peapod.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialKeyTest {
    @Test
    void podmansParseCredentialsKey() {
        assertThat(CredentialKey.parse("quay.io")).isEqualTo(new CredentialKey("quay.io", "quay.io"));
        assertThat(CredentialKey.parse("https://quay.io/v1/")).isEqualTo(new CredentialKey("quay.io", "quay.io"));
        assertThat(CredentialKey.parse("http://127.0.0.1:5000")).isEqualTo(new CredentialKey("127.0.0.1:5000", "127.0.0.1:5000"));
        assertThat(CredentialKey.parse("quay.io/team/app")).isEqualTo(new CredentialKey("quay.io/team/app", "quay.io"));
        assertThat(CredentialKey.parse("docker.io/vendor")).isEqualTo(new CredentialKey("docker.io/vendor", "docker.io"));
        assertThatThrownBy(() -> CredentialKey.parse("quay.io/team/app:1"))
                .hasMessage("reference \"quay.io/team/app:1\" contains tag or digest");
        assertThatThrownBy(() -> CredentialKey.parse("docker.io/busybox:1"))
                .hasMessage("reference \"docker.io/library/busybox:1\" contains tag or digest");
        assertThatThrownBy(() -> CredentialKey.parse("quay.io/Team"))
                .hasMessageStartingWith("parse reference from \"quay.io/Team\": ");
    }
}
