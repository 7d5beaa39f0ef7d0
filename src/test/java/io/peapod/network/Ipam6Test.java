package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Subnet;
import io.peapod.state.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import io.peapod.state.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IPv6 addresses as podman 4.3.1's libnetwork IPAM gives them (next after the last, no broadcast in v6). */
class Ipam6Test {
    private static Database db(Path dir, String... containers) {
        Database db = Database.open(dir.resolve("state.db"));
        db.transaction(c -> {
            try (Statement st = c.createStatement()) {
                for (String id : containers) {
                    st.executeUpdate("INSERT INTO containers (id, name, image_id, image_name, config, state, created) "
                            + "VALUES ('" + id + "', 'n-" + id + "', 'i', 'img', x'7b7d', 'created', 1)");
                }
            }
            return null;
        });
        return db;
    }

    private static String allocate(Database db, String cidr, String gateway, String container) {
        return db.transaction(c -> Ipam6.allocate(c, "v6", Ipam6.Subnet6.parse(cidr), gateway, null, null, container));
    }

    private static void lastGiven(Database db, String address) {
        db.transaction(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE network_last_address SET address = '" + address + "' WHERE network = 'v6'");
            }
            return null;
        });
    }

    private static List<String> assign(Database db, String network, List<Subnet> subnets, List<String> ips, String id) {
        return db.transaction(c -> Ipam.assign(c, network, subnets, ips, id));
    }

    @Test
    void givesTheNextAddressAfterTheLastSkippingTheGatewayAndGivesTheLastAddressOfTheSubnet(@TempDir Path dir) {
        try (Database db = db(dir, "c1", "c2", "c3", "c4", "c5")) {
            // podman's network create --ipv6: a /64 whose gateway is ::1
            assertThat(allocate(db, "fd74:37ea:aefe:bbea::/64", "fd74:37ea:aefe:bbea::1", "c1"))
                    .isEqualTo("fd74:37ea:aefe:bbea::2");
            assertThat(allocate(db, "fd74:37ea:aefe:bbea::/64", "fd74:37ea:aefe:bbea::1", "c2"))
                    .isEqualTo("fd74:37ea:aefe:bbea::3");
            // IPv6 has no broadcast: the all-ones address is given, then it wraps to the bottom (::1 is the gateway)
            lastGiven(db, "fd74:37ea:aefe:bbea:ffff:ffff:ffff:fffe");
            assertThat(allocate(db, "fd74:37ea:aefe:bbea::/64", "fd74:37ea:aefe:bbea::1", "c3"))
                    .isEqualTo("fd74:37ea:aefe:bbea:ffff:ffff:ffff:ffff");
            assertThat(allocate(db, "fd74:37ea:aefe:bbea::/64", "fd74:37ea:aefe:bbea::1", "c4"))
                    .isEqualTo("fd74:37ea:aefe:bbea::4");
        }
    }

    @Test
    void aGatewayInsideTheRangeIsSkippedAndFreedAddressesWaitForTheirTurn(@TempDir Path dir) {
        try (Database db = db(dir, "c1", "c2", "c3", "c4")) {
            assertThat(allocate(db, "fd00::/125", "fd00::3", "c1")).isEqualTo("fd00::1");
            assertThat(allocate(db, "fd00::/125", "fd00::3", "c2")).isEqualTo("fd00::2");
            assertThat(allocate(db, "fd00::/125", "fd00::3", "c3")).isEqualTo("fd00::4");
            db.transaction(c -> {
                Ipam.release(c, "v6", "c1");
                return null;
            });
            // ::1 is free again, but podman goes on after the last address it gave
            assertThat(allocate(db, "fd00::/125", "fd00::3", "c4")).isEqualTo("fd00::5");
        }
    }

    @Test
    void aFullSubnetIsRefusedInPodmansWords(@TempDir Path dir) {
        try (Database db = db(dir, "c1", "c2", "c3")) {
            // a /126 with its gateway ::1: ::2 and ::3 (the last, no broadcast) are all there is
            assertThat(allocate(db, "fd00::/126", "fd00::1", "c1")).isEqualTo("fd00::2");
            assertThat(allocate(db, "fd00::/126", "fd00::1", "c2")).isEqualTo("fd00::3");
            assertThatThrownBy(() -> allocate(db, "fd00::/126", "fd00::1", "c3"))
                    .isInstanceOf(EngineException.class)
                    .hasMessage("IPAM error: failed to find free IP in range: fd00::1 - fd00::3");
            // a /128 has no address after its subnet address
            assertThatThrownBy(() -> allocate(db, "fd01::/128", null, "c3"))
                    .hasMessage("IPAM error: failed to find free IP in range: fd01::1 - fd01::");
        }
    }

    @Test
    void aStaticAddressIsReservedOnceWhateverItsSpellingAndDoesNotMoveTheLastGiven(@TempDir Path dir) {
        try (Database db = db(dir, "c1", "c2", "c3")) {
            List<Subnet> dual = List.of(new Subnet("10.89.0.0/24", "10.89.0.1", null, null),
                    new Subnet("fd74:37ea:aefe:bbea::/64", "fd74:37ea:aefe:bbea::1", null, null));
            // --ip6 given as Go prints it or not: stored and handed to netavark as Go prints it
            assertThat(assign(db, "pnet", dual, List.of("fd74:37ea:aefe:bbea:0:0:0:0010"), "c1"))
                    .containsExactly("10.89.0.2", "fd74:37ea:aefe:bbea::10");
            assertThatThrownBy(() -> assign(db, "pnet", dual, List.of("fd74:37ea:aefe:bbea::10"), "c2"))
                    .isInstanceOf(EngineException.class)
                    .hasMessage("IPAM error: requested ip address fd74:37ea:aefe:bbea::10 is already allocated to container ID c1");
            // the failed request left nothing behind, and the static address did not move podman's last given
            assertThat(assign(db, "pnet", dual, List.of(), "c2")).containsExactly("10.89.0.3", "fd74:37ea:aefe:bbea::2");
            // both families asked for at once
            assertThat(assign(db, "pnet", dual, List.of("10.89.0.77", "fd74:37ea:aefe:bbea::77"), "c3"))
                    .containsExactly("10.89.0.77", "fd74:37ea:aefe:bbea::77");
        }
    }

    @Test
    void anAddressInNoSubnetOfTheNetworkIsRefusedBeforeAnyIsGiven(@TempDir Path dir) {
        try (Database db = db(dir, "c1")) {
            List<Subnet> v4only = List.of(new Subnet("10.88.0.0/16", "10.88.0.1", null, null));
            assertThatThrownBy(() -> assign(db, "podman", v4only, List.of("fd00::5"), "c1"))
                    .hasMessage("requested static ip fd00::5 not in any subnet on network podman");
            List<Subnet> dual = List.of(new Subnet("10.89.0.0/24", "10.89.0.1", null, null),
                    new Subnet("fd00:1::/64", "fd00:1::1", null, null));
            assertThatThrownBy(() -> assign(db, "pnet", dual, List.of("10.89.0.5", "fd00:2::5"), "c1"))
                    .hasMessage("requested static ip fd00:2::5 not in any subnet on network pnet");
            // nothing was given: 10.89.0.5 is still free
            assertThat(assign(db, "pnet", dual, List.of("10.89.0.5"), "c1")).containsExactly("10.89.0.5", "fd00:1::2");
        }
    }

    @Test
    void aLeaseRangeBoundsTheAddresses(@TempDir Path dir) {
        try (Database db = db(dir, "c1", "c2", "c3")) {
            List<Subnet> ranged = List.of(new Subnet("fd00::/64", "fd00::1", "fd00::1:0", "fd00::1:1"));
            assertThat(assign(db, "r", ranged, List.of(), "c1")).containsExactly("fd00::1:0");
            assertThat(assign(db, "r", ranged, List.of(), "c2")).containsExactly("fd00::1:1");
            assertThatThrownBy(() -> assign(db, "r", ranged, List.of(), "c3"))
                    .hasMessage("IPAM error: failed to find free IP in range: fd00::1:0 - fd00::1:1");
        }
    }

    @Test
    void parsesSubnetsAsGoPrintsThem() {
        assertThat(Ipam6.Subnet6.parse("FD74:37EA:aefe:bbea:1:2:3:4/64").toString()).isEqualTo("fd74:37ea:aefe:bbea::/64");
        assertThat(Ipam6.Subnet6.parse("fd00::/120").contains("fd00::ff")).isTrue();
        assertThat(Ipam6.Subnet6.parse("fd00::/120").contains("fd00::100")).isFalse();
        assertThat(Ipam6.Subnet6.parse("fd00::/120").contains("10.0.0.1")).isFalse();
        assertThat(Ipam6.canonical("fd00:0:0:1:0:0:0:1")).isEqualTo("fd00:0:0:1::1");
        for (String bad : new String[] {"fd00::", "fd00::/129", "10.0.0.0/8", "fd00:::1/64", "x::/64"}) {
            assertThatThrownBy(() -> Ipam6.Subnet6.parse(bad)).as(bad).isInstanceOf(EngineException.class);
        }
    }
}
