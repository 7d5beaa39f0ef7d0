package io.peapod.core;

import io.peapod.engine.NetworkRequest.PortMapping;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When does a new container's published port clash with one another container publishes? */
class ContainerNetworkPortsTest {
    private static PortMapping tcp(String ip, int hostPort, int range) {
        return new PortMapping(ip, 80, hostPort, range, "tcp");
    }

    @Test
    void sameAddressAndPortClash() {
        assertThat(ContainerNetwork.firstSharedPort(tcp("127.0.0.1", 8080, 1), tcp("127.0.0.1", 8080, 1))).isEqualTo(8080);
    }

    @Test
    void allAddressesClashWithAnyOne() {
        assertThat(ContainerNetwork.firstSharedPort(tcp("", 8080, 1), tcp("127.0.0.1", 8080, 1))).isEqualTo(8080);
        assertThat(ContainerNetwork.firstSharedPort(tcp("127.0.0.1", 8080, 1), tcp("0.0.0.0", 8080, 1))).isEqualTo(8080);
        assertThat(ContainerNetwork.firstSharedPort(tcp("::", 8080, 1), tcp("::1", 8080, 1))).isEqualTo(8080);
    }

    @Test
    void differentAddressesProtocolsOrPortsDoNot() {
        assertThat(ContainerNetwork.firstSharedPort(tcp("127.0.0.1", 8080, 1), tcp("127.0.0.2", 8080, 1))).isZero();
        assertThat(ContainerNetwork.firstSharedPort(tcp("127.0.0.1", 8080, 1), tcp("127.0.0.1", 8081, 1))).isZero();
        assertThat(ContainerNetwork.firstSharedPort(tcp("", 8080, 1), new PortMapping("", 80, 8080, 1, "udp"))).isZero();
    }

    @Test
    void rangesClashWhereTheyOverlap() {
        assertThat(ContainerNetwork.firstSharedPort(tcp("", 8080, 5), tcp("", 8083, 10))).isEqualTo(8083);
        assertThat(ContainerNetwork.firstSharedPort(tcp("", 8083, 10), tcp("", 8080, 5))).isEqualTo(8083);
        assertThat(ContainerNetwork.firstSharedPort(tcp("", 8080, 3), tcp("", 8083, 1))).isZero();
    }
}
