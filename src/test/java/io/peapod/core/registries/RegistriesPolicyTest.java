package io.peapod.core.registries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peapod.config.RegistriesConf;
import io.peapod.config.RegistriesConf.Alias;
import io.peapod.config.RegistriesConf.PullSource;
import io.peapod.config.RegistriesConf.Registry;
import io.peapod.config.ShortNameMode;
import io.peapod.engine.EngineException;
import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short-name resolution as podman 4.3.1 pull does it; messages taken from podman's output. */
class RegistriesPolicyTest {
    private static final String CONF = "/etc/containers/registries.conf";
    private static final String DIGEST = "sha256:0123456789012345678901234567890123456789012345678901234567890123";

    @TempDir
    Path dir;

    private RegistriesPolicy policy(List<String> search, ShortNameMode mode, Map<String, Alias> aliases) {
        return new RegistriesPolicy(new RegistriesConf(List.of(), search, CONF, mode, List.of(), aliases, CONF,
                "/root/.config/containers/registries.conf.d", dir.resolve("short-name-aliases.conf")));
    }

    private static List<String> names(Resolution r) {
        return r.candidates().stream().map(ImageReference::toString).toList();
    }

    @Test
    void aQualifiedNameIsItsOwnCandidateWithDockerHubNormalised() {
        RegistriesPolicy p = policy(List.of(), ShortNameMode.ENFORCING, Map.of());
        Resolution r = p.resolve("docker.io/alpine", false);
        assertThat(names(r)).containsExactly("docker.io/library/alpine:latest");
        assertThat(r.rationale()).isEqualTo(Resolution.Rationale.NONE);
        assertThat(r.description()).isNull();
        assertThat(names(p.resolve("index.docker.io/library/alpine:3", false))).containsExactly("docker.io/library/alpine:3");
        assertThat(names(p.resolve("127.0.0.1:5000/x", false))).containsExactly("127.0.0.1:5000/x:latest");
        assertThat(names(p.resolve("localhost/x:1", false))).containsExactly("localhost/x:1");
        // name:tag@digest: the digest alone decides
        assertThat(names(p.resolve("quay.io/a/b:1@" + DIGEST, false))).containsExactly("quay.io/a/b@" + DIGEST);
    }

    @Test
    void anInvalidReferenceIsRefusedByTheGrammar() {
        RegistriesPolicy p = policy(List.of("a.example"), ShortNameMode.PERMISSIVE, Map.of());
        assertThatThrownBy(() -> p.resolve("Foo/bar", false)).isInstanceOf(ReferenceException.class)
                .hasMessage("invalid reference format: repository name must be lowercase");
    }

    @Test
    void anAliasWinsOverTheSearchRegistriesAndKeepsTheTagTyped() {
        RegistriesPolicy p = policy(List.of("127.0.0.1:5999", "127.0.0.1:5998"), ShortNameMode.ENFORCING,
                Map.of("alpine", new Alias("docker.io/library/alpine", "/etc/containers/registries.conf.d/shortnames.conf")));
        Resolution r = p.resolve("alpine:3.18", false);
        assertThat(names(r)).containsExactly("docker.io/library/alpine:3.18");
        assertThat(r.prompt()).isFalse();
        assertThat(r.description())
                .isEqualTo("Resolved \"alpine\" as an alias (/etc/containers/registries.conf.d/shortnames.conf)");
        assertThat(names(p.resolve("alpine@" + DIGEST, false))).containsExactly("docker.io/library/alpine@" + DIGEST);
        assertThat(names(p.resolve("alpine", false))).containsExactly("docker.io/library/alpine:latest");
    }

    @Test
    void theMachineWrittenAliasFileWinsAndAnErasedEntryThereHidesRegistriesConf() throws IOException {
        Map<String, Alias> conf = Map.of("app", new Alias("quay.io/conf/app", CONF), "tool", new Alias("quay.io/conf/tool", CONF));
        RegistriesPolicy p = policy(List.of("127.0.0.1:5999"), ShortNameMode.PERMISSIVE, conf);
        Path cache = dir.resolve("short-name-aliases.conf");
        Files.writeString(cache, "[aliases]\n\"app\" = \"quay.io/cache/app\"\n\"tool\" = \"\"\n");
        Resolution app = p.resolve("app", false);
        assertThat(names(app)).containsExactly("quay.io/cache/app:latest");
        assertThat(app.origin()).isEqualTo(cache.toString());
        Resolution tool = p.resolve("tool", false);
        assertThat(tool.rationale()).isEqualTo(Resolution.Rationale.SEARCH);
        assertThat(names(tool)).containsExactly("127.0.0.1:5999/tool:latest");
    }

    @Test
    void withoutATerminalPermissiveTriesEverySearchRegistryInOrder() {
        RegistriesPolicy p = policy(List.of("127.0.0.1:5999", "docker.io"), ShortNameMode.PERMISSIVE, Map.of());
        Resolution r = p.resolve("foo:1", false);
        assertThat(names(r)).containsExactly("127.0.0.1:5999/foo:1", "docker.io/library/foo:1");
        assertThat(r.prompt()).isFalse();
        assertThat(r.description()).isEqualTo("Resolving \"foo\" using unqualified-search registries (" + CONF + ")");
        assertThat(names(p.resolve("foo/bar", false))).containsExactly("127.0.0.1:5999/foo/bar:latest",
                "docker.io/foo/bar:latest");
    }

    @Test
    void onATerminalEnforcingAndPermissivePromptAndDisabledDoesNot() {
        List<String> two = List.of("127.0.0.1:5999", "127.0.0.1:5998");
        assertThat(policy(two, ShortNameMode.ENFORCING, Map.of()).resolve("foo", true).prompt()).isTrue();
        assertThat(policy(two, ShortNameMode.PERMISSIVE, Map.of()).resolve("foo", true).prompt()).isTrue();
        assertThat(policy(two, ShortNameMode.DISABLED, Map.of()).resolve("foo", true).prompt()).isFalse();
        // one registry is no ambiguity
        assertThat(policy(List.of("127.0.0.1:5999"), ShortNameMode.ENFORCING, Map.of()).resolve("foo", true).prompt())
                .isFalse();
    }

    @Test
    void enforcingWithoutATerminalFailsOnlyWhenThereIsAChoice() {
        assertThatThrownBy(() -> policy(List.of("127.0.0.1:5999", "127.0.0.1:5998"), ShortNameMode.ENFORCING, Map.of())
                .resolve("foo/bar:1", false)).isInstanceOf(EngineException.class)
                .hasMessage("short-name resolution enforced but cannot prompt without a TTY");
        assertThat(names(policy(List.of("127.0.0.1:5999"), ShortNameMode.ENFORCING, Map.of()).resolve("foo/bar:1", false)))
                .containsExactly("127.0.0.1:5999/foo/bar:1");
    }

    @Test
    void noSearchRegistriesIsPodmansErrorNamingTheFile() {
        assertThatThrownBy(() -> policy(List.of(), ShortNameMode.PERMISSIVE, Map.of()).resolve("foo/bar:1", false))
                .hasMessage("short-name \"foo/bar:1\" did not resolve to an alias and no unqualified-search "
                        + "registries are defined in \"/etc/containers/registries.conf\"");
        RegistriesPolicy noFile = new RegistriesPolicy(RegistriesConf.empty(CONF, "/d", dir.resolve("none.conf")));
        assertThatThrownBy(() -> noFile.resolve("foo", false)).hasMessage(
                "short-name \"foo\" did not resolve to an alias and no containers-registries.conf(5) was found");
    }

    @Test
    void pullSourcesRewriteEachCandidateAndRefuseAnInvalidRewrite() {
        Registry rewrite = new Registry("example.com/foo", "127.0.0.1:5001/bar", true, false, false, List.of());
        Registry broken = new Registry("broken.test", "127.0.0.1:5001/UPPER", false, false, false, List.of());
        RegistriesPolicy p = new RegistriesPolicy(new RegistriesConf(List.of(broken, rewrite), List.of(), CONF,
                ShortNameMode.PERMISSIVE, List.of(), Map.of(), CONF, "/d", dir.resolve("none.conf")));
        ImageReference candidate = p.resolve("example.com/foo/img:1", false).candidates().getFirst();
        assertThat(p.pullSources(candidate)).containsExactly(new PullSource("127.0.0.1:5001/bar/img:1", true, false, null));
        ImageReference bad = p.resolve("broken.test/x", false).candidates().getFirst();
        assertThatThrownBy(() -> p.pullSources(bad)).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("rewriting reference: invalid reference format");
    }

    @Test
    void infoListsTablesByPrefixAndSearchOnlyWhenSet() {
        Registry r = new Registry("b.test", "b.test", true, false, false, List.of());
        RegistriesConf withSearch = new RegistriesConf(List.of(r), List.of("a.test"), CONF, ShortNameMode.PERMISSIVE,
                List.of(), Map.of(), CONF, "/d", dir);
        Map<String, Object> doc = RegistriesInfo.document(withSearch);
        assertThat(doc.keySet()).containsExactly("b.test", "search");
        assertThat(doc.get("search")).isEqualTo(List.of("a.test"));
        assertThat(List.copyOf(((Map<?, ?>) doc.get("b.test")).keySet())).isEqualTo(List.of("Prefix", "Location", "Insecure",
                "PullFromMirror", "Mirrors", "Blocked", "MirrorByDigestOnly"));
        assertThat(RegistriesInfo.document(RegistriesConf.empty(CONF, "/d", dir))).isEmpty();
    }

    @Test
    void theUsersPickIsPulledAloneAndRecordedWithoutTagAsTheShortNamesAlias() throws IOException {
        RegistriesPolicy p = policy(List.of("127.0.0.1:5999", "127.0.0.1:5998"), ShortNameMode.ENFORCING, Map.of());
        Resolution prompted = p.resolve("demo:2", true);
        assertThat(prompted.prompt()).isTrue();
        Resolution chosen = p.chosen(prompted, 1);
        assertThat(names(chosen)).containsExactly("127.0.0.1:5998/demo:2");
        assertThat(chosen.rationale()).isEqualTo(Resolution.Rationale.USER_SELECTION);
        assertThat(chosen.description()).isNull();   // podman prints only "Trying to pull ..."
        assertThat(chosen.prompt()).isFalse();
        Path cache = dir.resolve("short-name-aliases.conf");
        p.recordChoice(prompted, chosen.candidates().getFirst());   // not picked: nothing recorded
        assertThat(cache).doesNotExist();
        p.recordChoice(chosen, chosen.candidates().getFirst());
        assertThat(Files.readString(cache)).isEqualTo("[aliases]\n  demo = \"127.0.0.1:5998/demo\"\n");
        // the next resolution uses it, whatever the tag, without a prompt
        Resolution next = p.resolve("demo", true);
        assertThat(next.prompt()).isFalse();
        assertThat(names(next)).containsExactly("127.0.0.1:5998/demo:latest");
        assertThat(next.description()).isEqualTo("Resolved \"demo\" as an alias (" + cache + ")");
    }

    @Test
    void aFailedRecordSaysWhatWasBeingRecorded() throws IOException {
        RegistriesPolicy p = policy(List.of("127.0.0.1:5999", "127.0.0.1:5998"), ShortNameMode.PERMISSIVE, Map.of());
        Path cache = dir.resolve("short-name-aliases.conf");
        Resolution chosen = p.chosen(p.resolve("demo", true), 0);
        Files.writeString(cache, "[aliases]\n\"x\" = \"y\"\n");
        assertThatThrownBy(() -> p.recordChoice(chosen, chosen.candidates().getFirst()))
                .hasMessage("recording short-name alias (\"demo\"=\"127.0.0.1:5999/demo:latest\"): loading short-name "
                        + "aliases config file \"" + cache + "\": invalid alias \"y\": must contain registry and repository");
    }
}
