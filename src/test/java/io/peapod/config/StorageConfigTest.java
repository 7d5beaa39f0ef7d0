package io.peapod.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageConfigTest {
    @TempDir
    Path dir;

    private Path missingSystemConf() {
        return dir.resolve("etc/peapod/storage.conf");
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void rootDefaults() {
        StorageConfig c = StorageConfig.load(Map.of(), false, missingSystemConf(), 0);
        assertThat(c).isEqualTo(new StorageConfig("", Path.of("/var/lib/peapod/storage"), Path.of("/run/peapod"), Map.of()));
    }

    @Test
    void rootlessDefaultsUseXdgDirectories() {
        Map<String, String> env = Map.of("XDG_DATA_HOME", "/x/data", "XDG_RUNTIME_DIR", "/run/user/1000", "HOME", "/home/u");
        StorageConfig c = StorageConfig.load(env, true, missingSystemConf(), 1000);
        assertThat(c.graphRoot()).isEqualTo(Path.of("/x/data/peapod/storage"));
        assertThat(c.runRoot()).isEqualTo(Path.of("/run/user/1000/peapod"));
        assertThat(c.driver()).isEmpty();
    }

    @Test
    void rootlessFallbacksWithoutXdg() {
        StorageConfig c = StorageConfig.load(Map.of("HOME", "/home/u"), true, missingSystemConf(), 1234);
        assertThat(c.graphRoot()).isEqualTo(Path.of("/home/u/.local/share/peapod/storage"));
        assertThat(c.runRoot()).isEqualTo(Path.of("/tmp/peapod-run-1234"));
        StorageConfig empty = StorageConfig.load(
                Map.of("HOME", "/home/u", "XDG_DATA_HOME", "", "XDG_RUNTIME_DIR", ""), true, missingSystemConf(), 7);
        assertThat(empty.graphRoot()).isEqualTo(Path.of("/home/u/.local/share/peapod/storage"));
        assertThat(empty.runRoot()).isEqualTo(Path.of("/tmp/peapod-run-7"));
    }

    @Test
    void envFileWinsAndIsReadFully() throws IOException {
        Path conf = write("custom.conf", """
                [storage]
                driver = "vfs"
                graphroot = "/srv/graph"
                runroot = "/srv/run"

                [storage.options]
                additionalimagestores = ["/ro1", "/ro2"]
                size = ""

                [storage.options.overlay]
                mountopt = "nodev"
                """);
        write("etc/peapod/storage.conf", "[storage]\ndriver = \"overlay\"\n");
        StorageConfig c = StorageConfig.load(Map.of("CONTAINERS_STORAGE_CONF", conf.toString()), false,
                missingSystemConf(), 0);
        assertThat(c.driver()).isEqualTo("vfs");
        assertThat(c.graphRoot()).isEqualTo(Path.of("/srv/graph"));
        assertThat(c.runRoot()).isEqualTo(Path.of("/srv/run"));
        assertThat(c.options()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "additionalimagestores", "/ro1,/ro2", "size", "", "overlay.mountopt", "nodev"));
    }

    @Test
    void envFileKeysThatAreUnsetKeepDefaults() throws IOException {
        Path conf = write("partial.conf", "[storage]\ndriver = \"overlay\"\ngraphroot = \"\"\n");
        StorageConfig c = StorageConfig.load(Map.of("CONTAINERS_STORAGE_CONF", conf.toString(),
                "XDG_RUNTIME_DIR", "/run/user/5", "XDG_DATA_HOME", "/d"), true, missingSystemConf(), 5);
        assertThat(c.driver()).isEqualTo("overlay");
        assertThat(c.graphRoot()).isEqualTo(Path.of("/d/peapod/storage"));
        assertThat(c.runRoot()).isEqualTo(Path.of("/run/user/5/peapod"));
    }

    @Test
    void envFileThatDoesNotExistMeansDefaultsNotTheSystemFile() throws IOException {
        Path system = write("etc/peapod/storage.conf", "[storage]\ndriver = \"overlay\"\n");
        StorageConfig c = StorageConfig.load(Map.of("CONTAINERS_STORAGE_CONF", dir.resolve("nope.conf").toString()),
                false, system, 0);
        assertThat(c.driver()).isEmpty();
        assertThat(c.graphRoot()).isEqualTo(Path.of("/var/lib/peapod/storage"));
    }

    @Test
    void systemFileUsedWhenNoEnv() throws IOException {
        Path system = write("etc/peapod/storage.conf", """
                [storage]
                driver = "overlay"
                runroot = "/run/pp"
                """);
        StorageConfig c = StorageConfig.load(Map.of("CONTAINERS_STORAGE_CONF", ""), false, system, 0);
        assertThat(c.driver()).isEqualTo("overlay");
        assertThat(c.runRoot()).isEqualTo(Path.of("/run/pp"));
        assertThat(c.graphRoot()).isEqualTo(Path.of("/var/lib/peapod/storage"));
        assertThat(StorageConfig.configFile(Map.of(), system)).isEqualTo(system);
        assertThat(StorageConfig.configFile(Map.of(), dir.resolve("absent.conf"))).isNull();
    }

    @Test
    void fileWithoutStorageTableChangesNothing() throws IOException {
        Path conf = write("other.conf", "# nothing here\n[engine]\nx = 1\n");
        StorageConfig c = StorageConfig.load(Map.of("CONTAINERS_STORAGE_CONF", conf.toString()), false,
                missingSystemConf(), 0);
        assertThat(c).isEqualTo(StorageConfig.defaults(Map.of(), false, 0));
    }

    @Test
    void storageDriverEnvOverridesFile() throws IOException {
        Path conf = write("d.conf", "[storage]\ndriver = \"overlay\"\n");
        Map<String, String> env = new HashMap<>();
        env.put("CONTAINERS_STORAGE_CONF", conf.toString());
        env.put("STORAGE_DRIVER", "vfs");
        assertThat(StorageConfig.load(env, false, missingSystemConf(), 0).driver()).isEqualTo("vfs");
    }

    @Test
    void parseErrorsNameFileAndLine() throws IOException {
        Path conf = write("bad.conf", "[storage]\ndriver = \"vfs\"\ngraphroot = /no/quotes\n");
        assertThatThrownBy(() -> StorageConfig.load(Map.of("CONTAINERS_STORAGE_CONF", conf.toString()), false,
                missingSystemConf(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(conf + ": line 3: ")
                .hasCauseInstanceOf(TomlException.class);
    }

    @Test
    void wronglyTypedKeysAreErrors() throws IOException {
        Path conf = write("typed.conf", "[storage]\ndriver = 1\n");
        assertThatThrownBy(() -> StorageConfig.load(Map.of("CONTAINERS_STORAGE_CONF", conf.toString()), false,
                missingSystemConf(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage.driver must be a string");
    }

    @Test
    void publicLoadNeverPointsAtPodmansStore() {
        StorageConfig root = StorageConfig.load(Map.of(), false);
        StorageConfig rootless = StorageConfig.load(Map.of("HOME", "/home/u"), true);
        for (StorageConfig c : new StorageConfig[] {root, rootless}) {
            assertThat(c.graphRoot().toString()).doesNotContain("containers");
            assertThat(c.runRoot().toString()).doesNotContain("containers");
        }
        assertThat(rootless.runRoot().toString()).matches("/tmp/peapod-run-\\d+");
    }
}
