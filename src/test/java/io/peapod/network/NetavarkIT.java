package io.peapod.network;

import io.peapod.engine.NetworkRequest.PortMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real netavark on a real namespace: a bridge network set up and torn down for a namespace this test
 * makes, a port published on 127.0.0.1 answered by a server inside it. Traffic stays between the host
 * and that namespace.
 */
class NetavarkIT {
    private Path runDir;
    private NetNamespace ns;
    private String net;
    private String bridge;
    private String subnetPrefix;

    private static String sh(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return p.exitValue() + ":" + out;
    }

    @BeforeEach
    void setUp() throws Exception {
        assertThat(System.getProperty("user.name")).as("netavark needs root").isEqualTo("root");
        runDir = Files.createTempDirectory("peapod-netavark-");
        int id = new Random().nextInt(1000);
        net = "peapodit" + id;
        bridge = "pdit" + id;
        String routes = sh("ip", "-4", "route");
        int third = 0;
        for (int i = 1; i < 250; i++) {
            if (!routes.contains("10.231." + i + ".")) {
                third = i;
                break;
            }
        }
        subnetPrefix = "10.231." + third + ".";
        ns = NetNamespace.named(new java.util.Random()).create();
    }

    /** Undoes a setup that a failed assertion left in place (firewall rules outlive the namespace). */
    private Runnable undo = () -> { };

    @AfterEach
    void tearDown() throws Exception {
        try {
            undo.run();
        } catch (RuntimeException alreadyDone) {
            // torn down by the test itself
        }
        if (ns != null) {
            ns.delete();
        }
        sh("ip", "link", "delete", bridge);   // only if a failed test left it
        sh("rm", "-rf", runDir.toString());
    }

    private Map<String, Map<String, Object>> info() {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("name", net);
        n.put("id", "0".repeat(60) + "abcd");
        n.put("driver", "bridge");
        n.put("network_interface", bridge);
        n.put("created", "2026-12-06T21:32:12.371273132Z");
        n.put("subnets", List.of(Map.of("subnet", subnetPrefix + "0/24", "gateway", subnetPrefix + "1")));
        n.put("ipv6_enabled", false);
        n.put("internal", false);
        n.put("dns_enabled", false);
        n.put("ipam_options", Map.of("driver", "host-local"));
        return Map.of(net, n);
    }

    @Test
    void setsUpTheNamespaceOnABridgeForwardsAPortAndTearsItAllDown() throws Exception {
        assertThat(ns.path()).exists();
        Netavark netavark = Netavark.find(runDir);
        int port = 20000 + new Random().nextInt(20000);
        List<PortMapping> ports = List.of(new PortMapping("127.0.0.1", 80, port, 1, "tcp"));
        Map<String, Netavark.Attachment> attach = Map.of(net,
                new Netavark.Attachment(List.of(subnetPrefix + "2"), "", List.of("web"), "eth0"));
        String ctr = "f".repeat(64);

        Map<String, Netavark.Status> status = netavark.setup(ns.path(), ctr, "web", ports, attach, info());
        undo = () -> netavark.teardown(ns.path(), ctr, "web", ports, attach, info());
        Netavark.Interface eth0 = status.get(net).interfaces().get("eth0");
        assertThat(eth0.subnets()).containsExactly(new Netavark.Subnet(subnetPrefix + "2/24", subnetPrefix + "1"));
        assertThat(eth0.macAddress()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(sh("ip", "-n", ns.name(), "-4", "addr", "show", "eth0")).startsWith("0:").contains(subnetPrefix + "2/24");
        assertThat(sh("ip", "link", "show", bridge)).startsWith("0:");

        // a server in the namespace answers on the published port from the host
        Path www = runDir.resolve("www");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "hello from the namespace\n");
        Process httpd = new ProcessBuilder("ip", "netns", "exec", ns.name(), "busybox", "httpd", "-f", "-p", "80",
                "-h", www.toString()).redirectErrorStream(true).start();
        try {
            String got = "";
            for (int i = 0; i < 50 && !got.contains("hello"); i++) {
                got = get(port);
                Thread.sleep(100);
            }
            assertThat(got).endsWith("\r\n\r\nhello from the namespace\n");
        } finally {
            httpd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        netavark.teardown(ns.path(), ctr, "web", ports, attach, info());
        assertThat(sh("ip", "-n", ns.name(), "link", "show", "eth0")).doesNotStartWith("0:");
        assertThat(sh("ip", "link", "show", bridge)).as("the bridge goes with its last container").doesNotStartWith("0:");
        assertThat(sh("iptables", "-t", "nat", "-S")).doesNotContain(subnetPrefix + "0/24").doesNotContain("--dport " + port);
        ns.delete();
        assertThat(ns.path()).doesNotExist();
        ns = null;
    }

    /** One HTTP/1.0 GET to 127.0.0.1:port; the whole answer, or "" when nothing answers yet. */
    private static String get(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void netavarksErrorIsReportedInItsOwnWords() throws IOException {
        Netavark netavark = Netavark.find(runDir);
        Map<String, Netavark.Attachment> attach = Map.of(net,
                new Netavark.Attachment(List.of("192.0.2.300"), "", List.of(), "eth0"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> netavark.setup(ns.path(), "e".repeat(64), "bad",
                        List.of(), attach, info()))
                .isInstanceOf(io.peapod.engine.EngineException.class)
                .hasMessageStartingWith("netavark: ");
        assertThat(Files.exists(ns.path())).isTrue();
    }
}
