package io.peapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** registries.conf as {@code info} shows it, with CONTAINERS_REGISTRIES_CONF naming the file (as podman). */
class RegistriesConfIT {

    private static Peapod.Result info(Peapod peapod, Path conf, String... flags) {
        List<String> cmd = new ArrayList<>(List.of("env", "CONTAINERS_REGISTRIES_CONF=" + conf,
                // a private HOME so no user registries.conf.d of this machine is read
                "HOME=" + peapod.dir, Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "info"));
        cmd.addAll(List.of(flags));
        return Peapod.exec(cmd, null, 120);
    }

    @Test
    void infoShowsEachRegistryTableByPrefixAndTheSearchList() throws Exception {
        try (Peapod peapod = new Peapod()) {
            Path conf = peapod.dir.resolve("registries.conf");
            Files.writeString(conf, """
                    unqualified-search-registries = ["127.0.0.1:5999", "localhost:5998"]
                    [[registry]]
                    prefix = "example.com/foo"
                    location = "127.0.0.1:5001/bar"
                    insecure = true
                    [[registry.mirror]]
                    location = "127.0.0.1:5002/m"
                    pull-from-mirror = "digest-only"
                    [[registry]]
                    prefix = "*.wild.test"
                    blocked = true
                    """);
            Peapod.Result json = info(peapod, conf, "--format", "json");
            assertThat(json.code()).as(json.toString()).isZero();
            Map<String, Object> registries = (Map<String, Object>) JSON.std.mapFrom(json.out()).get("registries");
            assertThat(registries.keySet()).containsExactly("*.wild.test", "example.com/foo", "search");
            assertThat(registries.get("search")).isEqualTo(List.of("127.0.0.1:5999", "localhost:5998"));
            Map<String, Object> foo = (Map<String, Object>) registries.get("example.com/foo");
            assertThat(foo).containsEntry("Location", "127.0.0.1:5001/bar").containsEntry("Insecure", true)
                    .containsEntry("Blocked", false);
            assertThat(foo.get("Mirrors")).isEqualTo(List.of(
                    Map.of("Location", "127.0.0.1:5002/m", "Insecure", false, "PullFromMirror", "digest-only")));
            Map<String, Object> wild = (Map<String, Object>) registries.get("*.wild.test");
            assertThat(wild).containsEntry("Location", "").containsEntry("Blocked", true).containsEntry("Mirrors", null);

            // podman's default YAML output of the same section, byte for byte
            Peapod.Result yaml = info(peapod, conf);
            assertThat(yaml.code()).as(yaml.toString()).isZero();
            assertThat(yaml.out()).contains("""
                    registries:
                      '*.wild.test':
                        Blocked: true
                        Insecure: false
                        Location: ""
                        MirrorByDigestOnly: false
                        Mirrors: null
                        Prefix: '*.wild.test'
                        PullFromMirror: ""
                      example.com/foo:
                        Blocked: false
                        Insecure: true
                        Location: 127.0.0.1:5001/bar
                        MirrorByDigestOnly: false
                        Mirrors:
                        - Insecure: false
                          Location: 127.0.0.1:5002/m
                          PullFromMirror: digest-only
                        Prefix: example.com/foo
                        PullFromMirror: ""
                      search:
                      - 127.0.0.1:5999
                      - localhost:5998
                    store:
                    """);
        }
    }

    @Test
    void aMalformedOrMissingFileFailsInfoWithPodmansMessage() throws Exception {
        try (Peapod peapod = new Peapod()) {
            Path conf = peapod.dir.resolve("mixed.conf");
            Files.writeString(conf, "unqualified-search-registries = [\"b.test\"]\n[registries.search]\nregistries = [\"a.test\"]\n");
            Peapod.Result mixed = info(peapod, conf, "--format", "json");
            assertThat(mixed.code()).isEqualTo(125);
            assertThat(mixed.err()).isEqualTo("Error: getting registries: loading registries configuration \"" + conf
                    + "\": mixing sysregistry v1/v2 is not supported\n");
            assertThat(mixed.out()).isEmpty();

            Path missing = peapod.dir.resolve("missing.conf");
            Peapod.Result none = info(peapod, missing);
            assertThat(none.code()).isEqualTo(125);
            assertThat(none.err()).isEqualTo("Error: getting registries: loading registries configuration \"" + missing
                    + "\": open " + missing + ": no such file or directory\n");
        }
    }
}
