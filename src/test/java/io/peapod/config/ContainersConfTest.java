package io.peapod.config;

import io.peapod.config.ContainersConf.SubnetPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** containers.conf's network keys as containers/common 0.50 (podman 4.3.1) decodes and validates them; messages captured from podman. */
class ContainersConfTest {
    private static final Path F = Path.of("/tmp/x.conf");
    private static final String DECODE = "reading system config \"/tmp/x.conf\": decode configuration /tmp/x.conf: ";

    @TempDir
    Path dir;

    private static ContainersConf parse(String text) {
        return ContainersConf.parse(F, text);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void withoutFilesPodmansDefaults() {
        ContainersConf c = ContainersConf.load(List.of());
        assertThat(c).isEqualTo(ContainersConf.DEFAULTS);
        assertThat(c.defaultNetwork()).isEqualTo("podman");
        assertThat(c.defaultSubnet()).isEqualTo("10.88.0.0/16");
        assertThat(c.defaultSubnetPools()).containsExactly(new SubnetPool("10.89.0.0/16", 24), new SubnetPool("10.90.0.0/15", 24),
                new SubnetPool("10.92.0.0/14", 24), new SubnetPool("10.96.0.0/11", 24), new SubnetPool("10.128.0.0/9", 24));
    }

    @Test
    void theNetworkTableAndTheContainersKeysForNetworkFiles() {
        ContainersConf c = parse("""
                [containers]
                dns_servers = ["1.2.3.4", "5.6.7.8"]
                dns_searches = ["example.com"]
                dns_options = ["ndots:3", "timeout:2"]
                base_hosts_file = "/etc/myhosts"
                pids_limit = 100
                [network]
                network_config_dir = "/srv/nets"
                default_network = "mynet"
                default_subnet = "10.77.0.0/16"
                default_subnet_pools = [
                  {"base" = "10.50.0.0/16", "size" = 24},
                  {"base" = "10.60.0.5/15", "size" = 25},
                ]
                default_rootless_network_cmd = "slirp4netns"
                """);
        assertThat(c).isEqualTo(new ContainersConf("/srv/nets", "mynet", "10.77.0.0/16",
                List.of(new SubnetPool("10.50.0.0/16", 24), new SubnetPool("10.60.0.5/15", 25)),
                List.of("1.2.3.4", "5.6.7.8"), List.of("example.com"), List.of("ndots:3", "timeout:2"), "/etc/myhosts", 100));
    }

    @Test
    void anEmptyDefaultNetworkIsPodmanAndAnEmptyPoolListHasNoPools() {
        ContainersConf c = parse("[network]\ndefault_network = \"\"\ndefault_subnet_pools = []\n");
        assertThat(c.defaultNetwork()).isEqualTo("podman");
        assertThat(c.defaultSubnetPools()).isEmpty();
    }

    @Test
    void aPoolThatOmitsAKeyKeepsThatOfThePoolBeforeItInTheSamePlace() {
        // BurntSushi/toml decodes the array onto Go's default slice while it fits its capacity (5)
        ContainersConf c = parse("[network]\ndefault_subnet_pools = [{\"base\" = \"10.50.0.0/16\", \"size\" = 26}, {\"size\" = 25},"
                + " {\"base\" = \"10.70.0.0/16\"}]\n");
        assertThat(c.defaultSubnetPools()).containsExactly(new SubnetPool("10.50.0.0/16", 26), new SubnetPool("10.90.0.0/15", 25),
                new SubnetPool("10.70.0.0/16", 24));
        // six pools do not fit: all start from zero, and a pool without size is refused (podman: same message)
        StringBuilder six = new StringBuilder("[network]\ndefault_subnet_pools = [");
        for (int i = 0; i < 6; i++) six.append("{\"base\" = \"10.5").append(i).append(".0.0/16\"},");
        assertThatThrownBy(() -> parse(six + "]\n")).isInstanceOf(ContainersConfException.class)
                .hasMessage("validating network configs invalid subnet pool, size is bigger than subnet \"10.50.0.0/16\"");
    }

    @Test
    void laterFilesSetOnlyTheirKeysAndPoolsInheritFromTheEarlierFilesArray() throws IOException {
        Path a = write("a.conf", "[network]\ndefault_network = \"one\"\ndefault_subnet_pools = [{\"base\" = \"10.50.0.0/16\", \"size\" = 26}]\n"
                + "[containers]\ndns_servers = [\"9.9.9.9\"]\n");
        Path b = write("b.conf", "[network]\ndefault_subnet = \"10.77.0.0/16\"\n"
                + "default_subnet_pools = [{\"base\" = \"10.51.0.0/16\"}, {\"base\" = \"10.52.0.0/16\"}]\n");
        ContainersConf c = ContainersConf.load(List.of(a, b));
        assertThat(c.defaultNetwork()).isEqualTo("one");
        assertThat(c.defaultSubnet()).isEqualTo("10.77.0.0/16");
        assertThat(c.dnsServers()).containsExactly("9.9.9.9");
        assertThat(c.defaultSubnetPools()).containsExactly(new SubnetPool("10.51.0.0/16", 26), new SubnetPool("10.52.0.0/16", 24));
    }

    @Test
    void containersConfAloneWhenSetAndAnErrorWhenMissing() throws IOException {
        Path conf = write("c.conf", "");
        assertThat(ContainersConf.files(Map.of("CONTAINERS_CONF", conf.toString()), false)).containsExactly(conf);
        assertThatThrownBy(() -> ContainersConf.files(Map.of("CONTAINERS_CONF", "/nonexistent"), false))
                .isInstanceOf(ContainersConfException.class)
                .hasMessage("finding config on system: CONTAINERS_CONF file: stat /nonexistent: no such file or directory");
    }

    @Test
    void aRootlessUserAddsTheirOwnFileAndItsDropIns() throws IOException {
        Path user = write("cfg/containers/containers.conf", "");
        Path dropIn = write("cfg/containers/containers.conf.d/10-a.conf", "");
        write("cfg/containers/containers.conf.d/ignored.txt", "");
        List<Path> files = ContainersConf.files(Map.of("XDG_CONFIG_HOME", dir.resolve("cfg").toString()), true);
        assertThat(files).endsWith(user, dropIn);
        assertThat(ContainersConf.files(Map.of("XDG_CONFIG_HOME", dir.resolve("cfg").toString()), false)).doesNotContain(user);
    }

    @Test
    void badPoolsFailWithPodmansMessages() {
        Map<String, String> cases = Map.of(
                "[{\"base\" = \"10.50.0.7/24\", \"size\" = 16}]",
                "validating network configs invalid subnet pool, size is bigger than subnet \"10.50.0.7/24\"",
                "[{\"base\" = \"10.50.0.0/24\", \"size\" = 40}]", "validating network configs invalid subnet pool size, must be between 0-32",
                "[{\"base\" = \"fd00:0::/64\", \"size\" = 80}]", "validating network configs invalid subnet pool ip \"fd00::\"",
                "[{\"base\" = \"bogus\", \"size\" = 24}]", DECODE + "invalid CIDR address: bogus",
                "[{\"base\" = \"010.50.0.7/24\", \"size\" = 24}]", DECODE + "invalid CIDR address: 010.50.0.7/24",
                "[{\"base\" = 5}]", DECODE + "invalid CIDR address: 5",
                "[{\"base\" = \"10.1.0.0/16\", \"size\" = 1.5}]", DECODE + "toml: line 2 (last key \"network.default_subnet_pools.size\"): "
                        + "incompatible types: TOML value has type float64; destination has type integer",
                "[1]", DECODE + "toml: line 2 (last key \"network.default_subnet_pools\"): "
                        + "type mismatch for config.SubnetPool: expected table but found int64",
                "\"x\"", DECODE + "toml: line 2 (last key \"network.default_subnet_pools\"): "
                        + "incompatible types: TOML value has type string; destination has type slice");
        cases.forEach((pools, message) -> assertThatThrownBy(() -> parse("[network]\ndefault_subnet_pools = " + pools + "\n"))
                .as(pools).isInstanceOf(ContainersConfException.class).hasMessage(message));
    }

    @Test
    void wronglyTypedKeysFailWithBurntSushiTomlsMessages() {
        assertThatThrownBy(() -> parse("[network]\ndefault_network = 5\n")).hasMessage(DECODE
                + "toml: line 2 (last key \"network.default_network\"): incompatible types: TOML value has type int64; destination has type string");
        assertThatThrownBy(() -> parse("[containers]\ndns_servers = \"1.2.3.4\"\n")).hasMessage(DECODE
                + "toml: line 2 (last key \"containers.dns_servers\"): incompatible types: TOML value has type string; destination has type slice");
        assertThatThrownBy(() -> parse("[containers]\npids_limit = \"x\"\n")).hasMessage(DECODE
                + "toml: line 2 (last key \"containers.pids_limit\"): incompatible types: TOML value has type string; destination has type integer");
        assertThatThrownBy(() -> parse("[containers]\n\ndns_options = [1]\n")).hasMessage(DECODE
                + "toml: line 3 (last key \"containers.dns_options\"): incompatible types: TOML value has type int64; destination has type string");
        assertThatThrownBy(() -> parse("[network\n")).isInstanceOf(ContainersConfException.class).hasMessageStartingWith(DECODE + "toml: line 1");
    }

    @Test
    void cidrsAsGoParsesThemForPools() {
        assertThat(ContainersConf.parseCidr("10.1.2.3/8")).isEqualTo("10.1.2.3/8");
        assertThat(ContainersConf.parseCidr("10.1.2.3/008")).isEqualTo("10.1.2.3/8");
        assertThat(ContainersConf.parseCidr("FD00:0:0::1/64")).isEqualTo("fd00::1/64");
        for (String bad : List.of("10.1.2.3", "10.1.2.3/33", "10.1.2/24", "host/24", "10.01.2.3/24", "256.1.1.1/8", "fd00::/129", "x:y/64")) {
            assertThat(ContainersConf.parseCidr(bad)).as(bad).isNull();
        }
    }
}
