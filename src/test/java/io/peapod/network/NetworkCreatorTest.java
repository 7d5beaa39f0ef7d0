package io.peapod.network;

import io.peapod.config.ContainersConf.SubnetPool;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.NetworkCreateOptions;
import io.peapod.engine.NetworkEngine.Subnet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Subnet and name allocation and validation as podman 4.3's netavark backend does them. */
class NetworkCreatorTest {
    private static final String NOW = "2026-12-06T21:32:12.894267844Z";

    private static NetworkCreateOptions opts(String name, List<String> subnets, List<String> gateways, List<String> ranges) {
        return new NetworkCreateOptions(name, "bridge", subnets, gateways, ranges, false, false, false, Map.of(), Map.of(), "");
    }

    private static NetworkCreateOptions named(String name) {
        return opts(name, List.of(), List.of(), List.of());
    }

    private static Network bridge(String name, String iface, String subnet) {
        return new Network(name, "0".repeat(64), "bridge", iface, NOW, List.of(new Subnet(subnet, null, null, null)),
                false, false, true, Map.of(), Map.of(), Map.of("driver", "host-local"));
    }

    private static NetworkCreator creator(List<Network> others, List<String> hostSubnets, Set<String> hostIfaces) {
        List<Network> all = new ArrayList<>(others);
        all.add(NetworkStore.defaultNetwork());
        return new NetworkCreator(all, hostSubnets.stream().map(Cidr::parse).toList(), hostIfaces);
    }

    @Test
    void theFirstNetworkGetsTheFirstPoolSubnetItsFirstAddressAsGatewayAndPodman1() {
        Network n = creator(List.of(), List.of(), Set.of()).create(named("n1"), NOW);
        assertThat(n.subnets()).containsExactly(new Subnet("10.89.0.0/24", "10.89.0.1", null, null));
        assertThat(n.networkInterface()).isEqualTo("podman1");
        assertThat(n.dnsEnabled()).isTrue();
        assertThat(n.id()).matches("[0-9a-f]{64}");
        assertThat(n.ipamOptions()).isEqualTo(Map.of("driver", "host-local"));
    }

    @Test
    void subnetsOfOtherNetworksAndOfTheHostAreSkipped() {
        NetworkCreator c = creator(List.of(bridge("a", "podman1", "10.89.0.0/24")),
                List.of("10.89.1.128/25", "192.168.1.0/24"), Set.of());
        assertThat(c.create(named("b"), NOW).subnets().getFirst().subnet()).isEqualTo("10.89.2.0/24");
    }

    @Test
    void aFullPoolIsAnError() {
        NetworkCreator c = creator(List.of(), List.of("10.0.0.0/8"), Set.of());
        assertThatThrownBy(() -> c.create(named("b"), NOW)).hasMessage("could not find free subnet from subnet pools");
    }

    private static NetworkCreator withPools(List<Network> others, List<String> hostSubnets, SubnetPool... pools) {
        List<Network> all = new ArrayList<>(others);
        all.add(NetworkStore.defaultNetwork());
        return new NetworkCreator(all, hostSubnets.stream().map(Cidr::parse).toList(), Set.of(), List.of(pools));
    }

    @Test
    void podmansDefaultPoolsGoOnPast10_89() {
        NetworkCreator c = creator(List.of(), List.of("10.89.0.0/16", "10.90.0.0/16"), Set.of());
        assertThat(c.create(named("b"), NOW).subnets().getFirst().subnet()).isEqualTo("10.91.0.0/24");
    }

    @Test
    void containersConfPoolsAreTakenInOrderEachInItsOwnSize() {
        // as podman 4.3.1 allocated with [{10.50.0.0/30, 31}, {10.60.0.5/23, 24}]: two /31s, then the next pool
        List<Network> made = new ArrayList<>();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Network n = withPools(made, List.of(), new SubnetPool("10.50.0.0/30", 31), new SubnetPool("10.60.0.5/23", 24))
                    .create(named("n" + i), NOW);
            made.add(n);
            got.add(n.subnets().getFirst().subnet() + " " + n.subnets().getFirst().gateway());
        }
        assertThat(got).containsExactly("10.50.0.0/31 10.50.0.1", "10.50.0.2/31 10.50.0.3", "10.60.0.0/24 10.60.0.1",
                "10.60.1.0/24 10.60.1.1");
        assertThatThrownBy(() -> withPools(made, List.of(), new SubnetPool("10.50.0.0/30", 31), new SubnetPool("10.60.0.5/23", 24))
                .create(named("n5"), NOW)).hasMessage("could not find free subnet from subnet pools");
    }

    @Test
    void aPoolSkipsWhatTheHostUsesAndA32IsItsOwnGateway() {
        Network n = withPools(List.of(), List.of("10.50.0.0/25"), new SubnetPool("10.50.0.0/24", 26)).create(named("a"), NOW);
        assertThat(n.subnets()).containsExactly(new Subnet("10.50.0.128/26", "10.50.0.129", null, null));
        Network one = withPools(List.of(), List.of(), new SubnetPool("10.50.0.0/16", 32)).create(named("b"), NOW);
        assertThat(one.subnets()).containsExactly(new Subnet("10.50.0.0/32", "10.50.0.0", null, null));
    }

    @Test
    void withoutPoolsOnlyGivenSubnetsWork() {
        NetworkCreator c = withPools(List.of(), List.of());
        assertThatThrownBy(() -> c.create(named("a"), NOW)).hasMessage("could not find free subnet from subnet pools");
        assertThat(c.create(opts("b", List.of("10.50.0.0/24"), List.of(), List.of()), NOW).subnets()).hasSize(1);
    }

    @Test
    void unnamedNetworksAndBridgesTakeTheFirstPodmanNNoNetworkOrHostInterfaceHas() {
        NetworkCreator c = creator(List.of(bridge("podman2", "podman3", "10.89.0.0/24")), List.of(), Set.of("podman1"));
        Network n = c.create(named(""), NOW);
        assertThat(n.name()).isEqualTo("podman4");
        assertThat(n.networkInterface()).isEqualTo("podman4");
    }

    @Test
    void givenSubnetsAreNormalisedAndGatewaysPairedByPosition() {
        Network n = creator(List.of(), List.of(), Set.of()).create(
                opts("n", List.of("10.50.0.5/24", "10.51.0.0/24"), List.of("10.50.0.9"), List.of("10.50.0.128/25")), NOW);
        assertThat(n.subnets()).containsExactly(new Subnet("10.50.0.0/24", "10.50.0.9", "10.50.0.129", "10.50.0.255"),
                new Subnet("10.51.0.0/24", "10.51.0.1", null, null));
    }

    @Test
    void anIpv6SubnetEnablesIpv6AndIpv6AloneAddsARandomUniqueLocal64() {
        Network given = creator(List.of(), List.of(), Set.of()).create(opts("n", List.of("fd00:1:2:3::/64"), List.of(), List.of()), NOW);
        assertThat(given.ipv6Enabled()).isTrue();
        assertThat(given.subnets()).containsExactly(new Subnet("fd00:1:2:3::/64", "fd00:1:2:3::1", null, null));
        Network random = creator(List.of(), List.of(), Set.of()).create(new NetworkCreateOptions("n", "bridge", List.of(),
                List.of(), List.of(), true, false, false, Map.of(), Map.of(), ""), NOW);
        assertThat(random.subnets()).hasSize(2);
        assertThat(random.subnets().get(1).subnet()).matches("fd[0-9a-f]{2}(:[0-9a-f]{1,4}){3}::/64");
    }

    @Test
    void anInternalNetworkWithoutDnsHasNoGateway() {
        Network n = creator(List.of(), List.of(), Set.of()).create(new NetworkCreateOptions("n", "bridge", List.of(),
                List.of(), List.of(), false, true, true, Map.of(), Map.of(), ""), NOW);
        assertThat(n.subnets()).containsExactly(new Subnet("10.89.0.0/24", null, null, null));
    }

    @Test
    void theNoneIpamDriverMeansNoSubnetsAndNoDns() {
        NetworkCreator c = creator(List.of(), List.of(), Set.of());
        Network n = c.create(new NetworkCreateOptions("n", "bridge", List.of(), List.of(), List.of(), false, false, false,
                Map.of(), Map.of(), "none"), NOW);
        assertThat(n.subnets()).isEmpty();
        assertThat(n.dnsEnabled()).isFalse();
        assertThat(n.ipamOptions()).isEqualTo(Map.of("driver", "none"));
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("n", "bridge", List.of("10.3.0.0/24"), List.of(), List.of(),
                false, false, false, Map.of(), Map.of(), "none"), NOW)).hasMessage("none ipam driver is set but subnets are given");
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("n", "bridge", List.of(), List.of(), List.of(),
                false, false, false, Map.of(), Map.of(), "dhcp"), NOW)).hasMessage("dhcp ipam driver is not yet supported with netavark");
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("n", "bridge", List.of(), List.of(), List.of(),
                false, false, false, Map.of(), Map.of(), "foo"), NOW)).hasMessage("unsupported ipam driver \"foo\"");
    }

    @Test
    void podmansErrors() {
        NetworkCreator c = creator(List.of(bridge("a", "podman1", "10.99.0.0/24")), List.of(), Set.of());
        assertThatThrownBy(() -> c.create(named("a"), NOW)).isInstanceOf(EngineException.class)
                .hasMessage("network name a already used: network already exists");
        assertThatThrownBy(() -> c.create(named("podman"), NOW))
                .hasMessage("network name podman already used: network already exists");
        assertThatThrownBy(() -> c.create(named("-x"), NOW))
                .hasMessage("network name -x invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        assertThatThrownBy(() -> c.create(opts("b", List.of("10.99.0.128/25"), List.of(), List.of()), NOW))
                .hasMessage("subnet 10.99.0.128/25 is already used on the host or by another config");
        assertThatThrownBy(() -> c.create(opts("b", List.of("10.98.0.300/24"), List.of(), List.of()), NOW))
                .hasMessage("invalid CIDR address: 10.98.0.300/24");
        assertThatThrownBy(() -> c.create(opts("b", List.of("10.98.0.0/24"), List.of("10.97.0.1"), List.of()), NOW))
                .hasMessage("gateway 10.97.0.1 not in subnet 10.98.0.0/24");
        assertThatThrownBy(() -> c.create(opts("b", List.of(), List.of("10.97.0.1"), List.of()), NOW))
                .hasMessage("cannot set gateway or range without subnet");
        assertThatThrownBy(() -> c.create(opts("b", List.of("10.70.0.0/24"), List.of(), List.of("10.71.0.0/28")), NOW))
                .hasMessage("lease range start ip 10.71.0.1 not in subnet 10.70.0.0/24");
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("b", "ipvlan", List.of(), List.of(), List.of(),
                false, false, false, Map.of(), Map.of(), ""), NOW)).hasMessage("unsupported driver ipvlan: invalid argument");
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("b", "bridge", List.of(), List.of(), List.of(),
                false, false, false, Map.of(), Map.of("foo", "bar"), ""), NOW)).hasMessage("unsupported bridge network option foo");
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("b", "macvlan", List.of(), List.of(), List.of(),
                false, false, false, Map.of(), Map.of(), ""), NOW))
                .hasMessage("macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark");
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("b", "macvlan", List.of("10.40.0.0/24"), List.of(), List.of(),
                false, false, false, Map.of(), Map.of("parent", "nonexist"), ""), NOW)).hasMessage("parent interface nonexist does not exist");
        assertThatThrownBy(() -> c.create(opts("b", List.of("10.40.0.0/24"), List.of("10.40.0.1", "10.40.0.2"), List.of()), NOW))
                .hasMessage("cannot set more gateways than subnets");
        assertThatThrownBy(() -> c.create(new NetworkCreateOptions("b", "bridge", List.of(), List.of(), List.of(),
                false, false, false, Map.of(), Map.of("mtu", "-5"), ""), NOW)).hasMessage("mtu -5 is less than zero");
    }

    @Test
    void aMacvlanNetworkTakesItsParentAsInterfaceAndIsNotCheckedForOverlap() {
        NetworkCreator c = creator(List.of(bridge("a", "podman1", "10.99.0.0/24")), List.of(), Set.of("eth0"));
        Network n = c.create(new NetworkCreateOptions("m", "macvlan", List.of("10.99.0.0/24"), List.of(), List.of(),
                false, false, false, Map.of(), Map.of("parent", "eth0", "mode", "bridge"), ""), NOW);
        assertThat(n.networkInterface()).isEqualTo("eth0");
        assertThat(n.options()).isEqualTo(Map.of("mode", "bridge"));
    }

    @Test
    void theFileIsPodmansMarshalIndentWithFiveSpacesAndReadsBack() {
        Network n = new Network("n2", "ab".repeat(32), "bridge", "podman2", NOW,
                List.of(new Subnet("10.95.0.0/24", "10.95.0.1", "10.95.0.129", "10.95.0.255")), false, false, true,
                Map.of("a", "b"), Map.of("mtu", "1400"), Map.of("driver", "host-local"));
        String text = new String(NetworkFile.write(n), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("""
                {
                     "name": "n2",
                     "id": "%s",
                     "driver": "bridge",
                     "network_interface": "podman2",
                     "created": "%s",
                     "subnets": [
                          {
                               "subnet": "10.95.0.0/24",
                               "gateway": "10.95.0.1",
                               "lease_range": {
                                    "start_ip": "10.95.0.129",
                                    "end_ip": "10.95.0.255"
                               }
                          }
                     ],
                     "ipv6_enabled": false,
                     "internal": false,
                     "dns_enabled": true,
                     "labels": {
                          "a": "b"
                     },
                     "options": {
                          "mtu": "1400"
                     },
                     "ipam_options": {
                          "driver": "host-local"
                     }
                }
                """.formatted("ab".repeat(32), NOW));
        assertThat(NetworkFile.read(NetworkFile.write(n))).isEqualTo(n);
    }

    @Test
    void theDefaultNetworksIdIsTheSha256OfItsName() {
        assertThat(NetworkStore.defaultNetwork().id()).isEqualTo("2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9");
    }

    @Test
    void cidrsAsGoWritesThem() {
        assertThat(Cidr.parse("fd00:0:0:1::5/64").toString()).isEqualTo("fd00:0:0:1::/64");
        assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
        for (String bad : List.of("10.1.2.3", "10.1.2.3/33", "10.1.2/24", "host/24", "10.01.2.3/24", "10.1.2.3/")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).hasMessage("invalid CIDR address: " + bad);
        }
    }

    @Test
    void untilValuesAsPodmanReadsThem() {
        java.time.Instant now = java.time.Instant.parse("2026-12-06T12:00:00Z");
        assertThat(Until.parse("1h30m", now)).isEqualTo(java.time.Instant.parse("2026-12-06T10:30:00Z"));
        assertThat(Until.parse("1893456000", now)).isEqualTo(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(Until.parse("2030-01-01T00:00:00+01:00", now)).isEqualTo(java.time.Instant.parse("2029-12-31T23:00:00Z"));
        assertThatThrownBy(() -> Until.parse("1x", now)).hasMessage("failed to parse value as time or duration: \"1x\"");
    }
}
