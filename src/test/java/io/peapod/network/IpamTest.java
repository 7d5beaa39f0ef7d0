package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.state.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import io.peapod.state.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpamTest {
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

    private static String allocate(Database db, String network, String cidr, String gateway, String container) {
        return db.transaction(c -> Ipam.allocate(c, network, Ipam.Subnet4.parse(cidr), gateway, container));
    }

    @Test
    void givesTheNextAddressAfterTheLastOneAsPodmanDoesAndWrapsAround(@TempDir Path dir) {
        try (Database db = db(dir, "c1", "c2", "c3", "c4", "c5")) {
            assertThat(allocate(db, "pnet", "10.89.0.0/24", "10.89.0.1", "c1")).isEqualTo("10.89.0.2");
            assertThat(allocate(db, "pnet", "10.89.0.0/24", "10.89.0.1", "c2")).isEqualTo("10.89.0.3");
            db.transaction(c -> {
                Ipam.release(c, "pnet", "c1");
                return null;
            });
            // .2 is free again, but podman goes on after the last address it gave
            assertThat(allocate(db, "pnet", "10.89.0.0/24", "10.89.0.1", "c3")).isEqualTo("10.89.0.4");
            // another network counts on its own
            assertThat(allocate(db, "other", "10.89.1.0/24", "10.89.1.1", "c3")).isEqualTo("10.89.1.2");
            // at the end of the subnet it starts again from the bottom, skipping what is taken
            db.transaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE network_last_address SET address = '10.89.0.254' WHERE network = 'pnet'");
                }
                return null;
            });
            assertThat(allocate(db, "pnet", "10.89.0.0/24", "10.89.0.1", "c4")).isEqualTo("10.89.0.2");
        }
    }

    @Test
    void aFullSubnetAndATakenAddressAreRefusedInPodmansWords(@TempDir Path dir) {
        try (Database db = db(dir, "c1", "c2", "c3")) {
            // a /30 with its gateway: one address left
            assertThat(allocate(db, "tiny", "10.0.0.0/30", "10.0.0.1", "c1")).isEqualTo("10.0.0.2");
            assertThatThrownBy(() -> allocate(db, "tiny", "10.0.0.0/30", "10.0.0.1", "c2"))
                    .isInstanceOf(EngineException.class)
                    .hasMessage("IPAM error: failed to find free IP in range: 10.0.0.1 - 10.0.0.2");

            Ipam.Subnet4 s = Ipam.Subnet4.parse("10.89.0.0/24");
            db.transaction(c -> {
                Ipam.reserve(c, "pnet", s, "10.89.0.7", "c1");
                return null;
            });
            assertThatThrownBy(() -> db.transaction(c -> {
                Ipam.reserve(c, "pnet", s, "10.89.0.7", "c2");
                return null;
            })).hasMessage("IPAM error: requested ip address 10.89.0.7 is already allocated to container ID c1");
            assertThatThrownBy(() -> db.transaction(c -> {
                Ipam.reserve(c, "pnet", s, "10.90.0.7", "c2");
                return null;
            })).hasMessage("IPAM error: requested ip address 10.90.0.7 is not in any subnet of network pnet");

            // removing the container frees its addresses, even without a network teardown
            db.transaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM containers WHERE id = 'c1'");
                }
                return null;
            });
            db.transaction(c -> {
                Ipam.reserve(c, "pnet", s, "10.89.0.7", "c3");
                return null;
            });
        }
    }

    @Test
    void parsesSubnetsAndRefusesBadOnes() {
        assertThat(Ipam.Subnet4.parse("10.89.0.77/24").toString()).isEqualTo("10.89.0.0/24");
        assertThat(Ipam.Subnet4.parse("10.88.0.0/16").contains("10.88.255.254")).isTrue();
        assertThat(Ipam.Subnet4.parse("10.88.0.0/16").contains("10.89.0.1")).isFalse();
        for (String bad : new String[] {"10.89.0.0", "10.89.0.0/33", "10.89.0/24", "10.256.0.0/16", "a.b.c.d/8"}) {
            assertThatThrownBy(() -> Ipam.Subnet4.parse(bad)).as(bad).isInstanceOf(EngineException.class);
        }
    }
}
