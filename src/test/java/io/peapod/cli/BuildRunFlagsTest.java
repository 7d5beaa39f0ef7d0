package io.peapod.cli;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildRunFlagsTest {

    @Test
    void isolationIsBuildahsFlagThenEnvironmentThenOci() {
        assertThat(BuildRunFlags.isolation(null, null)).isEqualTo("oci");
        assertThat(BuildRunFlags.isolation("", "")).isEqualTo("oci");
        assertThat(BuildRunFlags.isolation("Default", null)).isEqualTo("oci");
        assertThat(BuildRunFlags.isolation("CHROOT", "oci")).isEqualTo("chroot");
        assertThat(BuildRunFlags.isolation(null, "rootless")).isEqualTo("rootless");
        assertThatThrownBy(() -> BuildRunFlags.isolation("vm", null)).isInstanceOf(EngineException.class)
                .hasMessage("unrecognized isolation type \"vm\"");
        assertThatThrownBy(() -> BuildRunFlags.isolation(null, "x")).hasMessage("unrecognized isolation type \"x\"");
    }

    @Test
    void sshNamesAnAgentSocketPerId(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("agent.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
            assertThat(BuildRunFlags.ssh(List.of("default", "other=" + sock), sock.toString()))
                    .containsExactly(Map.entry("default", sock), Map.entry("other", sock));
            assertThatThrownBy(() -> BuildRunFlags.ssh(List.of("default"), null))
                    .hasMessage("creating build executor: $SSH_AUTH_SOCK not set");
            assertThatThrownBy(() -> BuildRunFlags.ssh(List.of("a=" + dir.resolve("nope")), null))
                    .hasMessage("creating build executor: stat " + dir.resolve("nope") + ": no such file or directory");
            Path key = Files.writeString(dir.resolve("id_ed25519"), "a key file: loaded when the build starts");
            assertThat(BuildRunFlags.ssh(List.of("k=" + key), null)).containsExactly(Map.entry("k", key));
            assertThatThrownBy(() -> BuildRunFlags.ssh(List.of("a=" + dir), null))
                    .hasMessageContaining("one ssh-agent socket or one private key file is supported");
        }
    }
}
