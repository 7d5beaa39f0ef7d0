package io.peapod.network;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * podman 4.3.1's edits on connect and disconnect, captured here: a container c5 (short id 5b0e389ac88e) on
 * ncB (10.89.211.4) connected to ncE (10.89.213.2, DNS at 10.89.213.1), then disconnected from it.
 */
class EtcFileEditsTest {
    private static final String HOSTS = "127.0.0.1\tlocalhost\n127.0.0.1\trunsc\n127.0.0.1\tvm\n"
            + "10.89.211.1\thost.containers.internal\n10.89.211.4\t5b0e389ac88e c5\n";
    private static final String CONNECTED_HOSTS = HOSTS + "10.89.213.2\t5b0e389ac88e c5\n";
    private static final String RESOLV = "search dns.podman\nnameserver 10.89.211.1\nnameserver 10.255.255.53\n";
    private static final String CONNECTED_RESOLV = "search dns.podman\nnameserver 10.89.213.1\nnameserver 10.89.211.1\n"
            + "nameserver 10.255.255.53\n";

    @Test
    void connectAppendsTheAddressAndPutsTheNetworksDnsFirst() {
        var entries = EtcFileEdits.entries(List.of("10.89.213.2"), "5b0e389ac88e", "c5");
        assertThat(EtcFileEdits.addHosts(HOSTS, entries)).isEqualTo(CONNECTED_HOSTS);
        assertThat(EtcFileEdits.addNameservers(RESOLV, List.of("10.89.213.1"))).isEqualTo(CONNECTED_RESOLV);
    }

    @Test
    void disconnectTakesThemOutAgain() {
        var entries = EtcFileEdits.entries(List.of("10.89.213.2"), "5b0e389ac88e", "c5");
        assertThat(EtcFileEdits.removeHosts(CONNECTED_HOSTS, entries)).isEqualTo(HOSTS);
        assertThat(EtcFileEdits.removeNameservers(CONNECTED_RESOLV, List.of("10.89.213.1"))).isEqualTo(RESOLV);
    }

    @Test
    void aServerAlreadyThereIsNotAddedTwiceAndAFileWithoutServersGetsThemAtTheEnd() {
        assertThat(EtcFileEdits.addNameservers(RESOLV, List.of("10.89.211.1"))).isEqualTo(RESOLV);
        assertThat(EtcFileEdits.addNameservers("search x\n", List.of("10.0.0.1"))).isEqualTo("search x\nnameserver 10.0.0.1\n");
    }

    @Test
    void onlyTheExactEntryGoesAndAHostnameEqualToTheNameIsWrittenTwice() {
        // podman 4.3.1: run --name hh --hostname hh --network c1; network connect c2 hh gives "10.89.230.2\thh hh"
        String hosts = "10.0.0.2\tother c5\n10.0.0.2\tc5 c5\n";
        assertThat(EtcFileEdits.removeHosts(hosts, EtcFileEdits.entries(List.of("10.0.0.2"), "c5", "c5")))
                .isEqualTo("10.0.0.2\tother c5\n");
        assertThat(EtcFileEdits.addHosts("", EtcFileEdits.entries(List.of("10.0.0.3"), "c5", "c5"))).isEqualTo("10.0.0.3\tc5 c5\n");
    }
}
