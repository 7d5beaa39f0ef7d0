package io.peapod.cli;

import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsers behind --ulimit, --restart, --log-opt, --annotation and --env-file/--label-file, against podman 4.3.1's texts. */
class CreateFlagsTest {

    @Test
    void ulimitsParseAsGoUnitsDoes() {
        assertThat(CreateFlags.parseUlimit("nofile=1024:2048")).isEqualTo(new ContainerCreateSpec.Ulimit("nofile", 1024, 2048));
        assertThat(CreateFlags.parseUlimit("nproc=100")).isEqualTo(new ContainerCreateSpec.Ulimit("nproc", 100, 100));
        assertThat(CreateFlags.parseUlimit("core=5:-1")).isEqualTo(new ContainerCreateSpec.Ulimit("core", 5, -1));
        assertThat(CreateFlags.ulimits(List.of("nofile=5", "host"))).as("host: podman's defaults").isEmpty();
        assertThatThrownBy(() -> CreateFlags.ulimits(List.of("as=1"))).isInstanceOf(EngineException.class)
                .hasMessage("ulimit option \"as=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: as");
        assertThatThrownBy(() -> CreateFlags.parseUlimit("nofile=")).hasMessage("strconv.ParseInt: parsing \"\": invalid syntax");
        assertThatThrownBy(() -> CreateFlags.parseUlimit("nofile=1:x")).hasMessage("strconv.ParseInt: parsing \"x\": invalid syntax");
        assertThatThrownBy(() -> CreateFlags.parseUlimit("nofile=99999999999999999999"))
                .hasMessage("strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
        assertThatThrownBy(() -> CreateFlags.parseUlimit("nofile=-1:5"))
                .hasMessage("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5");
        assertThatThrownBy(() -> CreateFlags.parseUlimit("nofile=1:2:3"))
                .hasMessage("too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`");
    }

    @Test
    void restartPolicies() {
        assertThat(CreateFlags.restartPolicy("")).isEqualTo(ContainerCreateSpec.RestartPolicy.NONE);
        assertThat(CreateFlags.restartPolicy("unless-stopped")).isEqualTo(new ContainerCreateSpec.RestartPolicy("unless-stopped", 0));
        assertThat(CreateFlags.restartPolicy("on-failure:0")).isEqualTo(new ContainerCreateSpec.RestartPolicy("on-failure", 0));
        assertThatThrownBy(() -> CreateFlags.restartPolicy("on-failure:-1"))
                .hasMessage("must specify restart policy retry count as a number greater than 0");
        assertThatThrownBy(() -> CreateFlags.restartPolicy("on-failure:"))
                .hasMessage("parsing restart policy retry count: strconv.Atoi: parsing \"\": invalid syntax");
        assertThatThrownBy(() -> CreateFlags.restartPolicy("no:1"))
                .hasMessage("restart policy retries can only be specified with on-failure restart policy");
        assertThatThrownBy(() -> CreateFlags.restartPolicy("on-failure:1:2"))
                .hasMessage("invalid restart policy: may specify retries at most once");
    }

    @Test
    void logOptions() {
        assertThat(CreateFlags.logConfig("", List.of("max-size=1m", "tag=web", "max-file=3")))
                .isEqualTo(new ContainerCreateSpec.LogConfig("k8s-file", "", 1_000_000, "web"));
        assertThat(CreateFlags.logConfig("none", List.of("path=/x.log")))
                .isEqualTo(new ContainerCreateSpec.LogConfig("none", "/x.log", -1, ""));
        assertThat(CreateFlags.logConfig("", List.of("driver=json-file")).driver()).isEqualTo("json-file");
        assertThat(GoNumbers.fromHumanSize("100")).isEqualTo(100);
        assertThat(GoNumbers.fromHumanSize("2.5kb")).isEqualTo(2500);
        assertThat(GoNumbers.fromHumanSize("1 GiB")).isEqualTo(1_000_000_000L);
        assertThatThrownBy(() -> GoNumbers.fromHumanSize("1x")).hasMessage("invalid size: '1x'");
    }

    @Test
    void annotationsNeedAValue() {
        assertThat(CreateFlags.annotations(List.of("a=1", "b=", "c=x=y"))).containsExactly(
                Map.entry("a", "1"), Map.entry("b", ""), Map.entry("c", "x=y"));
        assertThatThrownBy(() -> CreateFlags.annotations(List.of("a"))).hasMessage("annotations must be formatted KEY=VALUE");
    }

    @Test
    void envAndLabelFiles(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "  # comment\n\tA=1\nB = 2\nHOST\nMISSING\nPRE*\nQ=\"quoted\"\n");
        Map<String, String> host = Map.of("HOST", "h", "PRE_ONE", "1", "PRE_TWO", "2");
        Map<String, String> env = KeyValueFiles.read(f, KeyValueFiles.Kind.ENV, host);
        assertThat(env).containsEntry("A", "1").containsEntry("B ", " 2").containsEntry("HOST", "h")
                .containsEntry("PRE_ONE", "1").containsEntry("PRE_TWO", "2").containsEntry("Q", "\"quoted\"")
                .doesNotContainKey("MISSING");
        assertThatThrownBy(() -> KeyValueFiles.read(f, KeyValueFiles.Kind.LABEL, host))
                .hasMessage("name \"B \" has white spaces, poorly formatted name");
        Path labels = Files.writeString(dir.resolve("l"), "team=blue\nbare\n");
        assertThat(KeyValueFiles.read(labels, KeyValueFiles.Kind.LABEL, host)).containsExactly(
                Map.entry("team", "blue"), Map.entry("bare", ""));
        assertThatThrownBy(() -> KeyValueFiles.read(dir.resolve("none"), KeyValueFiles.Kind.ENV, host))
                .hasMessage("open " + dir.resolve("none") + ": no such file or directory");
    }
}
