package io.peapod.e2e;

import io.peapod.json.JsonReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a container sees of its network, side by side with podman 4.3.1: the same {@code run} under podman (its
 * own scratch store, the same busybox rootfs imported) and under Peapod, printing /etc/hosts, /etc/resolv.conf,
 * /etc/hostname, the host name, eth0's MAC, {@code ip -o addr} and {@code ip route}; and {@code inspect}'s
 * NetworkSettings and HostConfig.NetworkMode/PortBindings. Only what legitimately differs is normalised:
 * container ids, allocated addresses, MACs, link-local addresses, namespace paths, and for two networks the
 * order (podman walks Go maps, so which network is eth0 and the order of their lines is random there).
 *
 * <p>Both engines share one scratch network config directory with the test's networks (10.89.225.0/24 to
 * 10.89.228.0/24), removed at the end, and a namespace of the test's own for {@code ns:}. The two engines'
 * containers never run at the same time: their address allocators are separate.
 */
class NetworkFilesIT {
    static Peapod peapod;
    static Path netDir;
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String N1 = "nfit1-" + SUFFIX;
    static final String N2 = "nfit2-" + SUFFIX;
    static final String NODNS = "nfitnodns-" + SUFFIX;
    static final String INTERNAL = "nfitint-" + SUFFIX;
    static final String NETNS = "nfit-" + SUFFIX;
    static final String MAC = "92:d0:c6:0a:29:33";

    static final String SCRIPT = "cat /etc/hosts 2>&1; echo ---; cat /etc/resolv.conf 2>&1; echo ---; cat /etc/hostname;"
            + " echo '|'; hostname; echo $HOSTNAME; cat /sys/class/net/eth0/address 2>&1; echo ---; ip -o addr; ip route";

    @BeforeAll
    static void setUp() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/podman"))) {
            throw new AssertionError("/usr/bin/podman is missing: podman 4.3.1 is the reference these tests compare with");
        }
        peapod = new Peapod();
        netDir = peapod.dir.resolve("networks");
        Path rootfs = peapod.busyboxRootfs();
        ok(peapodCmd("import", rootfs.toString(), "localhost/busybox:latest", "--change", "CMD [\"sh\"]"));
        ok(podmanCmd("import", rootfs.toString(), "localhost/busybox:latest", "--change", "CMD [\"sh\"]"));
        ok(peapodCmd("network", "create", "--subnet", "10.89.225.0/24", N1));
        ok(peapodCmd("network", "create", "--subnet", "10.89.226.0/24", N2));
        ok(peapodCmd("network", "create", "--subnet", "10.89.227.0/24", "--disable-dns", NODNS));
        ok(peapodCmd("network", "create", "--subnet", "10.89.228.0/24", "--internal", INTERNAL));
        ok(cmd("ip", "netns", "add", NETNS));
        ok(cmd("ip", "-n", NETNS, "link", "set", "lo", "up"));
        // a veth pair with both ends inside the namespace: an interface with an address that leads nowhere
        ok(cmd("ip", "-n", NETNS, "link", "add", "d0", "type", "veth", "peer", "name", "d1"));
        ok(cmd("ip", "-n", NETNS, "addr", "add", "198.51.100.77/24", "dev", "d0"));
        ok(cmd("ip", "-n", NETNS, "link", "set", "d0", "up"));
        ok(cmd("ip", "-n", NETNS, "link", "set", "d1", "up"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (peapod != null) {
            Peapod.exec(podmanCmd("rm", "-a", "-f", "-t", "0"), null, 60);
            Peapod.exec(peapodCmd("rm", "-a", "-f", "-t", "0"), null, 60);
            Peapod.exec(peapodCmd("network", "rm", "-f", N1, N2, NODNS, INTERNAL), null, 60);
            Peapod.exec(List.of("ip", "netns", "delete", NETNS), null, 30);
            peapod.close();
        }
    }

    // ---- the two engines -------------------------------------------------------------------------

    static List<String> podmanCmd(String... args) {
        List<String> c = new ArrayList<>(List.of("/usr/bin/podman", "--root", peapod.dir.resolve("proot").toString(),
                "--runroot", peapod.dir.resolve("prun").toString(), "--storage-driver", "vfs", "--runtime", "runc",
                "--network-config-dir", netDir.toString()));
        c.addAll(List.of(args));
        return c;
    }

    static List<String> peapodCmd(String... args) {
        List<String> c = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "--network-config-dir", netDir.toString()));
        c.addAll(List.of(args));
        return c;
    }

    static List<String> cmd(String... args) {
        return List.of(args);
    }

    static Peapod.Result ok(List<String> cmd) {
        Peapod.Result r = Peapod.exec(cmd, null, 120);
        if (r.code() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + r);
        }
        return r;
    }

    /** podman needs ulimits this host allows (its defaults ask for more than the hard limit). */
    static List<String> podmanRun(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096"));
        all.addAll(List.of(args));
        return podmanCmd(all.toArray(String[]::new));
    }

    static List<String> peapodRun(String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        return peapodCmd(all.toArray(String[]::new));
    }

    /** What the container printed, with its exit code and (normalised) warnings. */
    static String seen(List<String> run, UnaryOperator<String> extra) {
        Peapod.Result r = Peapod.exec(run, null, 120);
        String err = r.err().lines().filter(l -> !l.contains("failed to connect to syslog"))
                .collect(Collectors.joining("\n"));
        return extra.apply(normalise(r.out())) + "\nexit " + r.code() + "\nstderr: " + err;
    }

    /** Runs the script under both engines with the same flags and compares. */
    static void same(UnaryOperator<String> extra, String... flags) {
        List<String> args = new ArrayList<>(List.of("--rm"));
        if (!List.of(flags).contains("--name")) {
            args.addAll(List.of("--name", "nfc"));   // a generated name differs between the engines
        }
        args.addAll(List.of(flags));
        args.addAll(List.of("localhost/busybox", "sh", "-c", SCRIPT));
        String theirs = seen(podmanRun(args.toArray(String[]::new)), extra);
        String ours = seen(peapodRun(args.toArray(String[]::new)), extra);
        assertThat(theirs).as("podman %s", Arrays.toString(flags)).contains("\nexit 0\n");
        assertThat(ours).as("flags %s", Arrays.toString(flags)).isEqualTo(theirs);
    }

    static void same(String... flags) {
        same(UnaryOperator.identity(), flags);
    }

    // ---- normalising ---------------------------------------------------------------------------

    /** The gateways, broadcasts and the asked-for address stay; what an allocator chose becomes ADDR. */
    static final Set<String> KEPT = Set.of("10.88.0.1", "10.88.255.255", "10.89.225.1", "10.89.225.255",
            "10.89.225.77", "10.89.226.1", "10.89.226.255", "10.89.227.1", "10.89.227.255", "10.89.228.1",
            "10.89.228.255");
    static final Pattern ALLOCATED = Pattern.compile("\\b(10\\.88\\.\\d+\\.\\d+|10\\.89\\.22[5-8]\\.\\d+)\\b");
    static final Pattern MAC_ADDRESS = Pattern.compile("\\b([0-9a-f]{2}:){5}[0-9a-f]{2}\\b");

    static String normalise(String s) {
        s = s.replaceAll("netns-[0-9a-f-]{36}", "netns-UUID")
                .replaceAll("\\b[0-9a-f]{64}\\b", "LONGID").replaceAll("\\b[0-9a-f]{12}\\b", "ID")
                .replaceAll("fe80::[0-9a-f:]+", "LINKLOCAL")
                .replace("tentative ", "");   // duplicate address detection may or may not have finished
        Matcher m = ALLOCATED.matcher(s);
        s = m.replaceAll(r -> KEPT.contains(r.group()) ? r.group() : "ADDR");
        return MAC_ADDRESS.matcher(s).replaceAll(r -> r.group().equals(MAC) ? MAC : "MAC");
    }

    /** On the host's network: only lo and the default route's device, which no other test changes meanwhile. */
    static String hostInterfacesOnly(String s) {
        Matcher d = Pattern.compile("(?m)^default via \\S+ dev (\\S+)").matcher(s);
        Set<String> devs = new LinkedHashSet<>(List.of("lo"));
        if (d.find()) {
            devs.add(d.group(1));
        }
        return s.lines().filter(l -> {
            Matcher addr = Pattern.compile("^\\d+: (\\S+)\\s").matcher(l);
            if (addr.find()) {
                return devs.contains(addr.group(1));
            }
            Matcher route = Pattern.compile("\\bdev (\\S+)").matcher(l);
            return !route.find() || devs.contains(route.group(1)) || l.startsWith("default");
        }).collect(Collectors.joining("\n"));
    }

    /** Two networks: which is eth0 and the order of their lines are podman's random map order. */
    static String eitherNetwork(String s) {
        String merged = s.replaceAll("10\\.89\\.22[5-8]\\.", "10.89.22N.")
                .replaceAll("eth[01]", "ethN").replaceAll("(?m)^[23]: ", "N: ");
        return merged.lines().sorted().collect(Collectors.joining("\n"));
    }

    // ---- the files -----------------------------------------------------------------------------

    @Test
    void onTheDefaultNetwork() {
        same("--hostname", "h");
        same("--add-host", "a.b:1.2.3.4", "--add-host", "c.d:5.6.7.8", "--add-host", "localhost:9.9.9.9");
        same("--no-hosts");
        same("--dns", "9.9.9.9", "--dns-search", "ex.com", "--dns-option", "ndots:2");
        same("--dns", "none");
        same("--name", "h2", "--hostname", "h2");   // podman writes the name twice: "ADDR h2 h2"
    }

    @Test
    void withoutANetworkOfItsOwn() {
        same("--network", "none");
        same("--network", "none", "--hostname", "h", "--add-host", "a.b:1.2.3.4");
        same(NetworkFilesIT::hostInterfacesOnly, "--network", "host");
        same(NetworkFilesIT::hostInterfacesOnly, "--network", "host", "--hostname", "h");
        same(NetworkFilesIT::hostInterfacesOnly, "--network", "host", "--add-host", "a.b:1.2.3.4", "--dns", "9.9.9.9",
                "--dns-option", "ndots:2");
        same("--network", "ns:/run/netns/" + NETNS);
        same("--network", "ns:/run/netns/" + NETNS, "--hostname", "h", "--add-host", "a.b:1.2.3.4", "--dns-search", "x.y");
        String[] missing = {"create", "--network", "ns:/run/netns/" + NETNS + "-gone", "localhost/busybox"};
        Peapod.Result theirs = Peapod.exec(podmanCmd(missing), null, 60);
        Peapod.Result ours = Peapod.exec(peapodCmd(missing), null, 60);
        assertThat(ours.code()).isEqualTo(theirs.code()).isEqualTo(125);
        assertThat(ours.err()).isEqualTo(theirs.err()).isEqualTo("Error: cannot find specified network namespace path: stat /run/netns/"
                + NETNS + "-gone: no such file or directory\n");
    }

    @Test
    void inAnotherContainersNamespace() {
        // the other container runs under each engine in turn: their allocators do not know each other
        for (boolean podman : List.of(true, false)) {
            String[] other = {"-d", "--name", "other", "--hostname", "oh", "--add-host", "x.y:1.1.1.1", "localhost/busybox",
                    "sleep", "1000"};
            ok(podman ? podmanRun(other) : peapodRun(other));
        }
        same("--network", "container:other");
        same("--network", "container:other", "--hostname", "h");
        // the hosts file is the other container's own: it shows the joined container's line while that one runs
        String[] joined = {"-d", "--name", "joined", "--network", "container:other", "localhost/busybox", "sleep", "1000"};
        ok(podmanRun(joined));
        ok(peapodRun(joined));
        String theirs = normalise(ok(podmanCmd("exec", "other", "cat", "/etc/hosts")).out());
        assertThat(normalise(ok(peapodCmd("exec", "other", "cat", "/etc/hosts")).out())).isEqualTo(theirs)
                .endsWith("ADDR\toh other\n127.0.0.1\tID joined\n");
        ok(podmanCmd("rm", "-f", "-t", "0", "joined"));
        ok(peapodCmd("rm", "-f", "-t", "0", "joined"));
        theirs = normalise(ok(podmanCmd("exec", "other", "cat", "/etc/hosts")).out());
        assertThat(normalise(ok(peapodCmd("exec", "other", "cat", "/etc/hosts")).out())).isEqualTo(theirs)
                .endsWith("ADDR\toh other\n");
        Peapod.Result missing = Peapod.exec(peapodCmd("create", "--network", "container:nope", "localhost/busybox"), null, 60);
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo(Peapod.exec(podmanCmd("create", "--network", "container:nope", "localhost/busybox"),
                null, 60).err()).isEqualTo("Error: looking up container to share net namespace with: no container with name"
                + " or ID \"nope\" found: no such container\n");
        ok(podmanCmd("rm", "-f", "-t", "0", "other"));
        ok(peapodCmd("rm", "-f", "-t", "0", "other"));
    }

    @Test
    void onUserNetworks() {
        same("--network", N1);
        same("--network", N1, "--ip", "10.89.225.77", "--mac-address", MAC, "--network-alias", "web");
        same("--mac-address", MAC);
        same(NetworkFilesIT::eitherNetwork, "--network", N1, "--network", N2);
        same("--network", NODNS);
        same("--network", INTERNAL);
        same("--network", N1, "--hostname", "h", "--dns", "9.9.9.9", "--add-host", "a.b:1.2.3.4");
        same("--network", N1, "--dns-search", "ex.com", "--dns-option", "ndots:3");
        same("--network", N1, "--no-hosts", "--dns", "none");
        same(NetworkFilesIT::eitherNetwork, "--network", N1, "--network", NODNS);
    }

    // ---- inspect -------------------------------------------------------------------------------

    static final String FORMAT = "{{.HostConfig.NetworkMode}}\n{{json .HostConfig.PortBindings}}\n{{json .NetworkSettings}}\n"
            + "{{.ResolvConfPath}} {{.HostsPath}}";

    /** inspect of a running container made with these flags: the mode line, then the two JSON documents parsed. */
    static List<Object> inspected(boolean podman, String... flags) {
        List<String> args = new ArrayList<>(List.of("-d", "--name", "insp"));
        args.addAll(List.of(flags));
        args.addAll(List.of("localhost/busybox", "sleep", "1000"));
        Peapod.Result run = Peapod.exec(podman ? podmanRun(args.toArray(String[]::new)) : peapodRun(args.toArray(String[]::new)),
                null, 120);
        assertThat(run.code()).as("%s %s", podman ? "podman" : "peapod", run).isZero();
        try {
            String out = ok(podman ? podmanCmd("inspect", "--format", FORMAT, "insp") : peapodCmd("inspect", "--format", FORMAT,
                    "insp")).out();
            List<String> lines = normalise(out).lines().toList();
            assertThat(lines).hasSize(4);
            return List.of(lines.get(0), JsonReader.parse(lines.get(1).getBytes(StandardCharsets.UTF_8)),
                    JsonReader.parse(lines.get(2).getBytes(StandardCharsets.UTF_8)),
                    lines.get(3).replaceAll("/\\S*/userdata/", "USERDATA/"),   // the stores' own places differ
                    run.err().lines().filter(l -> !l.contains("syslog")).toList());
        } finally {
            Peapod.exec(podman ? podmanCmd("rm", "-f", "-t", "0", "insp") : peapodCmd("rm", "-f", "-t", "0", "insp"), null, 60);
        }
    }

    /**
     * Parsed, since Peapod's {@code {{json}}} prints a document's keys sorted (Go sorts maps; podman's documents are
     * structs, printed in field order): see docs/design-notes.md.
     */
    static void sameInspect(String... flags) {
        assertThat(inspected(false, flags)).as("flags %s", Arrays.toString(flags)).isEqualTo(inspected(true, flags));
    }

    @Test
    void inspectShowsTheSameNetworkSettings() {
        sameInspect("-p", "127.0.0.1:18225:80");
        sameInspect("--network", N1, "--ip", "10.89.225.77", "--mac-address", MAC, "-p", "127.0.0.1:18226:80/udp");
        sameInspect("--network", N1, "--network", N2, "--network-alias", "web");
        sameInspect("--network", NODNS);
        sameInspect("--network", "none");
        sameInspect("--no-hosts", "--dns", "none");
        sameInspect("--network", "host", "-p", "8080:80");   // podman's warning that the ports are discarded
        sameInspect("--network", "ns:/run/netns/" + NETNS);
        List<Object> theirs;
        List<Object> ours;
        ok(podmanRun("-d", "--name", "other", "localhost/busybox", "sleep", "1000"));
        try {
            theirs = inspected(true, "--network", "container:other");
        } finally {
            ok(podmanCmd("rm", "-f", "-t", "0", "other"));
        }
        ok(peapodRun("-d", "--name", "other", "localhost/busybox", "sleep", "1000"));
        try {
            ours = inspected(false, "--network", "container:other");
        } finally {
            ok(peapodCmd("rm", "-f", "-t", "0", "other"));
        }
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.getFirst()).isEqualTo("container:LONGID");
    }
}
