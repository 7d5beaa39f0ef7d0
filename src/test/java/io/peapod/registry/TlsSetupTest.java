package io.peapod.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsSetupTest {
    @TempDir
    Path dir;

    @Test
    void certsDirLookupTakesTheFirstExistingHostDirectory() throws Exception {
        Path home = dir.resolve("home-certs.d");
        Path etc = dir.resolve("etc-certs.d");
        Files.createDirectories(etc.resolve("reg.io:5000"));
        RegistryOptions o = RegistryOptions.defaults().withCertsDirRoots(List.of(home, etc));
        assertThat(TlsSetup.certificateDirectory("reg.io:5000", o)).isEqualTo(etc.resolve("reg.io:5000"));
        assertThat(TlsSetup.certificateDirectory("reg.io", o)).isNull();
        Files.createDirectories(home.resolve("reg.io:5000"));
        assertThat(TlsSetup.certificateDirectory("reg.io:5000", o)).isEqualTo(home.resolve("reg.io:5000"));
        // --cert-dir wins, whatever it holds
        assertThat(TlsSetup.certificateDirectory("reg.io:5000", o.withCertDir(dir.resolve("mine")))).isEqualTo(dir.resolve("mine"));
    }

    @Test
    void defaultRootsArePodmans() {
        assertThat(TlsSetup.defaultCertsDirRoots()).endsWith(Path.of("/etc/containers/certs.d"), Path.of("/etc/docker/certs.d"));
        assertThat(TlsSetup.defaultCertsDirRoots().getFirst().toString()).endsWith(".config/containers/certs.d");
    }

    @Test
    void aClientCertificateNeedsItsKeyAndTheOtherWayRound() throws Exception {
        Path d = Files.createDirectories(dir.resolve("reg.io"));
        Files.writeString(d.resolve("client.cert"), "x");
        RegistryOptions o = RegistryOptions.defaults().withCertDir(d);
        assertThatThrownBy(() -> TlsSetup.context("reg.io", o))
                .hasMessageContaining("missing key client.key for client certificate client.cert. Note that CA certificates should use the extension .crt");
        Files.delete(d.resolve("client.cert"));
        Files.writeString(d.resolve("other.key"), "x");
        assertThatThrownBy(() -> TlsSetup.context("reg.io", o))
                .hasMessageContaining("missing client certificate other.cert for key other.key");
    }

    @Test
    void aBrokenCaFileIsNamed() throws Exception {
        Path d = Files.createDirectories(dir.resolve("reg.io"));
        Files.writeString(d.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsSetup.context("reg.io", RegistryOptions.defaults().withCertDir(d)))
                .hasMessageStartingWith("reading certificates for reg.io in " + d + ": ");
    }
}
