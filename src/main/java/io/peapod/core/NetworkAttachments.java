package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.ConnectOptions;
import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.ReloadResult;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.NetworkRequest.Attachment;
import io.peapod.engine.NetworkRequest.Mode;
import io.peapod.engine.NetworkRequest.PortMapping;
import io.peapod.image.Json;
import io.peapod.json.JsonWriter;
import io.peapod.network.EtcFileEdits;
import io.peapod.network.EtcFiles;
import io.peapod.network.Ipam;
import io.peapod.network.NetNamespace;
import io.peapod.network.Netavark;
import io.peapod.network.NetworkBackend;
import io.peapod.network.NetworkStore;
import io.peapod.state.ContainerRow;
import io.peapod.state.Metadata;
import io.peapod.storage.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What networks do with the containers attached to them (podman 4.3.1's {@code network connect},
 * {@code disconnect}, {@code reload}, and {@code rm}/{@code prune}/{@code ls --filter dangling} knowing which
 * networks are in use). A container's networks are its stored settings (config "net"); on a running container
 * connect and disconnect also run netavark for that one network on its namespace and keep the network state
 * file ({@link ContainerNetwork}) naming exactly what is set up, so that the cleanup's teardown undoes it all.
 * Changes happen under the store lock, as the cleanup's teardown does.
 */
final class NetworkAttachments {
    private final ContainerService containers;
    private final Store store;
    private final Supplier<NetworkStore> networks;
    private final ContainerNetwork network;
    private final Events events;

    NetworkAttachments(ContainerService containers, Supplier<NetworkStore> networks, Events events) {
        this.containers = containers;
        this.events = events;
        this.store = containers.store();
        this.networks = networks;
        this.network = new ContainerNetwork(store, networks, containers::findOrNull);
    }

    // ---- connect, disconnect -------------------------------------------------------------------

    void connect(String networkName, String nameOrId, ConnectOptions options) {
        store.write(() -> {
            ContainerRow row = containers.find(nameOrId);
            Map<String, Object> config = Json.object(row.config(), "container config");
            NetworkRequest net = bridgeSettings(config);
            NetworkStore nets = networks.get();
            Network n = find(nets, networkName);
            if (net.networks().containsKey(n.name())) {
                if (row.state().equals(ContainerService.CREATED)) {
                    return null;   // podman: Docker's answer for a container not yet started, a no-op
                }
                throw new EngineException("container " + row.id() + " is already connected to network \"" + n.name()
                        + "\": network is already connected");
            }
            List<String> used = net.networks().values().stream().map(Attachment::interfaceName).toList();
            List<String> ips = new ArrayList<>();
            if (!options.ip().isEmpty()) ips.add(options.ip());
            if (!options.ip6().isEmpty()) ips.add(options.ip6());
            Attachment a = new Attachment(ips, options.macAddress(), options.aliases(), NetworkStateEdit.freeInterfaceName(used));
            Map<String, Attachment> changed = new LinkedHashMap<>(net.networks());
            changed.put(n.name(), a);
            Map<String, Object> state = liveState(row);
            if (state != null) {
                setUp(row, net, n, a, state, nets);
            }
            try {
                save(row, config, net, changed);
            } catch (RuntimeException e) {
                if (state != null) {
                    tearDown(row, network.state(row.id()), n.name(), nets, true);
                }
                throw e;
            }
            events.network("connect", row, n.name());
            return null;
        });
    }

    void disconnect(String networkName, String nameOrId, boolean force) {
        store.write(() -> {
            ContainerRow row = containers.find(nameOrId);
            Map<String, Object> config = Json.object(row.config(), "container config");
            NetworkRequest net = bridgeSettings(config);
            NetworkStore nets = networks.get();
            Network n = find(nets, networkName);
            if (!net.networks().containsKey(n.name())) {
                if (net.networks().isEmpty()) {
                    // podman's database answers when the container has no network at all
                    throw new EngineException("container " + row.id() + " is not connected to CNI network \"" + n.name()
                            + "\": network not found");
                }
                throw new EngineException("container " + nameOrId + " is not connected to network " + n.name());
            }
            Map<String, Object> state = liveState(row);
            if (state != null) {
                tearDown(row, state, n.name(), nets, force);
            }
            Map<String, Attachment> changed = new LinkedHashMap<>(net.networks());
            changed.remove(n.name());
            save(row, config, net, changed);
            events.network("disconnect", row, n.name());
            return null;
        });
    }

    /** podman refuses connect and disconnect for a container that is not on bridge networks, naming its empty mode. */
    private static NetworkRequest bridgeSettings(Map<String, Object> config) {
        NetworkRequest net = NetworkConfig.of(config);
        if (net.mode() != Mode.BRIDGE) {
            throw new EngineException("\"\" is not supported: invalid network mode");
        }
        return net;
    }

    /** A missing network is an ordinary engine error here (125), where {@code network rm} exits 1. */
    private static Network find(NetworkStore nets, String name) {
        try {
            return nets.find(name);
        } catch (EngineException e) {
            throw new EngineException(e.getMessage());
        }
    }

    /** The network state of a container whose namespace is set up now, else null (its next start reads the settings). */
    private Map<String, Object> liveState(ContainerRow row) {
        ContainerRow now = containers.synced(row);
        if (!now.state().equals(ContainerService.RUNNING) && !now.state().equals(ContainerService.PAUSED)) {
            return null;
        }
        Map<String, Object> state = network.state(row.id());
        String ns = state == null ? null : Json.string(state.get("netns"));
        if (ns == null || ns.isEmpty() || !Files.exists(new NetNamespace(ns).path())) {
            return null;
        }
        return state;
    }

    private void save(ContainerRow row, Map<String, Object> config, NetworkRequest net, Map<String, Attachment> networks) {
        NetworkRequest changed = new NetworkRequest(net.mode(), net.modeValue(), networks, net.ports(), net.publishAll(),
                net.expose(), net.dns(), net.dnsSearch(), net.dnsOptions(), net.addHosts(), net.noHosts());
        Map<String, Object> updated = new LinkedHashMap<>(config);
        updated.put(NetworkConfig.KEY, NetworkConfig.toJson(changed));
        byte[] bytes = Json.bytes(updated);
        store.db().transaction(c -> {
            Metadata.updateContainerConfig(c, row.id(), bytes);
            return null;
        });
    }

    /**
     * Joins the running container's namespace to one more network: its addresses from IPAM, netavark's setup
     * with podman's request (the container's ports, that network alone), the state file naming it before
     * netavark runs (so a crash meanwhile still tears it down) and netavark's answer after.
     */
    private void setUp(ContainerRow row, NetworkRequest net, Network n, Attachment a, Map<String, Object> state,
                       NetworkStore nets) throws IOException {
        String id = row.id();
        Netavark.Attachment attachment = allocate(id, n, a);
        List<PortMapping> ports = net.ports();
        Map<String, Map<String, Object>> info = new LinkedHashMap<>();
        info.put(n.name(), n.document());
        byte[] request = Netavark.request(id, row.name(), ports, Map.of(n.name(), attachment), info);
        Map<String, Object> pending = NetworkStateEdit.withRequest(state, request);
        try {
            network.replaceState(id, pending);
            NetNamespace ns = new NetNamespace(Json.string(state.get("netns")));
            NetworkBackend backend = ContainerNetwork.backend();
            byte[] answer = nets.locked(() -> backend.setup(ns.path(), request));
            network.replaceState(id, NetworkStateEdit.withStatus(pending, answer));
            etcFiles(row, net, Netavark.parseStatus(answer).get(n.name()), true);
        } catch (IOException | RuntimeException e) {
            release(id, n.name());
            network.replaceState(id, state);
            throw e;
        }
    }

    /**
     * podman's edits of the running container's /etc/hosts (a line per address of the network) and resolv.conf
     * (the network's DNS servers first) on connect, undone on disconnect. The files are bind-mounted: they are
     * rewritten in place, never replaced. A failure here is a warning, as the network itself is joined.
     */
    private void etcFiles(ContainerRow row, NetworkRequest net, Netavark.Status status, boolean add) {
        if (status == null) {
            return;
        }
        List<String> ips = new ArrayList<>();
        status.interfaces().values().forEach(i -> i.subnets().forEach(s -> ips.add(s.ipnet().substring(0, s.ipnet().indexOf('/')))));
        Path userdata = containers.userdata(row.id());
        try {
            Path hosts = userdata.resolve("hosts");
            if (!net.noHosts() && Files.exists(hosts)) {
                String hostname = ContainerConfig.hostname(row.id(), Json.object(row.config(), "container config"));
                List<EtcFiles.HostEntry> entries = EtcFileEdits.entries(ips, hostname, row.name());
                String text = Files.readString(hosts);
                Files.writeString(hosts, add ? EtcFileEdits.addHosts(text, entries) : EtcFileEdits.removeHosts(text, entries));
            }
            Path resolv = userdata.resolve("resolv.conf");
            if (net.dns().isEmpty() && !status.dnsServerIps().isEmpty() && Files.exists(resolv)) {
                String text = Files.readString(resolv);
                Files.writeString(resolv, add ? EtcFileEdits.addNameservers(text, status.dnsServerIps())
                        : EtcFileEdits.removeNameservers(text, status.dnsServerIps()));
            }
        } catch (IOException e) {
            System.err.println("WARN[0000] updating /etc/hosts and /etc/resolv.conf of container " + row.id() + ": " + e.getMessage());
        }
    }

    /** One network's addresses (IPv4 and IPv6): the one asked for in each subnet, else the next free one (as at start). */
    private Netavark.Attachment allocate(String id, Network n, Attachment a) {
        return store.db().transaction(c -> {
            List<String> ips = Ipam.assign(c, n.name(), n.subnets(), a.staticIps(), id);
            List<String> aliases = new ArrayList<>(a.aliases());
            aliases.add(id.substring(0, 12));
            return new Netavark.Attachment(ips, a.staticMac(), aliases, a.interfaceName());
        });
    }

    private void release(String id, String networkName) {
        store.db().transaction(c -> {
            Ipam.release(c, networkName, id);
            return null;
        });
    }

    /**
     * netavark's teardown of one network, as podman's disconnect asks it; then its addresses are freed and the
     * state file no longer names it. With {@code force} a failed teardown is a warning and the rest goes on.
     */
    private void tearDown(ContainerRow row, Map<String, Object> state, String networkName, NetworkStore nets, boolean force)
            throws IOException {
        String id = row.id();
        if (state == null) {
            return;
        }
        byte[] request = NetworkStateEdit.requestFor(state, networkName);
        Netavark.Status status = state.get("status") == null ? null
                : Netavark.parseStatus(JsonWriter.write(state.get("status"), false)).get(networkName);
        if (request != null) {
            NetNamespace ns = new NetNamespace(Json.string(state.get("netns")));
            try {
                NetworkBackend backend = ContainerNetwork.backend();
                nets.locked(() -> {
                    backend.teardown(ns.path(), request);
                    return null;
                });
            } catch (RuntimeException e) {
                if (!force) {
                    throw e;
                }
                System.err.println("WARN[0000] tearing down network " + networkName + " of container " + id + ": " + e.getMessage());
            }
        }
        release(id, networkName);
        network.replaceState(id, NetworkStateEdit.without(state, networkName));
        etcFiles(row, NetworkConfig.of(Json.object(row.config(), "container config")), status, false);
    }

    // ---- reload --------------------------------------------------------------------------------

    /**
     * podman's {@code network reload}: for each running container, netavark's teardown and a new setup with
     * the same request, each network keeping its addresses and MAC address, so lost firewall rules come back.
     * {@code all} takes every container (by id, as podman's database lists them) and leaves out those whose
     * network cannot be reloaded; named containers must all exist before anything is done.
     */
    List<ReloadResult> reload(List<String> names, boolean all) {
        List<ContainerRow> rows = new ArrayList<>();
        if (all) {
            rows.addAll(containers.rows());
            rows.sort(Comparator.comparing(ContainerRow::id));
        } else {
            for (String name : names) {
                rows.add(containers.find(name));
            }
        }
        List<ReloadResult> out = new ArrayList<>();
        for (ContainerRow r : rows) {
            String refused;
            try {
                refused = store.write(() -> reloadOne(r.id()));
            } catch (EngineException e) {
                out.add(new ReloadResult(r.id(), e.getMessage()));
                continue;
            }
            if (refused == null) {
                out.add(new ReloadResult(r.id(), null));
            } else if (!all) {
                out.add(new ReloadResult(r.id(), refused));
            }
        }
        return out;
    }

    /** Reloads one container's network; podman's refusal (state or mode) as a message, null when done. */
    private String reloadOne(String id) throws IOException {
        ContainerRow row = containers.findOrNull(id);
        if (row == null) {
            return "no container with name or ID \"" + id + "\" found: no such container";
        }
        if (!containers.synced(row).state().equals(ContainerService.RUNNING)) {
            return "cannot reload network unless container network has been configured: container state improper";
        }
        NetworkRequest net = NetworkConfig.of(Json.object(row.config(), "container config"));
        Map<String, Object> state = net.mode() == Mode.BRIDGE ? liveState(row) : null;
        if (state == null) {
            return "container " + id + " network is not configured, refusing to reload: container state improper";
        }
        if (NetworkStateEdit.networks(state).isEmpty()) {
            return null;   // a namespace with no network joined: nothing for netavark to make again
        }
        NetworkStore nets = networks.get();
        NetNamespace ns = new NetNamespace(Json.string(state.get("netns")));
        NetworkBackend backend = ContainerNetwork.backend();
        byte[] old = JsonWriter.write(state.get("request"), false);
        try {
            nets.locked(() -> {
                backend.teardown(ns.path(), old);
                return null;
            });
        } catch (RuntimeException e) {
            // after a firewall reload the rules to remove are gone: that is why one reloads
            System.err.println("WARN[0000] " + e.getMessage());
        }
        Map<String, Object> request = NetworkStateEdit.reloadRequest(state);
        byte[] bytes = JsonWriter.write(request, false);
        Map<String, Object> pending = new LinkedHashMap<>(state);
        pending.put("request", request);
        network.replaceState(id, pending);
        byte[] answer = nets.locked(() -> backend.setup(ns.path(), bytes));
        pending.remove("status");
        network.replaceState(id, NetworkStateEdit.withStatus(pending, answer));
        return null;
    }

    // ---- which networks are in use -------------------------------------------------------------

    /** The networks some container (in any state) is attached to: podman's "in use" for rm, prune and dangling. */
    Set<String> inUse() {
        Set<String> out = new LinkedHashSet<>();
        for (ContainerRow r : containers.rows()) {
            NetworkRequest net = NetworkConfig.of(Json.object(r.config(), "container config"));
            if (net.mode() == Mode.BRIDGE) {
                out.addAll(net.networks().keySet());
            }
        }
        return out;
    }

    private List<String> users(String networkName) {
        List<String> out = new ArrayList<>();
        for (ContainerRow r : containers.rows()) {
            NetworkRequest net = NetworkConfig.of(Json.object(r.config(), "container config"));
            if (net.mode() == Mode.BRIDGE && net.networks().containsKey(networkName)) {
                out.add(r.id());
            }
        }
        return out;
    }

    /**
     * podman's {@code network rm}: a network that containers use is refused (exit 2) unless {@code force},
     * which stops those containers ({@code timeoutSeconds}, as {@code stop -t}) and removes them with their
     * anonymous volumes first. Returns the name as given, as podman prints it.
     */
    String remove(String nameOrId, boolean force, int timeoutSeconds) throws InterruptedException {
        NetworkStore nets = networks.get();
        Network n = nets.find(nameOrId);
        List<String> users = users(n.name());
        if (!users.isEmpty()) {
            if (!force) {
                throw new EngineException("\"" + nameOrId + "\" has associated containers with it. Use -f to forcibly "
                        + "delete containers and pods: network is being used", 2);
            }
            if (n.name().equals(nets.defaultName())) {
                // refused before any container goes: podman would remove them and then refuse
                throw new EngineException("default network " + n.name() + " cannot be removed");
            }
            for (String id : users) {
                containers.stop(id, timeoutSeconds);
                if (containers.findOrNull(id) != null) {   // a --rm container is gone with its stop
                    containers.removeContainer(id, true, true);
                }
            }
        }
        nets.remove(n.name());
        return nameOrId;
    }
}
