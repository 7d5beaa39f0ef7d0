package io.peapod.network;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The files podman 4.3.1 wrote on this machine (captured in a container), rebuilt from the same inputs. */
class EtcFilesTest {
    private static final String HOST_HOSTS = "127.0.0.1 localhost\n127.0.0.1 runsc\n127.0.0.1 vm\n";
    private static final EtcFiles.Resolv HOST_RESOLV = EtcFiles.parseResolv("nameserver 10.255.255.53\n");

    @Test
    void theDefaultNetwork() {
        assertThat(EtcFiles.hosts(List.of(), EtcFiles.parseHosts(HOST_HOSTS), "10.88.0.1",
                List.of(new EtcFiles.HostEntry("10.88.0.6", List.of("ca654d5ce85b", "c1")))))
                .isEqualTo("127.0.0.1\tlocalhost\n127.0.0.1\trunsc\n127.0.0.1\tvm\n10.88.0.1\thost.containers.internal\n"
                        + "10.88.0.6\tca654d5ce85b c1\n");
        assertThat(EtcFiles.resolvConf(HOST_RESOLV, List.of(), List.of(), List.of(), List.of(), List.of()))
                .isEqualTo("nameserver 10.255.255.53\n");
    }

    @Test
    void hostnameAddHostAndDnsFlags() {
        List<EtcFiles.HostEntry> added = List.of(new EtcFiles.HostEntry("10.1.2.3", List.of("db")));
        assertThat(EtcFiles.hosts(added, EtcFiles.parseHosts(HOST_HOSTS), "10.88.0.1",
                List.of(new EtcFiles.HostEntry("10.88.0.7", List.of("myhost", "c2")))))
                .isEqualTo("10.1.2.3\tdb\n127.0.0.1\tlocalhost\n127.0.0.1\trunsc\n127.0.0.1\tvm\n"
                        + "10.88.0.1\thost.containers.internal\n10.88.0.7\tmyhost c2\n");
        assertThat(EtcFiles.resolvConf(HOST_RESOLV, List.of("1.1.1.1"), List.of("example.com"), List.of("ndots:2"),
                List.of(), List.of()))
                .isEqualTo("search example.com\nnameserver 1.1.1.1\noptions ndots:2\n");
    }

    @Test
    void localhostIsAddedAndTakenNamesAreDropped() {
        // podman 4.3.1: run --name hh --hostname vm --add-host localhost:9.9.9.9; --network none
        assertThat(EtcFiles.hosts(List.of(new EtcFiles.HostEntry("9.9.9.9", List.of("localhost"))),
                EtcFiles.parseHosts(HOST_HOSTS), "10.88.0.1", List.of(new EtcFiles.HostEntry("10.88.1.107", List.of("vm", "hh")))))
                .isEqualTo("9.9.9.9\tlocalhost\n127.0.0.1\tlocalhost\n127.0.0.1\trunsc\n127.0.0.1\tvm\n"
                        + "10.88.0.1\thost.containers.internal\n10.88.1.107\thh\n");
        assertThat(EtcFiles.hosts(List.of(), List.of(), "192.0.2.2", List.of(new EtcFiles.HostEntry("127.0.0.1", List.of("h", "h")))))
                .isEqualTo("127.0.0.1\tlocalhost\n::1\tlocalhost\n192.0.2.2\thost.containers.internal\n127.0.0.1\th h\n");
        assertThat(EtcFiles.add("1.1.1.1\tx\n127.0.0.1\toh other\n", List.of(new EtcFiles.HostEntry("127.0.0.1", List.of("c", "other")))))
                .isEqualTo("1.1.1.1\tx\n127.0.0.1\toh other\n127.0.0.1\tc\n");
    }

    @Test
    void aNetworkWithDns() {
        assertThat(EtcFiles.resolvConf(HOST_RESOLV, List.of(), List.of(), List.of(), List.of("10.89.0.1"), List.of("dns.podman")))
                .isEqualTo("search dns.podman\nnameserver 10.89.0.1\nnameserver 10.255.255.53\n");
        // podman 4.3.1, run --network NET --dns 9.9.9.9: the network's search domain goes with its server
        assertThat(EtcFiles.resolvConf(HOST_RESOLV, List.of("9.9.9.9"), List.of(), List.of(), List.of("10.89.0.1"), List.of("dns.podman")))
                .isEqualTo("nameserver 9.9.9.9\n");
    }

    @Test
    void localhostServersDoNotReachIntoTheContainer() {
        EtcFiles.Resolv stub = EtcFiles.parseResolv("# systemd-resolved\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n");
        assertThat(EtcFiles.resolvConf(stub, List.of(), List.of(), List.of(), List.of(), List.of()))
                .isEqualTo("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\noptions edns0 trust-ad\n");
        assertThat(EtcFiles.parseHosts("# comment\n\n10.0.0.1   a b # trailing\n::1 localhost ip6-localhost\n"))
                .containsExactly(new EtcFiles.HostEntry("10.0.0.1", List.of("a", "b")),
                        new EtcFiles.HostEntry("::1", List.of("localhost", "ip6-localhost")));
    }

    @Test
    void aDualStackNetwork() {
        // podman 4.3.1, `network create --ipv6 v6net`, `run --network v6net busybox cat /etc/hosts /etc/resolv.conf`
        assertThat(EtcFiles.hosts(List.of(), EtcFiles.parseHosts(HOST_HOSTS), "10.89.0.1",
                List.of(new EtcFiles.HostEntry("10.89.0.2", List.of("e8fed88565c1", "nice_aryabhata")),
                        new EtcFiles.HostEntry("fd74:37ea:aefe:bbea::2", List.of("e8fed88565c1", "nice_aryabhata")))))
                .isEqualTo("127.0.0.1\tlocalhost\n127.0.0.1\trunsc\n127.0.0.1\tvm\n10.89.0.1\thost.containers.internal\n"
                        + "10.89.0.2\te8fed88565c1 nice_aryabhata\nfd74:37ea:aefe:bbea::2\te8fed88565c1 nice_aryabhata\n");
        assertThat(EtcFiles.resolvConf(HOST_RESOLV, List.of(), List.of(), List.of(),
                List.of("10.89.0.1", "fd74:37ea:aefe:bbea::1"), List.of("dns.podman")))
                .isEqualTo("search dns.podman\nnameserver 10.89.0.1\nnameserver fd74:37ea:aefe:bbea::1\n"
                        + "nameserver 10.255.255.53\n");
    }
}
