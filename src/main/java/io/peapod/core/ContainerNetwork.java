package io.peapod.core;

import io.peapod.core.names.Urandom;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.Subnet;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.NetworkRequest.Attachment;
import io.peapod.engine.NetworkRequest.Mode;
import io.peapod.engine.NetworkRequest.PortMapping;
import io.peapod.image.Json;
import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;
import io.peapod.network.EtcFileEdits;
import io.peapod.network.EtcFiles;
import io.peapod.network.Ipam;
import io.peapod.network.NetNamespace;
import io.peapod.network.Netavark;
import io.peapod.network.NetworkBackend;
import io.peapod.network.NetworkStore;
import io.peapod.state.ContainerRow;
import io.peapod.storage.Store;
import io.peapod.sys.Jni;
import io.peapod.sys.SysException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A running container's network (podman's libpod networking): at start a namespace of its own
 * ({@link NetNamespace}), addresses from {@link Ipam}, and netavark joining it to its bridge networks and
 * publishing its ports; /etc/hosts and /etc/resolv.conf to match; at cleanup all of it undone.
 *
 * <p>What was set up is written to {@code RUNROOT/networks/ID.json} before netavark runs (the namespace,
 * then netavark's request and answer), so a cleanup after any crash, ours or conmon's, can tear down exactly
 * that. The run root is a tmpfs as podman's: after a reboot there is nothing left to tear down.
 */
final class ContainerNetwork {
    /** netavark's and aardvark-dns' state as root: podman's place, so both engines' containers share DNS. */
    static final Path NETAVARK_RUN_DIR = Path.of("/run/containers/networks");

    /**
     * How the container joins its network: the spec's network namespace ("host", "private" for a new one
     * with loopback only, or a path), and the /etc files' texts ({@code hosts} null for {@code --no-hosts},
     * {@code resolvConf} null for {@code --dns none}: the image's own files stay; {@code sharedHosts} another
     * container's hosts file to mount instead of one of its own).
     */
    record Joined(String specNetwork, String hosts, String resolvConf, CompletableFuture<Void> namespaceMade,
                  CompletableFuture<Void> setUp, Path sharedHosts) {
        private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

        Joined(String specNetwork, String hosts, String resolvConf) {
            this(specNetwork, hosts, resolvConf, DONE, DONE, null);
        }

        Joined(String specNetwork, String hosts, String resolvConf, Path sharedHosts) {
            this(specNetwork, hosts, resolvConf, DONE, DONE, sharedHosts);
        }

        /** Waits until the namespace exists (the runtime opens its path when it creates the container). */
        void namespaceReady() {
            await(namespaceMade);
        }

        /** Waits until the network is up; its failure, as netavark reported it. */
        void ready() {
            await(setUp);
        }

        private static void await(CompletableFuture<Void> step) {
            try {
                step.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
    }

    private final Store store;
    private final Supplier<NetworkStore> networks;
    private final Function<String, ContainerRow> findContainer;

    ContainerNetwork(Store store, Supplier<NetworkStore> networks, Function<String, ContainerRow> findContainer) {
        this.store = store;
        this.networks = networks;
        this.findContainer = findContainer;
    }

    /** The backend that connects namespaces to networks: netavark as root (rootless ones plug in here later). */
    static NetworkBackend backend() {
        return Netavark.find(NETAVARK_RUN_DIR);
    }

    private Path stateFile(String id) {
        return store.options().runRoot().resolve("networks").resolve(id + ".json");
    }

    // ---- start ---------------------------------------------------------------------------------

    /** Sets up the container's network before the runtime starts it; nothing is left behind on failure. */
    Joined join(ContainerRow row, Map<String, Object> config, String hostname, Function<String, Path> userdataOf)
            throws IOException {
        Joined joined = joinNamespace(row, config, hostname, userdataOf);
        return NetworkConfig.of(config).dns().equals(List.of("none"))
                ? new Joined(joined.specNetwork(), joined.hosts(), null, joined.namespaceMade(), joined.setUp(), joined.sharedHosts())
                : joined;
    }

    /**
     * podman 4.3.1's files per mode: the host's hosts file with localhost, {@code host.containers.internal} (the
     * host's first global address when there is no bridge) and the container's own names; {@code none} gets
     * {@code 127.0.0.1 HOSTNAME NAME} and keeps the image's resolv.conf; {@code container:} shares the other
     * container's files, with {@code 127.0.0.1 HOSTNAME NAME} added to the other's hosts file.
     */
    private Joined joinNamespace(ContainerRow row, Map<String, Object> config, String hostname,
                                 Function<String, Path> userdataOf) throws IOException {
        NetworkRequest net = NetworkConfig.of(config);
        String hostResolv = read(Path.of("/etc/resolv.conf"));
        String ownResolv = net.dns().isEmpty() && net.dnsSearch().isEmpty() && net.dnsOptions().isEmpty() ? hostResolv
                : EtcFiles.resolvConf(EtcFiles.parseResolv(hostResolv), net.dns(), net.dnsSearch(), net.dnsOptions(),
                        List.of(), List.of());
        List<EtcFiles.HostEntry> loopbackName = List.of(new EtcFiles.HostEntry("127.0.0.1", List.of(hostname, row.name())));
        return switch (net.mode()) {
            case HOST -> new Joined("host", net.noHosts() ? null : hostsFile(net, localIp(), List.of()), ownResolv);
            case NONE -> new Joined("private", net.noHosts() ? null : hostsFile(net, localIp(), loopbackName), null);
            case NS -> new Joined(net.modeValue(), net.noHosts() ? null : hostsFile(net, localIp(), List.of()), ownResolv);
            case CONTAINER -> {
                ContainerRow other = findContainer.apply(net.modeValue());
                if (other == null || other.pid() <= 0) {
                    throw new EngineException("cannot join the network namespace of container " + net.modeValue()
                            + ": container is not running: container state improper");
                }
                Path theirs = userdataOf.apply(other.id());
                Path theirHosts = theirs.resolve("hosts");
                Path theirResolv = theirs.resolve("resolv.conf");
                String resolv = Files.exists(theirResolv) ? read(theirResolv) : null;
                if (net.noHosts() || !Files.exists(theirHosts)) {
                    yield new Joined("/proc/" + other.pid() + "/ns/net", null, resolv);
                }
                leave(row.id());   // the line a crashed earlier start left
                // podman bind-mounts the other container's own hosts file and adds this one's line to it (in place:
                // the file's inode is what both mounts see); leave() takes the line out again
                String text = read(theirHosts);
                List<EtcFiles.HostEntry> added = EtcFiles.free(text, loopbackName);
                writeSharedHostsState(row.id(), theirHosts, added);
                Files.writeString(theirHosts, EtcFileEdits.addHosts(text, added));
                yield new Joined("/proc/" + other.pid() + "/ns/net", null, resolv, theirHosts);
            }
            case BRIDGE -> bridge(row, net, hostname, hostResolv);
        };
    }

    /** The hosts file on the host's /etc/hosts with the {@code --add-host} entries first. */
    private static String hostsFile(NetworkRequest net, String internalIp, List<EtcFiles.HostEntry> own) {
        List<EtcFiles.HostEntry> added = new ArrayList<>();
        for (String h : net.addHosts()) {
            int colon = h.indexOf(':');
            added.add(new EtcFiles.HostEntry(h.substring(colon + 1), List.of(h.substring(0, colon))));
        }
        return EtcFiles.hosts(added, EtcFiles.parseHosts(read(Path.of("/etc/hosts"))), internalIp, own);
    }

    /**
     * containers/common's getLocalIP: the first global unicast IPv4 address of the host's interfaces in their
     * index order, else the last such IPv6 one, else none.
     */
    static String localIp() {
        String v6 = null;
        try {
            List<java.net.NetworkInterface> all = new ArrayList<>(java.net.NetworkInterface.networkInterfaces().toList());
            all.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
            for (java.net.NetworkInterface i : all) {
                for (InetAddress a : i.inetAddresses().toList()) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress() || a.isAnyLocalAddress()) {
                        continue;
                    }
                    if (a instanceof java.net.Inet4Address) {
                        if (!a.getHostAddress().equals("255.255.255.255")) {
                            return a.getHostAddress();
                        }
                    } else {
                        v6 = a.getHostAddress().replaceAll("%.*", "");
                    }
                }
            }
        } catch (java.net.SocketException e) {
            return null;
        }
        return v6;
    }

    /**
     * The bridge networks: addresses chosen and the /etc files written from them first, then netavark's
     * setup started on a thread of its own, so that it runs while conmon has the runtime create the
     * container; {@link Joined#ready} waits for it before the container's process may start.
     */
    private Joined bridge(ContainerRow row, NetworkRequest net, String hostname, String hostResolv) throws IOException {
        String id = row.id();
        leave(id);   // what a crashed earlier start of this container left
        NetworkStore nets = networks.get();
        Map<String, Network> configs = new LinkedHashMap<>();
        for (String name : net.networks().keySet()) {
            configs.put(name, nets.find(name));
        }
        checkPortsFree(net.ports());
        checkPortsNotPublished(id, net.ports());
        // Named now, made on the set-up thread: the state file names it before it exists, so a cleanup after a
        // crash at any point finds it (removing a namespace that was never made is no error).
        NetNamespace ns = NetNamespace.named(new Urandom());
        try {
            writeState(id, ns.name(), null, null);
            Map<String, Netavark.Attachment> attachments = allocate(id, net, configs);
            Map<String, Map<String, Object>> info = new LinkedHashMap<>();
            configs.forEach((name, n) -> info.put(name, n.document()));
            List<PortMapping> ports = net.ports();
            byte[] request = Netavark.request(id, row.name(), ports, attachments, info);
            writeState(id, ns.name(), request, null);
            String hosts = net.noHosts() ? null : hosts(net, attachments, configs, hostname, row.name());
            String resolv = resolvConf(net, configs, hostResolv);
            NetworkBackend backend = backend();
            // owned by the container's user namespace, if it has one (looked up here: the database is this thread's)
            java.util.function.Consumer<NetNamespace> makeNs = UserNamespaceSpec.netnsMaker(Json.object(row.config(), "container config"),
                    store.options().runRoot(), id, findContainer);
            CompletableFuture<Void> made = new CompletableFuture<>();
            CompletableFuture<Void> setUp = CompletableFuture.runAsync(() -> {
                try {
                    makeNs.accept(ns);
                    made.complete(null);
                } catch (RuntimeException e) {
                    made.completeExceptionally(e);
                    throw e;
                }
                byte[] answer = nets.locked(() -> backend.setup(ns.path(), request));
                try {
                    writeState(id, ns.name(), request, answer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> Thread.ofPlatform().name("netavark-setup").start(runnable));
            return new Joined(ns.path().toString(), hosts, resolv, made, setUp, null);
        } catch (IOException | RuntimeException e) {
            leave(id);
            throw e;
        }
    }

    /** Each network's addresses (IPv4 and IPv6): those asked for, else the next free one of each subnet. */
    private Map<String, Netavark.Attachment> allocate(String id, NetworkRequest net, Map<String, Network> configs) {
        // podman checks every network's --ip/--ip6 before it gives any address
        net.networks().forEach((name, a) -> Ipam.checkStaticIps(configs.get(name).name(), configs.get(name).subnets(),
                a.staticIps()));
        return store.db().transaction(c -> {
            Map<String, Netavark.Attachment> out = new LinkedHashMap<>();
            for (Map.Entry<String, Attachment> e : net.networks().entrySet()) {
                Network n = configs.get(e.getKey());
                Attachment a = e.getValue();
                List<String> ips = Ipam.assign(c, n.name(), n.subnets(), a.staticIps(), id);
                List<String> aliases = new ArrayList<>(a.aliases());
                aliases.add(id.substring(0, 12));
                out.put(n.name(), new Netavark.Attachment(ips, a.staticMac(), aliases, a.interfaceName()));
            }
            return out;
        });
    }

    /**
     * podman holds each published host port open in conmon; Peapod only makes sure it is free now, so a
     * taken port fails the start with podman's words instead of silently losing to the other listener.
     */
    /**
     * A port another container of this store publishes is only a DNAT rule (podman's conmon also holds the
     * socket open; ours does not), so binding it above finds it free: the requests on file are asked too.
     */
    private void checkPortsNotPublished(String id, List<PortMapping> ports) throws IOException {
        Path dir = stateFile(id).getParent();
        if (ports.isEmpty() || !Files.isDirectory(dir)) {
            return;
        }
        List<String> others;
        try (var files = Files.list(dir)) {
            others = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length())).filter(other -> !other.equals(id)).toList();
        }
        for (String other : others) {
            Map<String, Object> state = state(other);
            Object request = state == null ? null : state.get("request");
            if (request == null) {
                continue;
            }
            for (Object o : Json.list(Json.map(request).get("port_mappings"))) {
                Map<String, Object> m = Json.map(o);
                PortMapping theirs = new PortMapping(Json.string(m.get("host_ip")), ((Number) m.get("container_port")).intValue(),
                        ((Number) m.get("host_port")).intValue(), ((Number) m.get("range")).intValue(), Json.string(m.get("protocol")));
                for (PortMapping mine : ports) {
                    int clash = firstSharedPort(mine, theirs);
                    if (clash > 0) {
                        throw portInUse(mine, clash);
                    }
                }
            }
        }
    }

    /** The first host port both mappings take (same protocol, overlapping addresses and ranges), or 0. */
    static int firstSharedPort(PortMapping a, PortMapping b) {
        if (!a.protocol().equals(b.protocol()) || !sameOrAnyAddress(a.hostIp(), b.hostIp())) {
            return 0;
        }
        int from = Math.max(a.hostPort(), b.hostPort());
        int to = Math.min(a.hostPort() + Math.max(a.range(), 1), b.hostPort() + Math.max(b.range(), 1));
        return from < to ? from : 0;
    }

    private static boolean sameOrAnyAddress(String a, String b) {
        return a.equals(b) || isAnyAddress(a) || isAnyAddress(b);
    }

    private static boolean isAnyAddress(String ip) {
        return ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
    }

    private static EngineException portInUse(PortMapping p, int port) {
        return new EngineException("cannot listen on the " + p.protocol().toUpperCase() + " port: listen " + p.protocol()
                + (p.hostIp().contains(":") ? "6" : "4") + " " + p.hostIp() + ":" + port + ": bind: address already in use", 126);
    }

    private static void checkPortsFree(List<PortMapping> ports) {
        for (PortMapping p : ports) {
            for (int i = 0; i < p.range(); i++) {
                int port = p.hostPort() + i;
                try {
                    switch (p.protocol()) {
                        case "udp" -> Jni.bindTest(p.hostIp(), port, true);
                        case "tcp" -> Jni.bindTest(p.hostIp(), port, false);
                        default -> { }   // sctp: not checked
                    }
                } catch (SysException e) {
                    throw portInUse(p, port);
                }
            }
        }
    }

    /**
     * /etc/hosts: {@code IP HOSTNAME NAME} for every address on every network (podman: etchosts.GetNetworkHostEntries,
     * in its map's random order; here the networks' order), {@code host.containers.internal} the first bridge
     * network's IPv4 gateway, else an IPv6 one, else the host's own address.
     */
    private static String hosts(NetworkRequest net, Map<String, Netavark.Attachment> attachments,
                                Map<String, Network> configs, String hostname, String name) {
        List<EtcFiles.HostEntry> own = new ArrayList<>();
        for (Netavark.Attachment a : attachments.values()) {
            for (String address : a.staticIps()) {
                own.add(new EtcFiles.HostEntry(address, List.of(hostname, name)));
            }
        }
        String gateway4 = null;
        String gateway6 = null;
        for (Network n : configs.values()) {
            if (!n.driver().equals("bridge")) {
                continue;   // a macvlan's gateway is not on the host
            }
            for (Subnet s : n.subnets()) {
                if (s.gateway() == null || s.gateway().isEmpty()) {
                    continue;
                }
                if (s.gateway().contains(":")) {
                    gateway6 = gateway6 == null ? s.gateway() : gateway6;
                } else {
                    gateway4 = gateway4 == null ? s.gateway() : gateway4;
                }
            }
        }
        String internal = gateway4 != null ? gateway4 : gateway6 != null ? gateway6 : localIp();
        return hostsFile(net, internal, own);
    }

    /**
     * /etc/resolv.conf: on networks with DNS, aardvark-dns answers on each subnet's gateway for the
     * {@code dns.podman} domain (what netavark's answer names as dns_server_ips and dns_search_domains).
     */
    private static String resolvConf(NetworkRequest net, Map<String, Network> configs, String hostResolv) {
        List<String> networkDns = new ArrayList<>();
        List<String> networkSearch = new ArrayList<>();
        for (Network n : configs.values()) {
            if (!n.dnsEnabled()) {
                continue;
            }
            for (Subnet s : n.subnets()) {
                if (s.gateway() != null && !networkDns.contains(s.gateway())) {
                    networkDns.add(s.gateway());
                }
            }
            networkSearch.add("dns.podman");   // podman names it once per network: "search dns.podman dns.podman"
        }
        return EtcFiles.resolvConf(EtcFiles.parseResolv(hostResolv), net.dns(), net.dnsSearch(), net.dnsOptions(),
                networkDns, networkSearch);
    }

    // ---- cleanup -------------------------------------------------------------------------------

    /**
     * Undoes {@link #join} for a container that has stopped: netavark's teardown of what it set up, the
     * addresses freed, the namespace removed. Idempotent; a step that fails is reported as a warning and
     * the others still run, so one broken piece does not keep the rest alive.
     */
    void leave(String id) {
        startLeaving(id).finish();
    }

    /**
     * {@link #leave} in two halves, so that a removal can unmount and delete the container's files while
     * netavark tears its network down (the slowest step: ~150 ms of iptables calls here): this starts the
     * teardown and the namespace's removal on a thread of their own; {@link Leaving#finish} waits for them,
     * then frees the addresses and the state file. Call finish under the same store lock.
     */
    Leaving startLeaving(String id) {
        Path file = stateFile(id);
        if (!Files.exists(file)) {
            return new Leaving(id, null, List.of(), CompletableFuture.completedFuture(null));
        }
        Map<String, Object> state;
        try {
            state = Json.object(Files.readAllBytes(file), "network state");
        } catch (IOException | RuntimeException e) {
            state = Map.of();
        }
        String shared = Json.string(state.get("sharedHosts"));
        if (shared != null && Files.exists(Path.of(shared))) {
            try {
                List<EtcFiles.HostEntry> entries = new ArrayList<>();
                for (Object o : Json.list(state.get("entries"))) {
                    Map<String, Object> e = Json.map(o);
                    entries.add(new EtcFiles.HostEntry(Json.string(e.get("ip")), ContainerConfig.strings(e.get("names"))));
                }
                Path p = Path.of(shared);
                Files.writeString(p, EtcFileEdits.removeHosts(Files.readString(p), entries));
            } catch (IOException | RuntimeException e) {
                warn("failed to remove hosts entry from the netns containers /etc/hosts: " + e.getMessage());
            }
        }
        String netns = Json.string(state.get("netns"));
        NetNamespace ns = netns == null || netns.isEmpty() ? null : new NetNamespace(netns);
        Object request = state.get("request");
        List<String> joined = request == null ? List.of() : List.copyOf(Json.map(Json.map(request).get("networks")).keySet());
        NetworkStore nets = networks.get();
        CompletableFuture<Void> outside = CompletableFuture.runAsync(() -> {
            if (ns != null && request != null && Files.exists(ns.path())) {
                try {
                    byte[] bytes = JsonWriter.write(request, false);
                    NetworkBackend backend = backend();
                    nets.locked(() -> {
                        backend.teardown(ns.path(), bytes);
                        return null;
                    });
                } catch (RuntimeException e) {
                    warn("tearing down network namespace configuration for container " + id + ": " + e.getMessage());
                }
            }
            if (ns != null) {
                try {
                    ns.delete();
                } catch (RuntimeException e) {
                    warn("removing network namespace " + ns.path() + ": " + e.getMessage());
                }
            }
        }, runnable -> Thread.ofPlatform().name("netavark-teardown").start(runnable));
        return new Leaving(id, file, joined, outside);
    }

    /** A teardown under way ({@link #startLeaving}). */
    final class Leaving {
        private final String id;
        private final Path file;
        private final List<String> networksJoined;
        private final CompletableFuture<Void> outside;

        private Leaving(String id, Path file, List<String> networksJoined, CompletableFuture<Void> outside) {
            this.id = id;
            this.file = file;
            this.networksJoined = networksJoined;
            this.outside = outside;
        }

        /** Waits for the teardown; then the addresses go back to the pool and the state file goes. */
        void finish() {
            if (file == null) {
                return;
            }
            outside.join();
            store.db().transaction(c -> {
                for (String name : networksJoined) {
                    Ipam.release(c, name, id);
                }
                return null;
            });
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                warn("removing " + file + ": " + e.getMessage());
            }
        }
    }

    /** The containers whose network state is on file: set up, or left by a start that crashed midway. */
    List<String> withState() {
        Path dir = store.options().runRoot().resolve("networks");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void warn(String message) {
        System.err.println("WARN[0000] " + message);
    }

    // ---- what inspect, ps and port show --------------------------------------------------------

    /** inspect's NetworkSettings, as podman 4.3.1 prints them; the addresses only while the network is set up. */
    Map<String, Object> settings(String id, Map<String, Object> config) {
        NetworkRequest net = NetworkConfig.of(config);
        if (net.mode() == Mode.CONTAINER) {
            // podman (getContainerNetworkInfo): a container in another's namespace shows that container's settings
            ContainerRow other = findContainer.apply(net.modeValue());
            if (other != null && !other.id().equals(id)) {
                return settings(other.id(), Json.object(other.config(), "container config"));
            }
        }
        Map<String, Netavark.Status> status = status(id);
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> first = null;
        Map<String, Object> nets = new LinkedHashMap<>();
        for (Map.Entry<String, Attachment> e : net.networks().entrySet()) {
            Map<String, Object> n = endpoint(status.get(e.getKey()), e.getValue().interfaceName());
            n.put("NetworkID", e.getKey());
            n.put("DriverOpts", null);
            n.put("IPAMConfig", null);
            n.put("Links", null);
            List<String> aliases = new ArrayList<>(e.getValue().aliases());
            aliases.add(id.substring(0, 12));
            n.put("Aliases", aliases);
            nets.put(e.getKey(), n);
            first = first == null ? n : first;
        }
        // podman 4.3.1 fills the top-level addresses only when the default network is the only one
        Map<String, Object> top = nets.size() == 1 && nets.containsKey(NetworkStore.DEFAULT_NAME) ? first : endpoint(null, "");
        if (net.mode() == Mode.NS) {
            top = joinedNamespace(id, net.modeValue());
        }
        for (Map.Entry<String, Object> e : top.entrySet()) {
            if (!e.getKey().equals("NetworkID") && !e.getKey().equals("DriverOpts") && !e.getKey().equals("IPAMConfig")
                    && !e.getKey().equals("Links") && !e.getKey().equals("Aliases")) {
                m.put(e.getKey(), e.getValue());
            }
        }
        m.put("Bridge", "");
        m.put("SandboxID", "");
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("Ports", NetworkConfig.portBindings(net));
        m.put("SandboxKey", sandboxKey(id));   // the namespace stays after its last network is disconnected
        if (net.mode() == Mode.BRIDGE && !nets.isEmpty()) {   // Go's omitempty once every network is disconnected
            m.put("Networks", nets);
        }
        return m;
    }

    /**
     * podman's resultToBasicNetworkConfig of the namespace's interfaces (by name): the first IPv4 and IPv6 address
     * with their gateway (Go prints a missing one as {@code <nil>}), the others as secondary addresses, the first
     * interface's MAC and the others' as additional ones. A namespace that cannot be read gives the empty fields,
     * with podman's error on stderr.
     */
    private static Map<String, Object> joinedNamespace(String id, String path) {
        List<io.peapod.network.JoinedNamespace.Interface> ifs;
        try {
            ifs = io.peapod.network.JoinedNamespace.inspect(Path.of(path));
        } catch (RuntimeException e) {
            System.err.println("ERRO[0000] Inspecting network namespace: " + path + " of container " + id + ": " + e.getMessage());
            return endpoint(null, "");
        }
        String ip4 = "", gw4 = "", ip6 = "", gw6 = "", mac = "";
        int len4 = 0, len6 = 0;
        List<Object> more4 = new ArrayList<>(), more6 = new ArrayList<>(), macs = new ArrayList<>();
        for (io.peapod.network.JoinedNamespace.Interface i : ifs) {
            for (io.peapod.network.JoinedNamespace.Address a : i.subnets()) {
                String gw = a.gateway() == null ? "<nil>" : a.gateway();
                boolean v6 = a.ip().contains(":");
                if (!v6 && ip4.isEmpty()) {
                    ip4 = a.ip();
                    len4 = a.prefixLen();
                    gw4 = gw;
                } else if (v6 && ip6.isEmpty()) {
                    ip6 = a.ip();
                    len6 = a.prefixLen();
                    gw6 = gw;
                } else {
                    Map<String, Object> addr = new LinkedHashMap<>();
                    addr.put("Addr", a.ip());
                    addr.put("PrefixLength", a.prefixLen());
                    (v6 ? more6 : more4).add(addr);
                }
            }
            if (mac.isEmpty()) {
                mac = i.mac();
            } else {
                macs.add(i.mac());
            }
        }
        Map<String, Object> n = new LinkedHashMap<>();   // InspectBasicNetworkConfig's field order, omitempty as Go
        n.put("EndpointID", "");
        n.put("Gateway", gw4);
        n.put("IPAddress", ip4);
        n.put("IPPrefixLen", len4);
        if (!more4.isEmpty()) {
            n.put("SecondaryIPAddresses", more4);
        }
        n.put("IPv6Gateway", gw6);
        n.put("GlobalIPv6Address", ip6);
        n.put("GlobalIPv6PrefixLen", len6);
        if (!more6.isEmpty()) {
            n.put("SecondaryIPv6Addresses", more6);
        }
        n.put("MacAddress", mac);
        if (!macs.isEmpty()) {
            n.put("AdditionalMACAddresses", macs);
        }
        return n;
    }

    /** One network's addresses in inspect's words, empty when not set up. */
    private static Map<String, Object> endpoint(Netavark.Status s, String iface) {
        Netavark.Interface i = s == null ? null : s.interfaces().get(iface);
        String ip4 = "", gw4 = "", ip6 = "", gw6 = "";
        int len4 = 0, len6 = 0;
        if (i != null) {
            for (Netavark.Subnet sn : i.subnets()) {
                int slash = sn.ipnet().indexOf('/');
                String ip = sn.ipnet().substring(0, slash);
                int len = Integer.parseInt(sn.ipnet().substring(slash + 1));
                if (ip.contains(":") && ip6.isEmpty()) {
                    ip6 = ip;
                    len6 = len;
                    gw6 = sn.gateway() == null ? "" : sn.gateway();
                } else if (!ip.contains(":") && ip4.isEmpty()) {
                    ip4 = ip;
                    len4 = len;
                    gw4 = sn.gateway() == null ? "" : sn.gateway();
                }
            }
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("EndpointID", "");
        n.put("Gateway", gw4);
        n.put("IPAddress", ip4);
        n.put("IPPrefixLen", len4);
        n.put("IPv6Gateway", gw6);
        n.put("GlobalIPv6Address", ip6);
        n.put("GlobalIPv6PrefixLen", len6);
        n.put("MacAddress", i == null ? "" : i.macAddress());
        return n;
    }

    /** netavark's answer for a running container, or empty when its network is not set up. */
    Map<String, Netavark.Status> status(String id) {
        try {
            Map<String, Object> state = Json.object(Files.readAllBytes(stateFile(id)), "network state");
            Object status = state.get("status");
            return status == null ? Map.of() : Netavark.parseStatus(JsonWriter.write(status, false));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** The namespace path of a container whose network is set up, or "". */
    String sandboxKey(String id) {
        try {
            Map<String, Object> state = Json.object(Files.readAllBytes(stateFile(id)), "network state");
            String ns = Json.string(state.get("netns"));
            return ns == null || ns.isEmpty() ? "" : new NetNamespace(ns).path().toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The state file as written ({"netns", "request", "status"}), or null when the container's network is not
     * set up; {@link NetworkAttachments} changes it while the container runs.
     */
    Map<String, Object> state(String id) {
        Path file = stateFile(id);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.object(Files.readAllBytes(file), "network state");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Replaces the state file whole (by rename), so {@link #leave} always reads one consistent version. */
    void replaceState(String id, Map<String, Object> state) throws IOException {
        Path file = stateFile(id);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(id + ".tmp");
        Files.write(tmp, JsonWriter.write(state, false));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A container in another's namespace: the line it added to that container's hosts file, for leave(). */
    private void writeSharedHostsState(String id, Path hosts, List<EtcFiles.HostEntry> added) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("sharedHosts", hosts.toString());
        List<Object> entries = new ArrayList<>();
        for (EtcFiles.HostEntry e : added) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ip", e.ip());
            m.put("names", e.names());
            entries.add(m);
        }
        state.put("entries", entries);
        replaceState(id, state);
    }

    private void writeState(String id, String netns, byte[] request, byte[] status) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("netns", netns);
        if (request != null) {
            state.put("request", JsonReader.parse(request));
        }
        if (status != null) {
            state.put("status", JsonReader.parse(status));
        }
        Path file = stateFile(id);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(id + ".tmp");
        Files.write(tmp, JsonWriter.write(state, false));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String read(Path p) {
        try {
            return Files.isReadable(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
