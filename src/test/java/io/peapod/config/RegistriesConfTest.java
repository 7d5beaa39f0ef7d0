package io.peapod.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peapod.config.RegistriesConf.PullSource;
import io.peapod.config.RegistriesConf.Registry;
import io.peapod.core.registries.ReferenceAliasChecker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The man page's matching rules (containers-registries.conf(5)) on small configurations; the expected
 * sources are what podman 4.3.1 tried ("Trying to access ...") for the same files.
 */
class RegistriesConfTest {
    private static final String DIGEST = "@sha256:0123456789012345678901234567890123456789012345678901234567890123";

    private static RegistriesConf conf(String text) throws Exception {
        RegistriesConfLoader.ParsedFile f = RegistriesConfLoader.parse(text, "/etc/containers/registries.conf", false,
                ReferenceAliasChecker.INSTANCE);
        return new RegistriesConf(f.registries(), List.of(), "", ShortNameMode.PERMISSIVE, List.of(), f.aliases(),
                "/etc/containers/registries.conf", "/root/.config/containers/registries.conf.d",
                Path.of("/nonexistent"));
    }

    private static List<String> tried(RegistriesConf c, String name, String suffix) {
        return c.pullSources(name, suffix, suffix.startsWith("@")).stream().map(PullSource::reference).toList();
    }

    @Test
    void thePrefixMustBeFollowedByASeparator() {
        assertThat(RegistriesConf.prefixMatch("example.com/foo/bar", "example.com/foo")).isEqualTo(15);
        assertThat(RegistriesConf.prefixMatch("example.com/foo", "example.com/foo")).isEqualTo(15);
        assertThat(RegistriesConf.prefixMatch("example.com/foobar", "example.com/foo")).isEqualTo(-1);
        assertThat(RegistriesConf.prefixMatch("example.com/foo:1", "example.com/foo")).isEqualTo(15);
        assertThat(RegistriesConf.prefixMatch("example.com/foo@sha256:x", "example.com/foo")).isEqualTo(15);
        assertThat(RegistriesConf.prefixMatch("example.co", "example.com")).isEqualTo(-1);
        // containers/image's documented quirk: a host prefix also matches the host with a port
        assertThat(RegistriesConf.prefixMatch("example.com:5000/x", "example.com")).isEqualTo(11);
    }

    @Test
    void aWildcardPrefixMatchesAnyNumberOfSubdomainsButNotTheBareDomain() {
        assertThat(RegistriesConf.prefixMatch("a.example.com/x", "*.example.com")).isEqualTo(13);
        assertThat(RegistriesConf.prefixMatch("a.b.example.com", "*.example.com")).isEqualTo(15);
        assertThat(RegistriesConf.prefixMatch("example.com/x", "*.example.com")).isEqualTo(-1);
        assertThat(RegistriesConf.prefixMatch("a.example.community/x", "*.example.com")).isEqualTo(-1);
        assertThat(RegistriesConf.prefixMatch("other.org/a.example.com", "*.example.com")).isEqualTo(-1);
    }

    @Test
    void theLongestMatchingPrefixWins() throws Exception {
        RegistriesConf c = conf("""
                [[registry]]
                prefix = "127.0.0.1:5007"
                location = "127.0.0.1:5008"
                [[registry]]
                prefix = "127.0.0.1:5007/ns"
                location = "127.0.0.1:5009/other"
                [[registry]]
                prefix = "*.wild.test"
                location = "127.0.0.1:5004"
                [[registry]]
                prefix = "a.wild.test/team"
                location = "127.0.0.1:5005"
                """);
        assertThat(tried(c, "127.0.0.1:5007/ns/x", ":latest")).containsExactly("127.0.0.1:5009/other/x:latest");
        assertThat(tried(c, "127.0.0.1:5007/nsx", ":latest")).containsExactly("127.0.0.1:5008/nsx:latest");
        assertThat(tried(c, "a.b.wild.test/x", ":1")).containsExactly("127.0.0.1:5004/x:1");
        assertThat(tried(c, "a.wild.test/team/y", ":1")).containsExactly("127.0.0.1:5005/y:1");
        assertThat(c.findRegistry("unrelated.test/x")).isEmpty();
        assertThat(tried(c, "unrelated.test/x", ":1")).containsExactly("unrelated.test/x:1");
    }

    @Test
    void aPrefixWithATagNeverMatchesAPullBecausePodmanMatchesTheRepositoryName() throws Exception {
        RegistriesConf c = conf("""
                [[registry]]
                prefix = "127.0.0.1:5005/foo:1"
                location = "127.0.0.1:5006/bar:2"
                """);
        assertThat(tried(c, "127.0.0.1:5005/foo", ":1")).containsExactly("127.0.0.1:5005/foo:1");
    }

    @Test
    void mirrorsComeFirstFilteredByPullFromMirrorThenTheRewrittenPrimary() throws Exception {
        RegistriesConf c = conf("""
                [[registry]]
                prefix = "example.com/foo"
                location = "127.0.0.1:5001/bar"
                insecure = true
                [[registry.mirror]]
                location = "127.0.0.1:5002/m"
                pull-from-mirror = "digest-only"
                [[registry.mirror]]
                location = "127.0.0.1:5003/m2"
                insecure = true
                [[registry.mirror]]
                location = "127.0.0.1:5013/m3"
                pull-from-mirror = "tag-only"
                """);
        assertThat(c.pullSources("example.com/foo/img", ":1", false)).containsExactly(
                new PullSource("127.0.0.1:5003/m2/img:1", true, true, null),
                new PullSource("127.0.0.1:5013/m3/img:1", false, true, null),
                new PullSource("127.0.0.1:5001/bar/img:1", true, false, null));
        assertThat(tried(c, "example.com/foo/img", DIGEST)).containsExactly(
                "127.0.0.1:5002/m/img" + DIGEST, "127.0.0.1:5003/m2/img" + DIGEST, "127.0.0.1:5001/bar/img" + DIGEST);
        // the prefix itself, without a sub-path
        assertThat(tried(c, "example.com/foo", ":latest")).containsExactly(
                "127.0.0.1:5003/m2:latest", "127.0.0.1:5013/m3:latest", "127.0.0.1:5001/bar:latest");
    }

    @Test
    void mirrorByDigestOnlySkipsEveryMirrorForATag() throws Exception {
        RegistriesConf c = conf("""
                [[registry]]
                prefix = "digest.test"
                location = "127.0.0.1:5011"
                mirror-by-digest-only = true
                [[registry.mirror]]
                location = "127.0.0.1:5012"
                """);
        assertThat(tried(c, "digest.test/x", ":latest")).containsExactly("127.0.0.1:5011/x:latest");
        assertThat(tried(c, "digest.test/x", DIGEST)).containsExactly("127.0.0.1:5012/x" + DIGEST, "127.0.0.1:5011/x" + DIGEST);
    }

    @Test
    void aWildcardWithoutLocationKeepsTheNameAndAppliesItsSettings() throws Exception {
        RegistriesConf c = conf("""
                [[registry]]
                prefix = "*.wild2.test"
                blocked = true
                """);
        assertThat(c.pullSources("a.wild2.test/x", ":latest", false)).containsExactly(new PullSource(
                "a.wild2.test/x:latest", false, false, "registry *.wild2.test is blocked in "
                + "/etc/containers/registries.conf or /root/.config/containers/registries.conf.d"));
    }

    @Test
    void blockedAppliesToThePhysicalLocationNotToTheNameAsTyped() throws Exception {
        RegistriesConf c = conf("""
                [[registry]]
                prefix = "rw.test/foo"
                location = "127.0.0.1:5020/bar"
                blocked = true
                [[registry]]
                prefix = "rw2.test"
                location = "127.0.0.1:5021"
                [[registry.mirror]]
                location = "127.0.0.3:5022"
                [[registry]]
                location = "127.0.0.3"
                blocked = true
                """);
        // podman 4.3.1 pulls rw.test/foo/x from 127.0.0.1:5020/bar/x: the blocked table points elsewhere
        assertThat(c.pullSources("rw.test/foo/x", ":latest", false))
                .containsExactly(new PullSource("127.0.0.1:5020/bar/x:latest", false, false, null));
        // a mirror inside a blocked registry fails, the primary is still tried
        List<PullSource> sources = c.pullSources("rw2.test/x", ":latest", false);
        assertThat(sources).extracting(PullSource::blockedError).containsExactly(
                "registry 127.0.0.3 is blocked in /etc/containers/registries.conf or "
                        + "/root/.config/containers/registries.conf.d", null);
        assertThat(c.blockedError("127.0.0.3:5000/x")).isNotNull();
        assertThat(c.blockedError("127.0.0.4/x")).isNull();
        // push and login look the destination up as typed: the rewritten table blocks it there
        assertThat(c.registryFor("rw.test/foo/x").blocked()).isTrue();
        assertThat(c.registryFor("127.0.0.3:5000").blockedError()).startsWith("registry 127.0.0.3 is blocked in ");
    }

    @Test
    void registryLookupForPushAndLogin() throws Exception {
        RegistriesConf c = conf("""
                [[registry]]
                location = "127.0.0.1:5000"
                insecure = true
                [[registry]]
                prefix = "secure.test"
                location = "secure.test"
                """);
        assertThat(c.isInsecure("127.0.0.1:5000")).isTrue();
        assertThat(c.isInsecure("127.0.0.1:5000/ns/repo")).isTrue();
        assertThat(c.isInsecure("127.0.0.1:5001")).isFalse();
        assertThat(c.isInsecure("secure.test")).isFalse();
        assertThat(c.findRegistry("secure.test/x")).map(Registry::prefix).contains("secure.test");
        assertThat(c.registryFor("127.0.0.1:5000")).isEqualTo(new RegistriesConf.Access(true, null));
        assertThat(c.registryFor("other.test").blocked()).isFalse();
    }

    @Test
    void repositoryOfDropsTagAndDigestButNotAPort() {
        assertThat(RegistriesConf.repositoryOf("127.0.0.1:5000/x:1")).isEqualTo("127.0.0.1:5000/x");
        assertThat(RegistriesConf.repositoryOf("127.0.0.1:5000/x" + DIGEST)).isEqualTo("127.0.0.1:5000/x");
        assertThat(RegistriesConf.repositoryOf("127.0.0.1:5000/x")).isEqualTo("127.0.0.1:5000/x");
    }
}
