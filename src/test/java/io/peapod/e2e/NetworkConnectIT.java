package io.peapod.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What networks do with the containers on them, with real containers, netavark and bridges: {@code network
 * connect/disconnect} on running and stopped containers, {@code reload}, and {@code rm} refusing (or with
 * -f removing) containers that use the network. The networks are the test's own (names of their own, subnets
 * 10.89.200.0/24 to 10.89.202.0/24, isolated from each other so that only a shared network connects two
 * containers) in the network config directory podman shares, removed at the end; the
 * only traffic is between the test's containers on the test's bridges. Ping runs in a privileged exec: this
 * host refuses unprivileged ICMP sockets to podman's containers as well.
 */
class NetworkConnectIT {
    static Peapod peapod;
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String NET_A = "ncit-a-" + SUFFIX;
    static final String NET_B = "ncit-b-" + SUFFIX;
    static final String NET_C = "ncit-c-" + SUFFIX;

    @BeforeAll
    static void setUp() throws Exception {
        peapod = new Peapod();
        peapod.importBusybox();
        peapod.ok("network", "create", "--subnet", "10.89.200.0/24", "-o", "isolate=true", NET_A);
        peapod.ok("network", "create", "--subnet", "10.89.201.0/24", "-o", "isolate=true", NET_B);
        peapod.ok("network", "create", "--subnet", "10.89.202.0/24", "-o", "isolate=true", NET_C);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) {
            peapod.run("rm", "-a", "-f", "-t", "0");
            peapod.run("network", "rm", "-f", NET_A, NET_B, NET_C);
            peapod.close();
        }
    }

    private static String ip(String container, String network) {
        return peapod.ok("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}",
                container).out().strip();
    }

    private static Peapod.Result ping(String from, String ip) {
        return peapod.run("exec", "--privileged", from, "ping", "-c1", "-W1", ip);
    }

    /** The host-side interface indexes of the container's veths ("eth0@if12" inside: 12). */
    private static Set<String> hostPeers(String container) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("eth\\d+@if(\\d+)").matcher(peapod.ok("exec", container, "ip", "addr").out());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> hostInterfaceIndexes() throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            for (Path l : links.toList()) {
                out.add(Files.readString(l.resolve("ifindex")).strip());
            }
        }
        return out;
    }

    @Test
    void aRunningContainerJoinsAndLeavesASecondNetwork() throws Exception {
        peapod.ok("run", "-d", "--name", "web", "--network", NET_B, "busybox", "sleep", "600").out().strip();
        String app = peapod.ok("run", "-d", "--name", "app", "--network", NET_A, "busybox", "sleep", "600").out().strip();
        String webIp = ip("web", NET_B);
        assertThat(webIp).startsWith("10.89.201.");
        assertThat(ping("app", webIp).code()).as("not on the same network yet").isNotZero();

        Peapod.Result connect = peapod.run("network", "connect", "--alias", "api", NET_B, "app");
        assertThat(connect.code()).as(connect.toString()).isZero();
        assertThat(connect.out()).isEmpty();
        String appIp = ip("app", NET_B);
        assertThat(appIp).startsWith("10.89.201.");
        assertThat(peapod.ok("exec", "app", "ip", "addr", "show", "eth1").out()).contains("inet " + appIp + "/24");
        assertThat(peapod.ok("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + NET_B + "\").Aliases}}", "app")
                .out().strip()).isEqualTo("[api " + app.substring(0, 12) + "]");
        assertThat(peapod.ok("exec", "app", "cat", "/etc/hosts").out()).contains(appIp + "\t" + app.substring(0, 12) + " app\n");
        Peapod.Result reached = ping("app", webIp);
        assertThat(reached.code()).as(reached.toString()).isZero();
        assertThat(ping("web", appIp).code()).isZero();
        // the alias is a name on that network's DNS (aardvark-dns, which netavark told)
        assertThat(peapod.ok("exec", "web", "nslookup", "api").out()).contains("Address: " + appIp + "\n");

        Peapod.Result again = peapod.run("network", "connect", NET_B, "app");
        assertThat(again.code()).isEqualTo(125);
        assertThat(again.err()).isEqualTo("Error: container " + app + " is already connected to network \"" + NET_B
                + "\": network is already connected\n");

        // reload makes the same interfaces again: same address, same MAC address, still reachable
        String mac = peapod.ok("exec", "app", "cat", "/sys/class/net/eth1/address").out();
        assertThat(peapod.ok("network", "reload", "app").out()).isEqualTo(app + "\n");
        assertThat(peapod.ok("exec", "app", "cat", "/sys/class/net/eth1/address").out()).isEqualTo(mac);
        assertThat(ip("app", NET_B)).isEqualTo(appIp);
        assertThat(ping("app", webIp).code()).isZero();

        Set<String> peers = new LinkedHashSet<>(hostPeers("app"));
        assertThat(peers).hasSize(2);
        Peapod.Result disconnect = peapod.run("network", "disconnect", NET_B, "app");
        assertThat(disconnect.code()).as(disconnect.toString()).isZero();
        assertThat(peapod.ok("exec", "app", "ip", "addr").out()).doesNotContain("eth1").contains("eth0");
        assertThat(peapod.ok("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "app")
                .out().strip()).isEqualTo(NET_A);
        assertThat(peapod.ok("exec", "app", "cat", "/etc/hosts").out()).doesNotContain(appIp);
        assertThat(ping("app", webIp).code()).as("after disconnect").isNotZero();
        assertThat(peapod.run("exec", "web", "nslookup", "api").code()).as("the alias is gone from DNS").isNotZero();
        Set<String> gone = new HashSet<>(peers);
        gone.removeAll(hostPeers("app"));
        assertThat(gone).hasSize(1);
        assertThat(hostInterfaceIndexes()).as("the veth of the network left").doesNotContainAnyElementsOf(gone);

        Peapod.Result notConnected = peapod.run("network", "disconnect", NET_B, "app");
        assertThat(notConnected.code()).isEqualTo(125);
        assertThat(notConnected.err()).isEqualTo("Error: container app is not connected to network " + NET_B + "\n");

        // the address comes back to the pool: a new connect works again, and the last stop tears all of it down
        assertThat(peapod.run("network", "connect", NET_B, "app").code()).isZero();
        peers = hostPeers("app");
        peers.addAll(hostPeers("web"));
        String appNs = peapod.ok("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", "app").out().strip();
        String webNs = peapod.ok("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", "web").out().strip();
        assertThat(appNs).startsWith("/run/netns/");
        assertThat(Path.of(appNs)).exists();

        Peapod.Result inUse = peapod.run("network", "rm", NET_B);
        assertThat(inUse.code()).isEqualTo(2);
        assertThat(inUse.err()).isEqualTo("Error: \"" + NET_B + "\" has associated containers with it. Use -f to forcibly "
                + "delete containers and pods: network is being used\n");
        assertThat(peapod.ok("network", "ls", "--filter", "dangling=true", "--format", "{{.Name}}").out())
                .doesNotContain(NET_A).doesNotContain(NET_B);

        String bridge = peapod.ok("network", "inspect", "--format", "{{.NetworkInterface}}", NET_B).out().strip();
        assertThat(Path.of("/sys/class/net", bridge)).exists();
        Peapod.Result force = peapod.run("network", "rm", "-f", "-t", "0", NET_B);
        assertThat(force.code()).as(force.toString()).isZero();
        assertThat(force.out()).isEqualTo(NET_B + "\n");
        assertThat(peapod.run("container", "exists", "web").code()).isEqualTo(1);
        assertThat(peapod.run("container", "exists", "app").code()).isEqualTo(1);
        assertThat(peapod.run("network", "exists", NET_B).code()).isEqualTo(1);
        assertThat(peapod.ok("network", "ls", "--filter", "dangling=true", "--format", "{{.Name}}").out()).contains(NET_A);
        assertThat(Path.of(appNs)).doesNotExist();
        assertThat(Path.of(webNs)).doesNotExist();
        assertThat(Path.of("/sys/class/net", bridge)).as("netavark removes the bridge with its last container").doesNotExist();
        assertThat(hostInterfaceIndexes()).as("no veth of the containers is left").doesNotContainAnyElementsOf(peers);
    }

    @Test
    void aStoppedContainerGetsTheNetworkAtItsNextStart() {
        String id = peapod.ok("create", "--name", "later", "--network", NET_A, "busybox", "sleep", "600").out().strip();
        assertThat(peapod.run("network", "connect", "--ip", "10.89.202.77", NET_C, "later").code()).isZero();
        // podman: connecting a created container again is a no-op, as Docker does
        assertThat(peapod.run("network", "connect", NET_C, "later").code()).isZero();
        assertThat(peapod.ok("events", "--until", "+1s", "--filter", "type=network", "--format",
                "{{.Status}} {{.Network}} {{.Name}}").out()).contains("connect " + NET_C + " later\n");
        peapod.ok("start", "later");
        String addrs = peapod.ok("exec", "later", "ip", "addr").out();
        assertThat(addrs).contains("inet 10.89.200.").contains("inet 10.89.202.77/24");
        assertThat(peapod.ok("network", "reload", "--all").out()).contains(id + "\n");

        Peapod.Result noNetwork = peapod.run("network", "connect", "ncit-none-" + SUFFIX, "later");
        assertThat(noNetwork.code()).isEqualTo(125);
        assertThat(noNetwork.err()).isEqualTo("Error: unable to find network with name or ID ncit-none-" + SUFFIX
                + ": network not found\n");
        Peapod.Result badIp = peapod.run("network", "connect", "--ip", "1.2.3", NET_C, "later");
        assertThat(badIp.code()).isEqualTo(125);
        assertThat(badIp.err()).isEqualTo("Error: invalid argument \"1.2.3\" for \"--ip\" flag: failed to parse IP: \"1.2.3\"\n"
                + "See 'peapod network connect --help'\n");
        Peapod.Result badMac = peapod.run("network", "connect", "--mac-address", "zz", NET_A, "later");
        assertThat(badMac.code()).isEqualTo(125);
        assertThat(badMac.err()).isEqualTo("Error: address zz: invalid MAC address\n");
        Peapod.Result noContainer = peapod.run("network", "disconnect", NET_C, "ncit-nobody");
        assertThat(noContainer.code()).isEqualTo(125);
        assertThat(noContainer.err()).isEqualTo("Error: no container with name or ID \"ncit-nobody\" found: no such container\n");

        peapod.ok("stop", "-t", "0", "later");
        Peapod.Result stopped = peapod.run("network", "reload", "later");
        assertThat(stopped.code()).isEqualTo(125);
        assertThat(stopped.err()).isEqualTo("Error: cannot reload network unless container network has been configured: "
                + "container state improper\n");
        assertThat(peapod.run("network", "disconnect", NET_C, "later").code()).isZero();
        assertThat(peapod.run("network", "disconnect", NET_A, "later").code()).isZero();
        Peapod.Result none = peapod.run("network", "disconnect", NET_A, "later");
        assertThat(none.err()).isEqualTo("Error: container " + id + " is not connected to CNI network \"" + NET_A
                + "\": network not found\n");
        peapod.ok("rm", "later");
    }
}
