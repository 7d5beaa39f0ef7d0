package io.peapod.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthFilesTest {
    @TempDir
    Path dir;

    @Test
    void primaryFileFollowsPodman() {
        assertThat(AuthFiles.primary(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), 1000))
                .isEqualTo(Path.of("/run/user/1000/containers/auth.json"));
        assertThat(AuthFiles.primary(Map.of(), 0)).isEqualTo(Path.of("/run/containers/0/auth.json"));
        assertThat(AuthFiles.primary(Map.of("REGISTRY_AUTH_FILE", "/x/a.json", "XDG_RUNTIME_DIR", "/r"), 0))
                .isEqualTo(Path.of("/x/a.json"));
    }

    @Test
    void lookupOrderIsPrimaryXdgConfigDockerLegacy() {
        List<AuthFiles.Source> order = AuthFiles.lookupOrder(Path.of("/p/auth.json"), Map.of(), "/home/u");
        assertThat(order).containsExactly(
                new AuthFiles.Source(Path.of("/p/auth.json"), false),
                new AuthFiles.Source(Path.of("/home/u/.config/containers/auth.json"), false),
                new AuthFiles.Source(Path.of("/home/u/.docker/config.json"), false),
                new AuthFiles.Source(Path.of("/home/u/.dockercfg"), true));
        assertThat(AuthFiles.lookupOrder(Path.of("/p"), Map.of("XDG_CONFIG_HOME", "/c", "DOCKER_CONFIG", "/d"), "/h"))
                .extracting(AuthFiles.Source::path)
                .containsExactly(Path.of("/p"), Path.of("/c/containers/auth.json"), Path.of("/d/config.json"), Path.of("/h/.dockercfg"));
    }

    @Test
    void writesAsPodmanAndReadsBack() throws Exception {
        Path file = dir.resolve("sub/auth.json");
        AuthFiles.store(file, "b.example:5000", new Credentials("bob", "pw"));
        AuthFiles.store(file, "a.example/team", new Credentials("ann", "p:w"));
        assertThat(Files.readString(file)).isEqualTo("""
                {
                \t"auths": {
                \t\t"a.example/team": {
                \t\t\t"auth": "YW5uOnA6dw=="
                \t\t},
                \t\t"b.example:5000": {
                \t\t\t"auth": "Ym9iOnB3"
                \t\t}
                \t}
                }""");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        List<AuthFiles.Source> files = List.of(new AuthFiles.Source(file, false));
        assertThat(AuthFiles.find(files, "a.example/team/app")).contains(new Credentials("ann", "p:w"));
        assertThat(AuthFiles.find(files, "a.example/other")).isEmpty();
        assertThat(AuthFiles.find(files, "b.example:5000/x/y")).contains(new Credentials("bob", "pw"));

        assertThat(AuthFiles.remove(file, "a.example/team")).isTrue();
        assertThat(AuthFiles.remove(file, "a.example/team")).isFalse();
        AuthFiles.removeAll(file);
        assertThat(Files.readString(file)).isEqualTo("{\n\t\"auths\": {}\n}");
        try (var s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("auth.json");
        }
    }

    @Test
    void otherTopLevelFieldsSurviveAnUpdate() throws Exception {
        Path file = dir.resolve("auth.json");
        Files.writeString(file, "{\"credHelpers\":{\"x.io\":\"pass\"},\"auths\":{}}");
        AuthFiles.store(file, "r.io", new Credentials("u", "p"));
        assertThat(Files.readString(file)).contains("\"credHelpers\": {").contains("\"r.io\"");
    }

    @Test
    void dockerLegacyKeysAndDockercfg() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"ZDpo\"},\"http://r.io:5000/v2/\":{\"auth\":\"cjpz\"}}}");
        Path legacy = dir.resolve(".dockercfg");
        Files.writeString(legacy, "{\"old.io\":{\"auth\":\"bzpv\",\"email\":\"x@y\"}}");
        List<AuthFiles.Source> files = List.of(new AuthFiles.Source(dir.resolve("missing.json"), false),
                new AuthFiles.Source(config, false), new AuthFiles.Source(legacy, true));
        assertThat(AuthFiles.find(files, "docker.io/library/busybox")).contains(new Credentials("d", "h"));
        assertThat(AuthFiles.find(files, "r.io:5000")).contains(new Credentials("r", "s"));
        assertThat(AuthFiles.find(files, "old.io/a")).contains(new Credentials("o", "o"));
        assertThat(AuthFiles.find(files, "none.io")).isEqualTo(Optional.empty());
    }

    @Test
    void brokenFilesAreNamed() throws Exception {
        Path file = dir.resolve("auth.json");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> AuthFiles.find(List.of(new AuthFiles.Source(file, false)), "r.io"))
                .hasMessageStartingWith("unmarshaling JSON at \"" + file + "\": ");
        Files.writeString(file, "{\"auths\":{\"r.io\":{\"auth\":\"bm9jb2xvbg==\"}}}");
        assertThatThrownBy(() -> AuthFiles.find(List.of(new AuthFiles.Source(file, false)), "r.io"))
                .hasMessageContaining("not username:password");
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(new Credentials("u", "hunter2").toString()).doesNotContain("hunter2");
        assertThat(RegistryOptions.defaults().withCredentials(new Credentials("u", "hunter2")).toString()).doesNotContain("hunter2");
    }
}
