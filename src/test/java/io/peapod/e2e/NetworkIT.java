package io.peapod.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containers on real bridges made by netavark: name resolution through aardvark-dns, internal networks,
 * published ports, and nothing left behind after a crash. Networks are made in a scratch config
 * directory; all traffic stays between this host's loopback and the test's own containers.
 */
class NetworkIT extends NetworkedStoreTest {
    /** A web server answering "hi" on port 80 of the container (busybox httpd). */
    private static final String[] WEB = {"sh", "-c", "echo hi > /tmp/i.html && exec httpd -f -p 80 -h /tmp"};

    private String web(String... options) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(List.of(options));
        args.add("localhost/busybox");
        args.addAll(List.of(WEB));
        return ok(args.toArray(String[]::new)).out().strip();
    }

    /** A shell command in a new container on {@code network}; its result. */
    private Peapod.Result sh(String network, String script) {
        return run("run", "--rm", "--network", network, "localhost/busybox", "sh", "-c", script);
    }

    @Test
    void containersOnOneNetworkResolveEachOtherByNameAndOthersDoNot() {
        ok("network", "create", "front");
        ok("network", "create", "back");
        String site = web("--network", "front", "--name", "site");
        // podman 4.3.1 leaves the top-level IPAddress empty on any network but the default one
        String siteIp = ok("inspect", "--format", "{{(index .NetworkSettings.Networks \"front\").IPAddress}}", site).out().strip();
        assertThat(siteIp).startsWith("10.89.");

        Peapod.Result same = sh("front", "wget -qO- http://site/i.html");
        assertThat(same.code()).as(same.toString()).isZero();
        assertThat(same.out()).isEqualTo("hi\n");

        Peapod.Result other = sh("back", "nslookup site");
        assertThat(other.code()).as(other.toString()).isNotZero();
        assertThat(other.out()).doesNotContain(siteIp);
        // the default network has no DNS, as in podman: no aardvark server in resolv.conf
        Peapod.Result plain = run("run", "--rm", "localhost/busybox", "cat", "/etc/resolv.conf");
        assertThat(plain.out()).doesNotContain("dns.podman").doesNotContain("10.88.0.1");
    }

    @Test
    void anInternalNetworkHasNoRouteOut() {
        ok("network", "create", "--internal", "inside");
        ok("network", "create", "outside");
        String hostAddress = hostAddress();
        Peapod.Result in = sh("inside", "ip route; nc -w 2 " + hostAddress + " 9 </dev/null");
        assertThat(in.out()).doesNotContain("default");
        assertThat(in.err()).contains("Network is unreachable");
        Peapod.Result out = sh("outside", "ip route");
        assertThat(out.out()).contains("default via");
    }

    /**
     * A record's generated equals and hashCode are linked through ObjectMethods on their first call, which spins
     * method-handle classes the AOT cache does not keep (~15 ms of a `run -p`): the everyday runs call none of ours.
     */
    @Test
    void everydayRunsLinkNoGeneratedRecordMethods() {
        ok("network", "create", "linknet");
        ok("volume", "create", "linkvol");
        ok("pod", "create", "--name", "linkpod");
        List<List<String>> runs = List.of(
                List.of("run", "-d", "-p", "127.0.0.1::80", "-p", "127.0.0.1::81/udp", "localhost/busybox", "sleep", "60"),
                List.of("run", "--rm", "--network", "linknet", "--network-alias", "a1", "localhost/busybox", "true"),
                List.of("run", "--rm", "-v", "linkvol:/data", "localhost/busybox", "true"),
                List.of("run", "-d", "--pod", "linkpod", "localhost/busybox", "sleep", "60"));
        // Without the AOT cache every call site links at run time, so the trace always has lines (with a valid
        // cache a command may link none); ObjectMethods' are never in the cache, so the finding is the same.
        java.util.Map<String, String> trace = java.util.Map.of("PEAPOD_JVM_OPTS",
                "-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true", "PEAPOD_NO_AOT", "1");
        for (List<String> args : runs) {
            Peapod.Result r = store.runWithEnv(trace, args.toArray(String[]::new));
            assertThat(r.code()).as("%s: %s", args, r.err()).isZero();
            assertThat(r.out()).as("the trace of method linkage is on").contains("linkCallSite");
            List<String> linked = r.out().lines()
                    .filter(l -> l.startsWith("linkCallSite io.peapod.") && l.contains("ObjectMethods.bootstrap"))
                    .map(l -> l.substring(0, l.indexOf(' ', "linkCallSite ".length()))).toList();
            assertThat(linked).as("generated record methods linked by %s", args).isEmpty();
        }
    }

    /** The host's own address on a real interface: where a container without a route out cannot go. */
    private static String hostAddress() {
        Peapod.Result r = Peapod.exec(List.of("ip", "-4", "-o", "route", "get", "192.0.2.254"), null, 10);
        Matcher m = Pattern.compile("src (\\S+)").matcher(r.out());
        assertThat(m.find()).as("ip route get: %s", r).isTrue();
        return m.group(1);
    }

    @Test
    void aPublishedPortAnswersUntilTheContainerIsRemoved() throws Exception {
        int port = LoopbackHttp.freePort();
        String id = web("--name", "site", "-p", "127.0.0.1:" + port + ":80");

        assertThat(LoopbackHttp.get(port)).contains("hi");
        assertThat(ok("port", "site").out()).isEqualTo("80/tcp -> 127.0.0.1:" + port + "\n");
        assertThat(ok("port", "site", "80").out()).isEqualTo("127.0.0.1:" + port + "\n");
        assertThat(ok("ps", "--format", "{{.Ports}}").out()).isEqualTo("127.0.0.1:" + port + "->80/tcp\n");
        assertThat(ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id).out()).startsWith("10.88.");

        // Only a DNAT rule holds the port, yet a second container cannot take it (podman: conmon holds the socket)
        for (String taken : List.of("127.0.0.1:" + port, "0.0.0.0:" + port)) {
            Peapod.Result again = run("run", "-d", "--name", "again", "-p", taken + ":80", "localhost/busybox", "true");
            assertThat(again.code()).as(again.toString()).isEqualTo(126);
            String address = taken.replace("0.0.0.0", "");   // podman binds "" for all addresses, and says so
            assertThat(again.err()).isEqualTo("Error: cannot listen on the TCP port: listen tcp4 " + address
                    + ": bind: address already in use\n");
            ok("rm", "again");
        }

        ok("rm", "-f", "-t", "0", id);
        assertThat(LoopbackHttp.refused(port)).as("port %d after the container is removed", port).isTrue();
    }

    @Test
    void publishAllPicksFreePortsThatPortReports() throws Exception {
        web("--name", "site", "-P", "--expose", "80");
        String line = ok("port", "site").out();
        Matcher m = Pattern.compile("^80/tcp -> 0\\.0\\.0\\.0:(\\d+)\\n$").matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(LoopbackHttp.get(Integer.parseInt(m.group(1)))).contains("hi");
    }

    @Test
    void aKilledConmonLeavesNoNamespaceVethOrRuleAfterTheNextPs() throws Exception {
        int port = LoopbackHttp.freePort();
        ok("network", "create", "crashing");
        String bridge = ok("network", "inspect", "--format", "{{.NetworkInterface}}", "crashing").out().strip();
        String id = web("--network", "crashing", "-p", "127.0.0.1:" + port + ":80");
        Set<String> ours = veths(bridge);
        assertThat(ours).as("the container's veth on bridge %s", bridge).hasSize(1);
        String sandbox = ok("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", id).out().strip();
        String conmon = ok("inspect", "--format", "{{.State.ConmonPid}}", id).out().strip();
        assertThat(Path.of(sandbox)).exists();
        assertThat(firewallRules()).contains(id);

        assertThat(Peapod.exec(List.of("kill", "-9", conmon), null, 10).code()).isZero();
        ok("ps", "-a");

        assertThat(Path.of(sandbox)).doesNotExist();
        assertThat(firewallRules()).doesNotContain(id);
        assertThat(LoopbackHttp.refused(port)).isTrue();
        assertThat(veths(bridge)).isEmpty();
    }

    @Test
    void aStartKilledAfterMakingTheNamespaceLeavesNothingAfterTheNextPs() throws Exception {
        // What a start killed between making the namespace and starting conmon leaves: the namespace and
        // its state file, for a container still in "created".
        String id = ok("create", "localhost/busybox", "true").out().strip();
        String netns = "netns-peapod-it-" + Long.toHexString(System.nanoTime());
        assertThat(Peapod.exec(List.of("ip", "netns", "add", netns), null, 10).code()).isZero();
        Path state = peapod.runroot.resolve("networks").resolve(id + ".json");
        Files.createDirectories(state.getParent());
        Files.writeString(state, "{\"netns\":\"" + netns + "\"}");

        ok("ps", "-a");

        assertThat(Path.of("/run/netns", netns)).doesNotExist();
        assertThat(state).doesNotExist();
    }

    @Test
    void badInputFailsWithPodmansWordsAndLeavesNothing() throws Exception {
        Set<String> namespaces = namespaces();
        Peapod.Result unknown = run("run", "--network", "nosuch", "localhost/busybox", "true");
        assertThat(unknown.code()).isEqualTo(125);
        assertThat(unknown.err()).isEqualTo("Error: unable to find network with name or ID nosuch: network not found\n");
        assertThat(ok("ps", "-aq").out()).isEmpty();

        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            Peapod.Result busy = run("run", "-d", "--name", "busy", "-p", "127.0.0.1:" + port + ":80", "localhost/busybox", "true");
            assertThat(busy.code()).as(busy.toString()).isEqualTo(126);
            assertThat(busy.err()).isEqualTo("Error: cannot listen on the TCP port: listen tcp4 127.0.0.1:" + port
                    + ": bind: address already in use\n");
        }
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = taken.getLocalPort();
            Peapod.Result busy = run("run", "-d", "--name", "busyudp", "-p", port + ":80/udp", "localhost/busybox", "true");
            assertThat(busy.code()).as(busy.toString()).isEqualTo(126);
            assertThat(busy.err()).isEqualTo("Error: cannot listen on the UDP port: listen udp4 :" + port
                    + ": bind: address already in use\n");
        }
        assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).isEqualTo("busy Created\nbusyudp Created\n");
        assertThat(namespaces()).as("network namespaces on the host (others may come and go meanwhile)")
                .isSubsetOf(namespaces);
        Path state = peapod.runroot.resolve("networks");
        if (Files.exists(state)) {
            assertThat(state).isEmptyDirectory();
        }
    }

    // ---- what the host shows ---------------------------------------------------------------------

    private static String firewallRules() {
        Peapod.Result r = Peapod.exec(List.of("iptables-save"), null, 30);
        assertThat(r.code()).as(r.toString()).isZero();
        return r.out();
    }

    /** The host ends of the veth pairs on {@code bridge}; none when the bridge is gone too. */
    private static Set<String> veths(String bridge) {
        Peapod.Result r = Peapod.exec(List.of("ip", "-o", "link", "show", "master", bridge), null, 10);
        return r.out().lines().map(l -> l.split(":")[1].strip()).collect(Collectors.toCollection(java.util.HashSet::new));
    }

    private static Set<String> namespaces() throws IOException {
        Path dir = Path.of("/run/netns");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
