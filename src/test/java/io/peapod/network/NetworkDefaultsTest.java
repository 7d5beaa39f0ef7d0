package io.peapod.network;

import io.peapod.config.ContainersConf;
import io.peapod.config.ContainersConf.SubnetPool;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.NetworkCreateOptions;
import io.peapod.engine.NetworkEngine.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** containers.conf's default_network, default_subnet and default_subnet_pools as the store uses them (podman 4.3.1's behaviour). */
class NetworkDefaultsTest {
    @TempDir
    Path dir;

    private static NetworkDefaults defaults(String name, String subnet, SubnetPool... pools) {
        return NetworkDefaults.of(new ContainersConf("", name, subnet, List.of(pools), List.of(), List.of(), List.of(), "", 2048));
    }

    private static NetworkCreateOptions named(String name) {
        return new NetworkCreateOptions(name, "bridge", List.of(), List.of(), List.of(), false, false, false, Map.of(), Map.of(), "");
    }

    @Test
    void theConfiguredDefaultNetworkReplacesPodmanWithPodmansIdAndTheSubnetsFirstAddress() {
        NetworkStore store = new NetworkStore(dir, defaults("mynet", "10.77.3.4/16"));
        assertThat(store.defaultName()).isEqualTo("mynet");
        assertThat(store.list().stream().map(Network::name)).containsExactly("mynet");
        Network n = store.find("mynet");
        assertThat(n.id()).isEqualTo("2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9");
        assertThat(n.networkInterface()).isEqualTo("podman0");
        assertThat(n.subnets()).containsExactly(new Subnet("10.77.0.0/16", "10.77.0.1", null, null));
        assertThat(n.dnsEnabled()).isFalse();
        assertThat(n.ipv6Enabled()).isFalse();
        assertThatThrownBy(() -> store.find("podman")).hasMessage("unable to find network with name or ID podman: network not found");
        assertThatThrownBy(() -> store.remove("mynet")).hasMessage("default network mynet cannot be removed");
    }

    @Test
    void anIpv6DefaultSubnetMakesAnIpv6Network() {
        Network n = new NetworkStore(dir, defaults("podman", "fd00:1::/64")).find("podman");
        assertThat(n.subnets()).containsExactly(new Subnet("fd00:1::/64", "fd00:1::1", null, null));
        assertThat(n.ipv6Enabled()).isTrue();
    }

    @Test
    void aFileOfTheDefaultsNameWinsAndPodmanJsonIsThenAnOrdinaryNetwork() throws Exception {
        NetworkStore plain = new NetworkStore(dir);
        plain.create(new NetworkCreateOptions("mynet", "bridge", List.of("10.55.0.0/24"), List.of(), List.of(), false, false, false,
                Map.of(), Map.of(), ""));
        new NetworkStore(dir, defaults("other", "10.88.0.0/16")).create(new NetworkCreateOptions("podman", "bridge", List.of("10.56.0.0/24"), List.of(), List.of(), false, false,
                false, Map.of(), Map.of(), ""));
        NetworkStore store = new NetworkStore(dir, defaults("mynet", "10.77.0.0/16"));
        assertThat(store.find("mynet").subnets().getFirst().subnet()).isEqualTo("10.55.0.0/24");
        assertThat(store.remove("podman")).isEqualTo("podman");
        assertThat(Files.exists(dir.resolve("podman.json"))).isFalse();
        // never dangling, never pruned
        assertThat(store.list(List.of("dangling=true"), Set.of()).stream().map(Network::name)).isEmpty();
        assertThat(store.prune(List.of(), Set.of())).isEmpty();
    }

    @Test
    void createAllocatesFromTheConfiguredPoolsAroundTheDefaultNetwork() {
        NetworkStore store = new NetworkStore(dir, defaults("mynet", "10.50.0.0/24", new SubnetPool("10.50.0.0/23", 24),
                new SubnetPool("10.51.0.0/16", 25)));
        assertThat(store.create(named("a")).subnets().getFirst().subnet()).isEqualTo("10.50.1.0/24");
        assertThat(store.create(named("b")).subnets().getFirst().subnet()).isEqualTo("10.51.0.0/25");
        assertThat(store.create(named("c")).subnets().getFirst().subnet()).isEqualTo("10.51.0.128/25");
    }

    @Test
    void podmansErrorsForABadDefaultSubnetOrName() {
        assertThatThrownBy(() -> defaults("podman", "bogus")).isInstanceOf(EngineException.class)
                .hasMessage("failed to parse default subnet: invalid CIDR address: bogus");
        NetworkStore store = new NetworkStore(dir, defaults("bad name!", "10.88.0.0/16"));
        assertThatThrownBy(store::list).hasMessage("failed to create default network bad name!: network name bad name! invalid: "
                + "names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
    }
}
