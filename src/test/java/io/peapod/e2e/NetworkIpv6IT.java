package io.peapod.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containers on dual-stack networks ({@code network create --ipv6}: an IPv4 and an IPv6 subnet, as podman makes
 * them): each container gets an address of each, netavark puts both on its interface, inspect and /etc/hosts show
 * them as podman 4.3.1 does, {@code --ip6} pins one, and containers talk over IPv6. Networks are made in a scratch
 * config directory; the traffic stays between the test's own containers. A host without IPv6 fails the test.
 */
class NetworkIpv6IT extends NetworkedStoreTest {
    /** busybox httpd answering "hi6" on port 80 of every address, IPv6 included. */
    private static final String[] WEB = {"sh", "-c", "echo hi6 > /tmp/i.html && exec httpd -f -p [::]:80 -h /tmp"};

    @BeforeEach
    void setUp() throws Exception {
        Path v6 = Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6");
        assertThat(Files.exists(v6)).as("this kernel has no IPv6 (%s missing): IPv6 networks cannot work here", v6).isTrue();
        assertThat(Files.readString(v6).strip()).as("IPv6 is disabled on this host (%s is 1)", v6).isEqualTo("0");
    }

    private String start(String name, String network, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", network));
        args.addAll(List.of(extra));
        args.add("localhost/busybox");
        args.addAll(List.of(WEB));
        return ok(args.toArray(String[]::new)).out().strip();
    }

    /** The network's IPv6 subnet and its gateway, as {@code network inspect} shows them. */
    private String[] v6Subnet(String network) {
        String out = ok("network", "inspect", "--format", "{{range .Subnets}}{{.Subnet}} {{.Gateway}}\n{{end}}", network).out();
        for (String line : out.split("\n")) {
            if (line.contains(":")) {
                return line.strip().split(" ");
            }
        }
        throw new AssertionError("network create --ipv6 made no IPv6 subnet: " + out);
    }

    private String field(String container, String network, String field) {
        return ok("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + network + "\")." + field + "}}", container)
                .out().strip();
    }

    private static boolean inSubnet(String address, String cidr) throws Exception {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        BigInteger net = new BigInteger(1, InetAddress.getByName(cidr.substring(0, slash)).getAddress());
        BigInteger a = new BigInteger(1, InetAddress.getByName(address).getAddress());
        return a.shiftRight(128 - prefix).equals(net.shiftRight(128 - prefix));
    }

    @Test
    void containersOnADualStackNetworkGetAnAddressOfEachFamilyAndTalkOverIpv6() throws Exception {
        ok("network", "create", "--ipv6", "dual");
        String[] subnet = v6Subnet("dual");
        String site = start("site", "dual");
        String client = start("client", "dual");

        String siteIp = field(site, "dual", "GlobalIPv6Address");
        String clientIp = field(client, "dual", "GlobalIPv6Address");
        assertThat(siteIp).isNotEqualTo(clientIp).isNotEqualTo(subnet[1]);
        assertThat(inSubnet(siteIp, subnet[0])).as("%s in %s", siteIp, subnet[0]).isTrue();
        assertThat(inSubnet(clientIp, subnet[0])).as("%s in %s", clientIp, subnet[0]).isTrue();
        assertThat(field(site, "dual", "GlobalIPv6PrefixLen")).isEqualTo("64");
        assertThat(field(site, "dual", "IPv6Gateway")).isEqualTo(subnet[1]);
        assertThat(field(site, "dual", "IPAddress")).startsWith("10.");   // and the IPv4 one beside it

        // netavark put the address on the interface
        assertThat(ok("exec", site, "ip", "-6", "addr", "show", "eth0").out()).contains("inet6 " + siteIp + "/64 scope global");
        // /etc/hosts: a line per address, as podman writes it; aardvark-dns on both gateways in resolv.conf
        String hosts = ok("exec", client, "cat", "/etc/hosts").out();
        assertThat(hosts).contains(field(client, "dual", "IPAddress") + "\t" + client.substring(0, 12) + " client\n"
                + clientIp + "\t" + client.substring(0, 12) + " client\n");
        assertThat(ok("exec", client, "cat", "/etc/resolv.conf").out()).contains("nameserver " + subnet[1] + "\n");

        Peapod.Result get = run("exec", client, "wget", "-qO-", "http://[" + siteIp + "]/i.html");
        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(get.out()).isEqualTo("hi6\n");

        // removing the containers leaves no namespace behind
        String siteNs = ok("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", site).out().strip();
        String clientNs = ok("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", client).out().strip();
        assertThat(siteNs).startsWith("/run/netns/");
        assertThat(Path.of(siteNs)).exists();
        ok("rm", "-f", "-t", "0", site, client);
        assertThat(Path.of(siteNs)).doesNotExist();
        assertThat(Path.of(clientNs)).doesNotExist();
    }

    @Test
    void ip6PinsAnAddressOnceAndOnlyInsideTheNetwork() throws Exception {
        ok("network", "create", "--ipv6", "dual");
        ok("network", "create", "--ipv6", "second");
        ok("network", "create", "plain");
        String[] subnet = v6Subnet("dual");
        String base = subnet[0].substring(0, subnet[0].indexOf("::/"));
        String pinned = base + "::77";

        String first = start("first", "dual", "--ip6", pinned);
        assertThat(field(first, "dual", "GlobalIPv6Address")).isEqualTo(pinned);
        assertThat(ok("exec", first, "ip", "-6", "addr", "show", "eth0").out()).contains("inet6 " + pinned + "/64 scope global");

        Peapod.Result taken = run("run", "--rm", "--network", "dual", "--ip6", pinned, "localhost/busybox", "true");
        assertThat(taken.code()).as(taken.toString()).isNotZero();
        assertThat(taken.err()).isEqualTo("Error: IPAM error: requested ip address " + pinned
                + " is already allocated to container ID " + first + "\n");
        Peapod.Result outside = run("run", "--rm", "--network", "plain", "--ip6", pinned, "localhost/busybox", "true");
        assertThat(outside.code()).as(outside.toString()).isNotZero();
        assertThat(outside.err()).isEqualTo("Error: requested static ip " + pinned + " not in any subnet on network plain\n");

        // network connect --ip6 on the running container
        String second = v6Subnet("second")[0];
        String joined = second.substring(0, second.indexOf("::/")) + "::99";
        ok("network", "connect", "--ip6", joined, "second", first);
        assertThat(field(first, "second", "GlobalIPv6Address")).isEqualTo(joined);
        assertThat(ok("exec", first, "ip", "-6", "addr").out()).contains("inet6 " + joined + "/64 scope global");
        assertThat(ok("exec", first, "cat", "/etc/hosts").out()).contains(joined + "\t" + first.substring(0, 12) + " first\n");

        // once the container is gone its address is free again
        String ns = ok("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", first).out().strip();
        ok("rm", "-f", "-t", "0", first);
        assertThat(Path.of(ns)).doesNotExist();
        String again = start("again", "dual", "--ip6", pinned);
        assertThat(field(again, "dual", "GlobalIPv6Address")).isEqualTo(pinned);
    }
}
