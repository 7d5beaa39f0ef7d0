package io.peapod.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peapod.config.RegistriesConf.Alias;
import io.peapod.config.RegistriesConf.Mirror;
import io.peapod.config.RegistriesConf.Registry;
import io.peapod.core.registries.ReferenceAliasChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which registries.conf files are read and how they merge, checked against what podman 4.3.1 does with
 * the same files (the expected messages were taken from podman's output).
 */
class RegistriesConfLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private RegistriesConfFiles files(Map<String, String> env, boolean root) {
        return RegistriesConfFiles.locate(env, root, dir.resolve("home"), dir.resolve("etc/registries.conf"),
                dir.resolve("etc/registries.conf.d"), dir.resolve("var/cache/short-name-aliases.conf"));
    }

    private RegistriesConf load(Map<String, String> env) {
        return RegistriesConfLoader.load(files(env, true), ReferenceAliasChecker.INSTANCE);
    }

    private RegistriesConf loadText(String text) throws IOException {
        Path conf = write("test.conf", text);
        return load(Map.of(RegistriesConfFiles.ENV_CONF, conf.toString()));
    }

    private String errorOf(String text) throws IOException {
        Path conf = write("bad.conf", text);
        try {
            load(Map.of(RegistriesConfFiles.ENV_CONF, conf.toString()));
        } catch (RegistriesConfException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + text);
    }

    // ---- which files ----

    @Test
    void withoutAnyFileTheConfigurationIsEmptyAndNamesTheSystemFile() {
        RegistriesConf c = load(Map.of());
        assertThat(c.registries()).isEmpty();
        assertThat(c.searchRegistries()).isEmpty();
        assertThat(c.searchOrigin()).isEmpty();
        assertThat(c.shortNameMode()).isEqualTo(ShortNameMode.PERMISSIVE);
        assertThat(c.credentialHelpers()).containsExactly("containers-auth.json");
        assertThat(c.confPath()).isEqualTo(dir.resolve("etc/registries.conf").toString());
        // podman names the user's drop-in directory in "is blocked in" messages, even when it does not exist
        assertThat(c.dropInDir()).isEqualTo(dir.resolve("home/.config/containers/registries.conf.d").toString());
    }

    @Test
    void theSystemFileAndBothDropInDirectoriesAreReadInOrder() throws IOException {
        write("etc/registries.conf", "unqualified-search-registries = [\"sys.example\"]\n");
        write("etc/registries.conf.d/20-b.conf", "unqualified-search-registries = [\"b.example\"]\n");
        write("etc/registries.conf.d/10-a.conf", "unqualified-search-registries = [\"a.example\"]\nshort-name-mode = \"disabled\"\n");
        write("home/.config/containers/registries.conf.d/05-user.conf", "credential-helpers = [\"pass\"]\n");
        // not *.conf, and a directory named *.conf: both ignored
        write("etc/registries.conf.d/30-c.conf.disabled", "garbage = [\n");
        Files.createDirectories(dir.resolve("etc/registries.conf.d/40-dir.conf"));
        RegistriesConf c = load(Map.of());
        assertThat(c.searchRegistries()).containsExactly("b.example");
        assertThat(c.searchOrigin()).isEqualTo(dir.resolve("etc/registries.conf.d/20-b.conf").toString());
        assertThat(c.shortNameMode()).isEqualTo(ShortNameMode.DISABLED);
        assertThat(c.credentialHelpers()).containsExactly("pass");
    }

    @Test
    void aUserRegistriesConfReplacesTheSystemFileAndTheSystemDropIns() throws IOException {
        write("etc/registries.conf", "unqualified-search-registries = [\"sys.example\"]\n");
        write("etc/registries.conf.d/10-a.conf", "short-name-mode = \"disabled\"\n");
        Path user = write("home/.config/containers/registries.conf", "unqualified-search-registries = [\"user.example\"]\n");
        RegistriesConf c = load(Map.of());
        assertThat(c.confPath()).isEqualTo(user.toString());
        assertThat(c.searchRegistries()).containsExactly("user.example");
        assertThat(c.shortNameMode()).isEqualTo(ShortNameMode.PERMISSIVE);
    }

    @Test
    void containersRegistriesConfOverridesTheMainFileButBothDropInDirectoriesStillApply() throws IOException {
        write("home/.config/containers/registries.conf", "unqualified-search-registries = [\"user.example\"]\n");
        write("etc/registries.conf.d/shortnames.conf", "[aliases]\n\"alpine\" = \"docker.io/library/alpine\"\n");
        write("home/.config/containers/registries.conf.d/x.conf", "short-name-mode = \"enforcing\"\n");
        Path env = write("env.conf", "unqualified-search-registries = [\"env.example\"]\n");
        RegistriesConf c = load(Map.of(RegistriesConfFiles.ENV_CONF, env.toString()));
        assertThat(c.confPath()).isEqualTo(env.toString());
        assertThat(c.searchRegistries()).containsExactly("env.example");
        assertThat(c.searchOrigin()).isEqualTo(env.toString());
        assertThat(c.alias("alpine")).contains(new Alias("docker.io/library/alpine",
                dir.resolve("etc/registries.conf.d/shortnames.conf").toString()));
        assertThat(c.shortNameMode()).isEqualTo(ShortNameMode.ENFORCING);
    }

    @Test
    void aMissingFileNamedByTheEnvironmentIsAnError() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> load(Map.of(RegistriesConfFiles.ENV_CONF, missing.toString())))
                .isInstanceOf(RegistriesConfException.class)
                .hasMessage("loading registries configuration \"" + missing + "\": open " + missing
                        + ": no such file or directory");
    }

    @Test
    void anEmptyEnvironmentVariableIsIgnored() throws IOException {
        write("etc/registries.conf", "unqualified-search-registries = [\"sys.example\"]\n");
        assertThat(load(Map.of(RegistriesConfFiles.ENV_CONF, "")).searchRegistries()).containsExactly("sys.example");
    }

    @Test
    void aliasCacheIsUnderVarCacheForRootAndUnderTheCacheHomeOtherwise() {
        assertThat(files(Map.of(), true).aliasCache()).isEqualTo(dir.resolve("var/cache/short-name-aliases.conf"));
        assertThat(files(Map.of(), false).aliasCache())
                .isEqualTo(dir.resolve("home/.cache/containers/short-name-aliases.conf"));
        assertThat(files(Map.of("XDG_CACHE_HOME", "/x/cache"), false).aliasCache())
                .isEqualTo(Path.of("/x/cache/containers/short-name-aliases.conf"));
    }

    // ---- merging ----

    @Test
    void aDropInTableReplacesTheWholeTableWithTheSamePrefixAndAddsNewOnes() throws IOException {
        write("etc/registries.conf", """
                [[registry]]
                location = "a.example"
                insecure = true
                [[registry.mirror]]
                location = "mirror.example"
                [[registry]]
                location = "b.example"
                """);
        write("etc/registries.conf.d/10.conf", """
                [[registry]]
                location = "a.example"
                blocked = true
                [[registry]]
                prefix = "c.example/ns"
                location = "c2.example"
                """);
        RegistriesConf c = load(Map.of());
        assertThat(c.registries()).containsExactly(
                new Registry("a.example", "a.example", false, true, false, List.of()),
                new Registry("b.example", "b.example", false, false, false, List.of()),
                new Registry("c.example/ns", "c2.example", false, false, false, List.of()));
    }

    @Test
    void anExplicitEmptySearchListInADropInClearsTheSearchRegistries() throws IOException {
        write("etc/registries.conf", "unqualified-search-registries = [\"a.example\"]\n");
        write("etc/registries.conf.d/10.conf", "unqualified-search-registries = []\n");
        write("etc/registries.conf.d/20.conf", "short-name-mode = \"enforcing\"\n");
        RegistriesConf c = load(Map.of());
        assertThat(c.searchRegistries()).isEmpty();
        assertThat(c.searchOrigin()).isEqualTo(dir.resolve("etc/registries.conf.d/10.conf").toString());
    }

    @Test
    void aliasesMergeOneByOneAndAnEmptyValueErasesOne() throws IOException {
        write("etc/registries.conf", """
                [aliases]
                "a" = "quay.io/x/a"
                "b" = "quay.io/x/b"
                """);
        write("etc/registries.conf.d/10.conf", """
                [aliases]
                "b" = ""
                "c" = "quay.io/x/c"
                """);
        RegistriesConf c = load(Map.of());
        String main = dir.resolve("etc/registries.conf").toString();
        String dropIn = dir.resolve("etc/registries.conf.d/10.conf").toString();
        assertThat(c.aliases()).isEqualTo(Map.of("a", new Alias("quay.io/x/a", main), "b", new Alias(null, dropIn),
                "c", new Alias("quay.io/x/c", dropIn)));
    }

    @Test
    void theFirstTableWithARepeatedPrefixInOneFileWins() throws IOException {
        RegistriesConf c = loadText("""
                [[registry]]
                prefix = "a.example"
                location = "one.example"
                [[registry]]
                prefix = "a.example"
                location = "two.example"
                """);
        assertThat(c.registries()).extracting(Registry::location).containsExactly("one.example");
    }

    // ---- the model ----

    @Test
    void everyV2KeyIsRead() throws IOException {
        RegistriesConf c = loadText("""
                # comment
                unqualified-search-registries = [
                  "one.example",   # trailing comment
                  "two.example:5000/",
                ]
                short-name-mode = "enforcing"
                credential-helpers = ["containers-auth.json", "secretservice"]

                [[registry]]
                prefix = "example.com/foo"
                location = "internal.example/bar/"
                insecure = true
                mirror = [{ location = "m0.example", pull-from-mirror = "digest-only" }]

                [[registry]]
                location = "registry.example"
                mirror-by-digest-only = true
                [[registry.mirror]]
                location = "m1.example"
                insecure = true

                [[registry]]
                prefix = "*.wild.example"
                blocked = true

                [aliases]
                "my/app" = "quay.io/me/app"
                """);
        assertThat(c.searchRegistries()).containsExactly("one.example", "two.example:5000");
        assertThat(c.shortNameMode()).isEqualTo(ShortNameMode.ENFORCING);
        assertThat(c.credentialHelpers()).containsExactly("containers-auth.json", "secretservice");
        assertThat(c.registries()).containsExactly(
                new Registry("*.wild.example", "", false, true, false, List.of()),
                new Registry("example.com/foo", "internal.example/bar", true, false, false,
                        List.of(new Mirror("m0.example", false, PullFromMirror.DIGEST_ONLY))),
                new Registry("registry.example", "registry.example", false, false, true,
                        List.of(new Mirror("m1.example", true, PullFromMirror.UNSET))));
        assertThat(c.alias("my/app").map(Alias::value)).contains("quay.io/me/app");
    }

    @Test
    void theV1FormatIsConvertedBlockedFirst() throws IOException {
        RegistriesConf c = loadText("""
                [registries.search]
                registries = ['search.example', 'insecure.example']
                [registries.insecure]
                registries = ['insecure.example', 'x.example/']
                [registries.block]
                registries = ['bad.example']
                """);
        assertThat(c.searchRegistries()).containsExactly("search.example", "insecure.example");
        assertThat(c.registries()).containsExactly(
                new Registry("bad.example", "bad.example", false, true, false, List.of()),
                new Registry("insecure.example", "insecure.example", true, false, false, List.of()),
                new Registry("x.example", "x.example", true, false, false, List.of()));
    }

    @Test
    void v1AndV2InOneFileAreRefusedUnlessOneSideIsEmpty() throws IOException {
        assertThat(errorOf("unqualified-search-registries = [\"b.example\"]\n[registries.search]\nregistries = [\"a.example\"]\n"))
                .endsWith("bad.conf\": mixing sysregistry v1/v2 is not supported");
        assertThat(loadText("unqualified-search-registries = []\n[registries.search]\nregistries = [\"a.example\"]\n")
                .searchRegistries()).containsExactly("a.example");
        assertThat(loadText("unqualified-search-registries = [\"b.example\"]\n[registries.search]\nregistries = []\n")
                .searchRegistries()).containsExactly("b.example");
    }

    @Test
    void aDropInMustBeV2() throws IOException {
        Path dropIn = write("etc/registries.conf.d/40-v1.conf", "[registries.search]\nregistries = [\"v1.example\"]\n");
        assertThatThrownBy(() -> load(Map.of())).hasMessage("loading drop-in registries configuration \"" + dropIn
                + "\": registry must be in v2 format but is in v1");
    }

    // ---- malformed files: podman's messages ----

    @Test
    void invalidEntriesAreRefusedWithPodmansMessages() throws IOException {
        assertThat(errorOf("[[registry]]\nlocation = \"https://a.example\"\n"))
                .endsWith(": invalid location 'https://a.example': URI schemes are not supported");
        assertThat(errorOf("[[registry]]\ninsecure = true\n"))
                .endsWith(": invalid condition: both location and prefix are unset");
        assertThat(errorOf("[[registry]]\nprefix = \"a.example\"\nblocked = true\n"))
                .endsWith(": invalid condition: location is unset and prefix is not in the format: *.example.com");
        assertThat(errorOf("[[registry]]\nprefix = \"*.a.example/foo\"\n")).endsWith(": Wildcarded prefix should be in "
                + "the format: *.example.com. Current prefix \"*.a.example/foo\" is incorrectly formatted");
        assertThat(errorOf("short-name-mode = \"bogus\"\n")).endsWith(": invalid short-name mode: \"bogus\"");
        assertThat(errorOf("unqualified-search-registries = [\"b.example/ns\"]\n"))
                .endsWith(": Invalid unqualified-search-registries entry \"b.example/ns\"");
        assertThat(errorOf("[[registry]]\nlocation = \"a.example\"\ninsecure = true\n[[registry]]\nlocation = \"a.example\"\nprefix = \"b.example\"\n"))
                .endsWith(": registry 'a.example' is defined multiple times with conflicting 'insecure' setting");
        assertThat(errorOf("[[registry]]\nlocation = \"a.example\"\n[[registry.mirror]]\nlocation = \"m.example\"\npull-from-mirror = \"x\"\n"))
                .endsWith(": unsupported pull-from-mirror value \"x\" for mirror \"m.example\"");
        assertThat(errorOf("[[registry]]\nlocation = \"a.example\"\npull-from-mirror = \"all\"\n"))
                .endsWith(": pull-from-mirror must not be set for a non-mirror registry \"a.example\"");
        assertThat(errorOf("[[registry]]\nlocation = \"a.example\"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = \"m.example\"\npull-from-mirror = \"all\"\n"))
                .endsWith(": cannot set mirror usage mirror-by-digest-only for the registry (\"a.example\") and "
                        + "pull-from-mirror for per-mirror (\"m.example\") at the same time");
        assertThat(errorOf("[[registry]]\nlocation = \"a.example\"\n[[registry.mirror]]\n"))
                .endsWith(": invalid condition: mirror location is unset");
    }

    @Test
    void wronglyTypedKeysNameTheLineAndKeyAsBurntSushiTomlDoes() throws IOException {
        Path bad = dir.resolve("bad.conf");
        assertThat(errorOf("foo = 1\nunqualified-search-registries = \"a.example\"\n")).isEqualTo("loading registries "
                + "configuration \"" + bad + "\": toml: line 2 (last key \"unqualified-search-registries\"): "
                + "incompatible types: TOML value has type string; destination has type slice");
        assertThat(errorOf("[[registry]]\nlocation = \"a\"\ninsecure = \"yes\"\n")).endsWith(": toml: line 3 (last key "
                + "\"registry.insecure\"): incompatible types: TOML value has type string; destination has type boolean");
        assertThat(errorOf("short-name-mode = [\"a\"]\n")).endsWith("(last key \"short-name-mode\"): incompatible "
                + "types: TOML value has type []interface {}; destination has type string");
        assertThat(errorOf("[short-name-mode]\n")).endsWith(": toml: line 1 (last key \"short-name-mode\"): incompatible "
                + "types: TOML value has type map[string]interface {}; destination has type string");
        assertThat(errorOf("registry = [1]\n")).endsWith(": toml: line 1 (last key \"registry\"): type mismatch for "
                + "sysregistriesv2.Registry: expected table but found int64");
        assertThat(errorOf("[[registry]]\nlocation = \"a\"\nmirror = {location = \"b\"}\n")).endsWith(": toml: line 3 "
                + "(last key \"registry.mirror\"): incompatible types: TOML value has type map[string]interface {}; "
                + "destination has type slice");
        assertThat(errorOf("[aliases]\na = 1\n")).endsWith(": toml: line 2 (last key \"aliases.a\"): incompatible "
                + "types: TOML value has type int64; destination has type string");
        assertThat(errorOf("[registries]\nsearch = 1\n")).endsWith(": toml: line 2 (last key \"registries.search\"): "
                + "type mismatch for sysregistriesv2.V1TOMLregistries: expected table but found int64");
        assertThat(errorOf("unqualified-search-registries = [\"a.example\"\n"))
                .startsWith("loading registries configuration \"" + bad + "\": toml: line 1: ");
    }

    @Test
    void badAliasesAreAllReportedLastFirst() throws IOException {
        assertThat(errorOf("[aliases]\n\"a.example/x\" = \"b.example/x\"\n\"y\" = \"y\"\n\"z:1\" = \"b.example/z\"\n"))
                .endsWith(": validating short-name aliases: invalid short name \"z:1\": must not contain tag\n"
                        + ": invalid alias \"y\": must contain registry and repository\n"
                        + ": invalid short name \"a.example/x\": must not contain registry");
    }

    @Test
    void theAliasCacheFileIsReadWithItsOwnErrorPrefix() throws IOException {
        Path cache = write("cache.conf", "[aliases]\n\"app\" = \"quay.io/me/app\"\n");
        assertThat(RegistriesConfLoader.loadAliasCache(cache, ReferenceAliasChecker.INSTANCE))
                .isEqualTo(Map.of("app", new Alias("quay.io/me/app", cache.toString())));
        assertThat(RegistriesConfLoader.loadAliasCache(dir.resolve("missing.conf"), ReferenceAliasChecker.INSTANCE)).isEmpty();
        // podman 4.3.1's words for an upper-case name, checked side by side
        Files.writeString(cache, "[aliases]\n\"Ab\" = \"docker.io/library/ab\"\n");
        assertThatThrownBy(() -> RegistriesConfLoader.loadAliasCache(cache, ReferenceAliasChecker.INSTANCE))
                .hasMessageEndingWith("cannot parse short name: \"Ab\": repository name must be lowercase");
        Files.writeString(cache, "[aliases]\n\"app\" = \"quay.io/me/app:1\"\n");
        assertThatThrownBy(() -> RegistriesConfLoader.loadAliasCache(cache, ReferenceAliasChecker.INSTANCE))
                .hasMessage("loading short-name aliases config file \"" + cache
                        + "\": invalid alias \"quay.io/me/app:1\": must not contain tag");
    }
}
