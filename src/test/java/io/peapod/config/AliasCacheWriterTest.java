package io.peapod.config;

import io.peapod.config.RegistriesConf.Alias;
import io.peapod.core.registries.ReferenceAliasChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** short-name-aliases.conf as podman 4.3.1 writes it after a prompt: texts and modes taken from podman's files. */
class AliasCacheWriterTest {
    @TempDir
    Path dir;

    private static final ReferenceAliasChecker CHECK = ReferenceAliasChecker.INSTANCE;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private java.util.List<String> entries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFirstAliasMakesTheDirectoryTheFileAndItsLock() throws IOException {
        Path file = dir.resolve("cache/containers/short-name-aliases.conf");
        AliasCacheWriter.add(file, "demo", "127.0.0.1:5612/demo", CHECK);
        assertThat(Files.readString(file)).isEqualTo("[aliases]\n  demo = \"127.0.0.1:5612/demo\"\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(entries(file.getParent())).containsExactly("short-name-aliases.conf", "short-name-aliases.conf.lock");
        // and the loader reads it back
        assertThat(RegistriesConfLoader.loadAliasCache(file, CHECK))
                .isEqualTo(Map.of("demo", new Alias("127.0.0.1:5612/demo", file.toString())));
    }

    @Test
    void existingAliasesAreKeptSortedAndQuotedAsPodmanWritesThemAndTheModeStays() throws IOException {
        Path file = dir.resolve("short-name-aliases.conf");
        Files.writeString(file, "# comment\nfoo = 1\n[aliases]\n\"a/b\" = \"example.invalid/a/b\"\nzz = \"example.invalid/zz\"\n"
                + "\"erased\" = \"\"\n\"ab_9-x\" = \"example.invalid/ab\"\n\"demo\" = \"example.invalid/old\"\n[other]\nx = 1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AliasCacheWriter.add(file, "demo", "127.0.0.1:5612/demo", CHECK);
        // podman 4.3.1 wrote exactly this from the same file (with no "demo" before; here it is replaced)
        assertThat(Files.readString(file)).isEqualTo("""
                [aliases]
                  "a/b" = "example.invalid/a/b"
                  ab_9-x = "example.invalid/ab"
                  demo = "127.0.0.1:5612/demo"
                  erased = ""
                  zz = "example.invalid/zz"
                """);
        assertThat(mode(file)).isEqualTo("rw-r--r--");
        assertThat(entries(dir)).containsExactly("short-name-aliases.conf", "short-name-aliases.conf.lock");
    }

    @Test
    void aMalformedFileIsLeftAsItIsWithTheLoadersError() throws IOException {
        Path file = dir.resolve("short-name-aliases.conf");
        String bad = "[aliases]\n\"x\" = \"y\"\n";
        Files.writeString(file, bad);
        assertThatThrownBy(() -> AliasCacheWriter.add(file, "demo", "127.0.0.1:5612/demo", CHECK))
                .isInstanceOf(RegistriesConfException.class)
                .hasMessage("loading short-name aliases config file \"" + file + "\": invalid alias \"y\": "
                        + "must contain registry and repository");
        assertThat(Files.readString(file)).isEqualTo(bad);
        assertThat(entries(dir)).containsExactly("short-name-aliases.conf", "short-name-aliases.conf.lock");
    }

    @Test
    void anAliasThatIsNoAliasIsRefused() {
        Path file = dir.resolve("short-name-aliases.conf");
        assertThatThrownBy(() -> AliasCacheWriter.add(file, "demo:1", "127.0.0.1:5612/demo", CHECK))
                .hasMessage("invalid short name \"demo:1\": must not contain tag");
        assertThatThrownBy(() -> AliasCacheWriter.add(file, "demo", "demo", CHECK))
                .hasMessage("invalid alias \"demo\": must contain registry and repository");
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnwritableDirectoryIsReportedAndNothingIsLeftBehind() throws IOException {
        Path file = dir.resolve("blocker/short-name-aliases.conf");
        Files.writeString(dir.resolve("blocker"), "a file where the directory should be");
        assertThatThrownBy(() -> AliasCacheWriter.add(file, "demo", "127.0.0.1:5612/demo", CHECK))
                .isInstanceOf(RegistriesConfException.class)
                .hasMessageStartingWith("mkdir " + dir.resolve("blocker") + ": ");
        assertThat(entries(dir)).containsExactly("blocker");
    }

    @Test
    void keysAndValuesAreEscapedAsBurntSushiDoes() {
        assertThat(AliasCacheWriter.encode(Map.of("b", "x\"y\\z", "a.b", "\t")))
                .isEqualTo("[aliases]\n  \"a.b\" = \"\\t\"\n  b = \"x\\\"y\\\\z\"\n");
    }
}
