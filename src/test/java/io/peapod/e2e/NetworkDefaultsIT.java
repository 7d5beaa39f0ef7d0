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
 * containers.conf's {@code [network]} table (default_network, default_subnet, default_subnet_pools) through a scratch
 * {@code CONTAINERS_CONF}, compared with podman 4.3.1 given the same file, each on its own scratch network config
 * directory (never the host's /etc/containers files).
 */
class NetworkDefaultsIT {
    private Peapod peapod;
    private Path conf;
    private Path ourNets;
    private Path theirNets;

    @BeforeEach
    void setUp() throws Exception {
        peapod = new Peapod();
        conf = peapod.dir.resolve("containers.conf");
        ourNets = peapod.dir.resolve("networks");
        theirNets = peapod.dir.resolve("podman-networks");
        Files.createDirectories(theirNets);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (Files.exists(conf)) {
            peapod("rm", "--all", "--force", "--time", "0");   // the containers' networks are only known with this file
        }
        peapod.close();
    }

    private Peapod.Result peapod(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "--network-config-dir", ourNets.toString()));
        cmd.addAll(List.of(args));
        return Peapod.execWithEnv(cmd, Map.of("CONTAINERS_CONF", conf.toString()), null, 120);
    }

    private Peapod.Result podman(String... args) {
        if (!Files.isExecutable(Path.of("/usr/bin/podman"))) {
            throw new AssertionError("/usr/bin/podman is missing: podman 4.3.1 is the reference these tests compare with");
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/podman", "--root", peapod.dir.resolve("proot").toString(),
                "--runroot", peapod.dir.resolve("prun").toString(), "--storage-driver", "vfs",
                "--network-config-dir", theirNets.toString()));
        cmd.addAll(List.of(args));
        return Peapod.execWithEnv(cmd, Map.of("CONTAINERS_CONF", conf.toString()), null, 60);
    }

    /** Both engines' result for the same command, compared as the user sees it (logrus's time left out). */
    private Peapod.Result same(String... args) {
        Peapod.Result theirs = podman(args);
        Peapod.Result ours = peapod(args);
        assertThat(withoutTime(ours)).as("%s\npodman: %s", String.join(" ", args), theirs).isEqualTo(withoutTime(theirs));
        return ours;
    }

    private static String withoutTime(Peapod.Result r) {
        return "exit " + r.code() + "\n" + r.out() + "\n" + r.err().replaceAll("time=\"[^\"]*\"", "time=T");
    }

    private static String withoutIdAndTime(Path file) throws Exception {
        return Files.readString(file).replaceAll("\"(id|created)\": \"[^\"]*\"", "\"$1\": \"\"");
    }

    @Test
    void createAllocatesFromTheConfiguredPoolsInOrderAsPodmanDoes() throws Exception {
        // a pool of two /31s, then a /23 given with host bits cut in /24s, then nothing: the fifth create fails
        Files.writeString(conf, """
                [network]
                default_subnet_pools = [
                  {"base" = "10.231.7.0/30", "size" = 31},
                  {"base" = "10.232.0.5/23", "size" = 24},
                ]
                """);
        for (String name : List.of("n1", "n2", "n3", "n4")) {
            assertThat(same("network", "create", name).out()).isEqualTo(name + "\n");
            assertThat(withoutIdAndTime(ourNets.resolve(name + ".json"))).isEqualTo(withoutIdAndTime(theirNets.resolve(name + ".json")));
        }
        Peapod.Result full = same("network", "create", "n5");
        assertThat(full.code()).isEqualTo(125);
        assertThat(full.err()).isEqualTo("Error: could not find free subnet from subnet pools\n");
        assertThat(same("network", "ls", "--format", "{{.Name}} {{range .Subnets}}{{.Subnet}} {{.Gateway}}{{end}}").out())
                .isEqualTo("n1 10.231.7.0/31 10.231.7.1\nn2 10.231.7.2/31 10.231.7.3\nn3 10.232.0.0/24 10.232.0.1\n"
                        + "n4 10.232.1.0/24 10.232.1.1\npodman 10.88.0.0/16 10.88.0.1\n");
        // a given subnet needs no pool
        Files.writeString(conf, "[network]\ndefault_subnet_pools = []\n");
        assertThat(same("network", "create").err()).isEqualTo("Error: could not find free subnet from subnet pools\n");
        assertThat(same("network", "create", "--subnet", "10.233.0.0/24", "given").out()).isEqualTo("given\n");
    }

    @Test
    void theDefaultNetworkTakesTheConfiguredNameAndSubnet() {
        write("[network]\ndefault_network = \"mynet\"\ndefault_subnet = \"10.234.5.6/24\"\n");
        assertThat(same("network", "ls").out()).isEqualTo("NETWORK ID    NAME        DRIVER\n2f259bab93aa  mynet       bridge\n");
        String ours = peapod("network", "inspect", "mynet").out().replaceAll("\"created\": \"[^\"]*\"", "CREATED");
        assertThat(ours).contains("\"subnet\": \"10.234.5.0/24\"").contains("\"gateway\": \"10.234.5.1\"")
                .isEqualTo(podman("network", "inspect", "mynet").out().replaceAll("\"created\": \"[^\"]*\"", "CREATED"));
        assertThat(same("network", "rm", "mynet").err()).isEqualTo("Error: default network mynet cannot be removed\n");
        assertThat(same("network", "inspect", "podman").code()).isEqualTo(125);
        assertThat(same("network", "ls", "-q", "--filter", "dangling=true").out()).isEmpty();
        // "podman" is a name like any other now; the next network avoids the default one's subnet and bridge
        same("network", "create", "--subnet", "10.234.6.0/24", "podman");
        assertThat(same("network", "ls", "-q").out()).isEqualTo("mynet\npodman\n");
        assertThat(same("network", "rm", "podman").out()).isEqualTo("podman\n");
        write("[network]\ndefault_subnet = \"fd00:1::/64\"\n");
        assertThat(same("network", "inspect", "--format", "{{range .Subnets}}{{.Subnet}} {{.Gateway}}{{end}} {{.IPv6Enabled}}",
                "podman").out()).isEqualTo("fd00:1::/64 fd00:1::1 true\n");
    }

    @Test
    void aFilePodmanRefusesIsRefusedInPodmansWords() {
        write("[network]\ndefault_subnet_pools = [{\"base\" = \"10.50.0.0/24\", \"size\" = 16}]\n");
        Peapod.Result pool = same("network", "ls");
        assertThat(pool.code()).isEqualTo(1);
        assertThat(pool.err()).matches("time=\"[^\"]+\" level=error msg=\"validating network configs invalid subnet pool, "
                + "size is bigger than subnet \\\\\"10.50.0.0/24\\\\\"\"\n");
        write("[network]\ndefault_subnet_pools = [{\"base\" = \"10.50.0.0/16\", \"size\" = \"24\"}]\n");
        assertThat(same("network", "create").code()).isEqualTo(1);
        write("[network]\ndefault_subnet_pools = [{\"base\" = \"bogus\", \"size\" = 24}]\n");
        assertThat(same("network", "ls").code()).isEqualTo(1);
        write("[network]\ndefault_subnet = \"bogus\"\n");
        assertThat(same("network", "ls").err()).isEqualTo("Error: failed to parse default subnet: invalid CIDR address: bogus\n");
        write("[network]\ndefault_network = \"bad name!\"\n");
        assertThat(same("network", "ls").code()).isEqualTo(125);
        write("[network]\ndefault_network = 5\n");
        assertThat(same("network", "ls").code()).isEqualTo(1);
        Peapod.Result missing = Peapod.execWithEnv(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "network", "ls"), Map.of("CONTAINERS_CONF", "/nonexistent.conf"), null, 60);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("level=error msg=\"finding config on system: CONTAINERS_CONF file: "
                + "stat /nonexistent.conf: no such file or directory\"");
    }

    @Test
    void aContainerThatNamesNoNetworkJoinsTheConfiguredDefault() throws Exception {
        peapod.importBusybox();
        write("[network]\ndefault_network = \"mynet\"\ndefault_subnet = \"10.235.0.0/24\"\n");
        Peapod.Result run = peapod("run", "-d", "--name", "c1", "localhost/busybox", "sleep", "600");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(peapod("inspect", "--format", "{{json .NetworkSettings.Networks}}", "c1").out()).startsWith("{\"mynet\":{");
        String ip = peapod("inspect", "--format", "{{.NetworkSettings.Networks.mynet.IPAddress}}", "c1").out().strip();
        assertThat(ip).matches("10\\.235\\.0\\.\\d+").isNotEqualTo("10.235.0.1");
        Peapod.Result inside = peapod("exec", "c1", "ip", "-4", "-o", "addr", "show", "eth0");
        assertThat(inside.out()).contains("inet " + ip + "/24");
        // podman's words when containers use the default network
        Peapod.Result rm = peapod("network", "rm", "mynet");
        assertThat(rm.code()).isEqualTo(2);
        assertThat(peapod("rm", "-f", "-t", "0", "c1").code()).isZero();
        Peapod.Result created = peapod("create", "--name", "c2", "localhost/busybox");
        assertThat(created.code()).as(created.toString()).isZero();
        assertThat(peapod("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", "c2").out())
                .isEqualTo("mynet\n");
        // the old default is just a missing network now
        Peapod.Result old = peapod("run", "--rm", "--network", "podman", "localhost/busybox", "true");
        assertThat(old.code()).isEqualTo(125);
        assertThat(old.err()).isEqualTo("Error: unable to find network with name or ID podman: network not found\n");
    }

    private void write(String text) {
        try {
            Files.writeString(conf, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
