package io.peapod.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network configurations without containers: what {@code network create/ls/inspect/rm/exists/prune}
 * print and the files they leave, compared with podman 4.3.1 itself on the same scratch network
 * config directory (never the host's /etc/containers/networks).
 */
class NetworkConfigIT {
    private Peapod peapod;
    private Path netDir;

    @BeforeEach
    void setUp() throws Exception {
        peapod = new Peapod();
        netDir = peapod.dir.resolve("networks");
    }

    @AfterEach
    void tearDown() throws Exception {
        peapod.close();
    }

    private Peapod.Result net(String... args) {
        List<String> all = new ArrayList<>(List.of("--network-config-dir", netDir.toString(), "network"));
        all.addAll(List.of(args));
        return peapod.run(all.toArray(String[]::new));
    }

    private Peapod.Result podman(String... args) {
        if (!Files.isExecutable(Path.of("/usr/bin/podman"))) {
            throw new AssertionError("/usr/bin/podman is missing: podman 4.3.1 is the reference these tests compare with");
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/podman", "--root", peapod.dir.resolve("proot").toString(),
                "--runroot", peapod.dir.resolve("prun").toString(), "--storage-driver", "vfs",
                "--network-config-dir", netDir.toString(), "network"));
        cmd.addAll(List.of(args));
        return Peapod.exec(cmd, null, 60);
    }

    /** A file without what is random or the time of creation. */
    private String withoutIdAndTime(String name) throws Exception {
        return Files.readString(netDir.resolve(name + ".json")).replaceAll("\"(id|created)\": \"[^\"]*\"", "\"$1\": \"\"");
    }

    @Test
    void theFilesAreThoseThatPodmanWritesForTheSameRequest() throws Exception {
        List<List<String>> requests = List.of(
                List.of(),
                List.of("--subnet", "10.99.0.0/24", "--gateway", "10.99.0.5", "--label", "a=b", "-o", "mtu=1400"),
                List.of("--subnet", "10.95.0.0/24", "--ip-range", "10.95.0.128/25", "-o", "isolate=true"),
                List.of("--internal", "--disable-dns"),
                List.of("--ipam-driver", "none"),
                List.of("--ipv6", "--subnet", "fd00:1:2:3::/64", "--subnet", "10.93.0.0/24", "--gateway", "fd00:1:2:3::9"),
                List.of("-d", "macvlan", "--subnet", "10.94.0.0/24", "-o", "parent=lo"));
        for (List<String> request : requests) {
            List<String> args = new ArrayList<>(List.of("create"));
            args.addAll(request);
            Peapod.Result p = podman(args.toArray(String[]::new));
            assertThat(p.code()).as(p.toString()).isZero();
            String name = p.out().strip();
            String theirs = withoutIdAndTime(name);
            assertThat(podman("rm", name).code()).isZero();
            args.add(name);
            assertThat(net(args.toArray(String[]::new)).out()).isEqualTo(name + "\n");
            assertThat(withoutIdAndTime(name)).as("request %s", request).isEqualTo(theirs);
            assertThat(net("rm", name).out()).isEqualTo(name + "\n");
        }
        assertThat(net("ls", "-q").out()).isEqualTo("podman\n");
    }

    @Test
    void podmanAndPeapodSeeEachOthersNetworks() {
        assertThat(podman("create", "--label", "made=podman", "fromPodman").code()).isZero();
        assertThat(net("create", "fromPeapod").out()).isEqualTo("fromPeapod\n");
        String podmanId = podman("inspect", "--format", "{{.ID}}", "fromPodman").out();
        assertThat(net("inspect", "--format", "{{.ID}}", "fromPodman").out()).isEqualTo(podmanId);
        assertThat(net("ls", "--filter", "label=made=podman", "-q").out()).isEqualTo("fromPodman\n");
        // the second network takes the next subnet and bridge after podman's
        assertThat(podman("inspect", "--format", "{{.NetworkInterface}} {{range .Subnets}}{{.Subnet}}{{end}}", "fromPeapod").out())
                .isEqualTo("podman2 10.89.1.0/24\n");
        assertThat(podman("ls", "--format", "{{.Name}}").out()).isEqualTo(net("ls", "--format", "{{.Name}}").out())
                .isEqualTo("fromPeapod\nfromPodman\npodman\n");
        assertThat(podman("rm", "fromPeapod").code()).isZero();
        assertThat(net("exists", "fromPeapod").code()).isEqualTo(1);
    }

    @Test
    void listingsAndInspectAsPodmanPrintsThem() {
        net("create", "--subnet", "10.99.0.0/24", "--label", "a=b", "--label", "c", "n2");
        net("create", "n1");
        String id = net("inspect", "--format", "{{.ID}}", "n1").out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(net("ls").out()).isEqualTo("NETWORK ID    NAME        DRIVER\n" + id.substring(0, 12) + "  n1          bridge\n"
                + net("inspect", "--format", "{{printf \"%.12s\" .ID}}", "n2").out().strip() + "  n2          bridge\n"
                + "2f259bab93aa  podman      bridge\n");
        assertThat(net("ls", "--no-trunc", "--noheading", "--filter", "name=^n1$").out()).isEqualTo(id + "  n1          bridge\n");
        assertThat(net("ls", "--filter", "label=c", "--filter", "driver=bridge", "--format", "{{.Name}} {{.Labels}}").out())
                .isEqualTo("n2 a=b,c=\n");
        assertThat(net("ls", "--format", "table {{.Name}} {{.Driver}}", "--filter", "name=podman").out())
                .isEqualTo("NAME        DRIVER\npodman      bridge\n");
        assertThat(net("inspect", "--format", "{{.Labels}} {{.Options}} {{.IPAMOptions}} {{.DNSEnabled}}", "n2").out())
                .isEqualTo("map[a:b c:] map[] map[driver:host-local] true\n");
        // the default network's document, made afresh by both: only its creation time may differ
        String ours = net("inspect", "podman").out().replaceAll("\"created\": \"[^\"]*\"", "CREATED");
        assertThat(ours).contains("CREATED").contains("\"network_interface\": \"podman0\"")
                .isEqualTo(podman("inspect", "podman").out().replaceAll("\"created\": \"[^\"]*\"", "CREATED"));
        Peapod.Result json = net("ls", "--format", "json", "--filter", "name=n1");
        assertThat(json.out()).startsWith("[\n  {\n    \"name\": \"n1\",\n    \"id\": \"" + id + "\",\n    \"driver\": \"bridge\",\n"
                + "    \"network_interface\": \"podman2\",\n");
        // podman's report.IsJSON: a template that is only {{json .}} is the JSON listing
        assertThat(net("ls", "--format", "{{ json . }}", "--filter", "name=n1").out()).isEqualTo(json.out());
        // no container uses a network yet: all but the default one are dangling
        assertThat(net("ls", "-q", "--filter", "dangling=true").out()).isEqualTo("n1\nn2\n");
        assertThat(net("ls", "-q", "--filter", "dangling=false").out()).isEqualTo("podman\n");
        assertThat(net("ls", "--filter", "until=1h").out()).isEqualTo("NETWORK ID  NAME        DRIVER\n");
        assertThat(net("ls", "-q", "--filter", "until=2030-01-01T00:00:00Z").out()).isEqualTo("n1\nn2\npodman\n");
        assertThat(net("ls", "--filter", "until=bad").err())
                .isEqualTo("Error: failed to parse value as time or duration: \"bad\"\n");
        Peapod.Result bad = net("ls", "--filter", "foo=bar");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).isEqualTo("Error: invalid filter \"foo\"\n");
    }

    @Test
    void removingPruningAndExistingWithPodmansErrorsAndExitCodes() {
        net("create", "keep", "--label", "k=v");
        net("create", "drop");
        assertThat(net("exists", "drop").code()).isZero();
        assertThat(net("exists", "nope").code()).isEqualTo(1);
        Peapod.Result def = net("rm", "podman");
        assertThat(def.code()).isEqualTo(125);
        assertThat(def.err()).isEqualTo("Error: default network podman cannot be removed\n");
        Peapod.Result missing = net("rm", "nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: unable to find network with name or ID nope: network not found\n");
        Peapod.Result inspect = net("inspect", "nope");
        assertThat(inspect.code()).isEqualTo(125);
        assertThat(inspect.out()).isEqualTo("[]\n");
        assertThat(inspect.err()).isEqualTo(
                "Error: inspecting object: network nope: unable to find network with name or ID nope: network not found\n");
        Peapod.Result dup = net("create", "drop");
        assertThat(dup.code()).isEqualTo(125);
        assertThat(dup.err()).isEqualTo("Error: network name drop already used: network already exists\n");
        assertThat(net("prune", "-f", "--filter", "until=1h").out()).isEmpty();
        assertThat(net("prune", "-f", "--filter", "name=keep").err()).isEqualTo("Error: invalid filter \"name\"\n");
        assertThat(net("prune", "-f", "--filter", "label=k=v").out()).isEqualTo("keep\n");
        assertThat(Files.exists(netDir.resolve("keep.json"))).isFalse();
        assertThat(net("rm", "-f", "nope", "drop").out()).isEqualTo("drop\n");
        assertThat(net("ls", "-q").out()).isEqualTo("podman\n");
    }

    @Test
    void concurrentCreatesTakeDifferentSubnetsAndBridges() throws Exception {
        List<java.util.concurrent.CompletableFuture<Peapod.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "c" + i;
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> net("create", name)));
        }
        runs.forEach(r -> assertThat(r.join().code()).as(r.join().toString()).isZero());
        String out = net("ls", "--filter", "name=^c", "--format", "{{.NetworkInterface}} {{range .Subnets}}{{.Subnet}}{{end}}").out();
        assertThat(out.lines().sorted().toList()).containsExactly("podman1 10.89.0.0/24", "podman2 10.89.1.0/24",
                "podman3 10.89.2.0/24", "podman4 10.89.3.0/24");
    }

    @Test
    void containersConfNamesTheDirectoryAsForPodman() throws Exception {
        Path conf = peapod.dir.resolve("containers.conf");
        Files.writeString(conf, "[network]\nnetwork_config_dir = \"" + netDir + "\"\n");
        Peapod.Result r = Peapod.execWithEnv(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "network", "create", "viaconf"), Map.of("CONTAINERS_CONF", conf.toString()),
                null, 60);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(netDir.resolve("viaconf.json")).exists();
        assertThat(net("ls", "-q").out()).isEqualTo("podman\nviaconf\n");
    }
}
