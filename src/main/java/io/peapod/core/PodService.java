package io.peapod.core;

import io.peapod.core.names.ContainerIds;
import io.peapod.core.names.NameGenerator;
import io.peapod.core.names.Urandom;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.PodCreateSpec;
import io.peapod.engine.PodSummary;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.PodRow;
import io.peapod.state.PodRows;
import io.peapod.storage.Store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods (podman's libpod pod code): a row in the {@code pods} table and an infra container holding the
 * namespaces the pod's containers share. A container belongs to a pod through its config's {@code "pod"};
 * joining the namespaces is {@link PodMembers}' part of the container start.
 */
final class PodService {
    static final String CGROUP_PARENT = "/libpod_parent";

    private final Store store;
    private final ContainerService containers;
    private final ImageService images;

    PodService(Store store, ContainerService containers, ImageService images) {
        this.store = store;
        this.containers = containers;
        this.images = images;
    }

    // ---- lookup --------------------------------------------------------------------------------

    List<PodRow> rows() {
        return store.db().read(PodRows::all);
    }

    static PodRow findOrNull(String nameOrId, List<PodRow> all) {
        for (PodRow p : all) {
            if (p.id().equals(nameOrId) || p.name().equals(nameOrId)) {
                return p;
            }
        }
        List<PodRow> byPrefix = nameOrId.isEmpty() ? List.of() : all.stream().filter(p -> p.id().startsWith(nameOrId)).toList();
        if (byPrefix.size() > 1) {
            throw new EngineException("more than one result for pod \"" + nameOrId + "\"");
        }
        return byPrefix.isEmpty() ? null : byPrefix.getFirst();
    }

    PodRow findOrNull(String nameOrId) {
        return findOrNull(nameOrId, rows());
    }

    PodRow find(String nameOrId) {
        PodRow p = findOrNull(nameOrId);
        if (p == null) {
            throw noSuchPod(nameOrId);
        }
        return p;
    }

    static EngineException noSuchPod(String nameOrId) {
        return new EngineException("no pod with name or ID " + nameOrId + " found: no such pod");
    }

    /** The pod's containers, oldest first. */
    List<ContainerRow> members(PodRow pod) {
        return members(pod.id(), containers.rows());
    }

    static List<ContainerRow> members(String podId, List<ContainerRow> all) {
        List<ContainerRow> out = new ArrayList<>();
        for (ContainerRow r : all) {
            if (podId.equals(podOf(r))) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(ContainerRow::created));
        return out;
    }

    /** The pod of the container named, or "" (also for no such container). */
    static String podOf(ContainerService containers, String nameOrId) {
        ContainerRow r = containers.findOrNull(nameOrId);
        return r == null ? "" : podOf(r);
    }

    /** The pod a container belongs to, or "". */
    static String podOf(ContainerRow r) {
        Object pod = Json.object(r.config(), "container config").get(PodMembers.KEY);
        return pod == null ? "" : String.valueOf(pod);
    }

    // ---- create --------------------------------------------------------------------------------

    String create(PodCreateSpec spec) throws IOException {
        if (!spec.name().isEmpty() && !NameGenerator.isValidName(spec.name())) {
            throw new EngineException("running pod create option: " + NameGenerator.INVALID_NAME_MESSAGE);
        }
        if (!spec.exitPolicy().equals("continue") && !spec.exitPolicy().equals("stop")) {
            throw new EngineException("running pod create option: invalid pod exit policy: \"" + spec.exitPolicy() + "\"");
        }
        PodResources.check(spec.settings(), spec.network());
        String image = !spec.infra() ? "" : spec.infraImage().isEmpty() ? PauseImage.ensure(store, images) : spec.infraImage();
        if (!spec.infra()) {
            return store.write(() -> {
                PodRow row = newPod(spec, rows());
                store.db().transaction(c -> {
                    PodRows.insert(c, row);
                    return null;
                });
                return row;
            }).id();
        }
        // Name checked (and generated) first for podman's error before any work, without the store's lock: it is
        // checked again in the transaction that records the infra container and the pod together (a pod and its
        // infra exist together or not at all).
        PodRow pod = newPod(spec, rows());
        String infraName = spec.infraName().isEmpty() ? ContainerIds.shortId(pod.id()) + "-infra" : spec.infraName();
        ContainerCreateSpec infra = new ContainerCreateSpec(image, infraName, List.of(),
                spec.infraCommand().isEmpty() ? null : spec.infraCommand(), List.of(), "", "",
                pod.shared().contains("uts") ? hostname(pod) : "", Map.of(), false, "", 10,
                spec.network(), false, false, spec.settings().mounts(), false, false, Map.of(), List.of(), false,
                ContainerCreateSpec.LogConfig.DEFAULT, ContainerCreateSpec.RestartPolicy.NONE, "").withPod(pod.id());
        // the pod's cgroup first: podman's errors for limits the kernel refuses come from writing them
        if (spec.settings().shareParent()) {
            PodCgroup.create(pod.id(), spec.settings());
        }
        try {
            containers.create(infra, (c, infraId) -> {
                checkName(PodRows.all(c), pod.name());
                PodRows.insert(c, pod.withInfra(infraId));
            }, io.peapod.engine.ContainerResources.NONE, spec.settings().userns());
        } catch (RuntimeException e) {
            PodCgroup.remove(pod.id());
            throw e;
        }
        return pod.id();
    }

    /** The row of a new pod: its name (given, or generated unlike any of {@code all}) checked against {@code all}. */
    private static PodRow newPod(PodCreateSpec spec, List<PodRow> all) {
        String name = spec.name().isEmpty()
                ? NameGenerator.generate(new Urandom(), n -> all.stream().anyMatch(p -> p.name().equals(n)))
                : spec.name();
        checkName(all, name);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("createCommand", spec.createCommand());
        config.put("infra", spec.infra());
        config.put(PodResources.KEY, PodResources.toJson(spec.settings()));
        java.time.Instant now = java.time.Instant.now();   // finer than milliseconds, as podman's times are
        return new PodRow(ContainerIds.newId(new Urandom()), name, now.getEpochSecond() * 1_000_000_000L + now.getNano(), "",
                spec.infra() ? spec.share() : List.of(), spec.exitPolicy(), spec.hostname(), spec.labels(),
                Json.bytes(config));
    }

    private static void checkName(List<PodRow> all, String name) {
        for (PodRow p : all) {
            if (p.name().equals(name)) {
                throw new EngineException("adding pod to state: name \"" + name + "\" is in use: pod already exists");
            }
        }
    }

    /** The hostname the pod's shared UTS namespace gets: {@code --hostname}, else the pod's name (podman's). */
    static String hostname(PodRow pod) {
        return pod.hostname().isEmpty() ? pod.name() : pod.hostname();
    }

    /**
     * A container create with {@code --pod}: the pod resolved, podman's refusals for settings the pod owns,
     * and the namespaces it shares turned into the container's settings (the network: the infra container's).
     */
    ContainerCreateSpec member(ContainerCreateSpec spec) {
        PodRow pod = find(spec.pod());
        NetworkRequest net = spec.network();
        boolean sharesNet = !pod.infraId().isEmpty() && pod.shared().contains("net");
        if (sharesNet && (!net.ports().isEmpty() || net.publishAll() || !net.expose().isEmpty())) {
            throw new EngineException("invalid config provided: published or exposed ports must be defined when the pod is created: "
                    + "network cannot be configured when it is shared with a pod");
        }
        if (sharesNet && (net.mode() != NetworkRequest.Mode.BRIDGE || !net.networks().isEmpty())) {
            throw new EngineException("invalid config provided: networks must be defined when the pod is created: "
                    + "network cannot be configured when it is shared with a pod");
        }
        boolean sharesUts = !pod.infraId().isEmpty() && pod.shared().contains("uts");
        if (sharesUts && spec.hostname() != null && !spec.hostname().isEmpty()) {
            throw new EngineException("invalid config provided: cannot set hostname when joining the pod UTS namespace: "
                    + "invalid configuration");
        }
        ContainerCreateSpec joined = spec.inPod(pod.id(), sharesNet ? NetworkRequest.of(NetworkRequest.Mode.CONTAINER, pod.infraId()) : net,
                sharesUts ? hostname(pod) : spec.hostname());
        return pod.infraId().isEmpty() ? joined : PodResources.inherit(joined, PodResources.of(pod));
    }

    // ---- start, stop ---------------------------------------------------------------------------

    /**
     * Starts the infra container, then the init containers one after the other, each run to its end (an
     * {@code once} one removed after), then the others.
     */
    String start(String nameOrId) throws InterruptedException {
        PodRow pod = find(nameOrId);
        if (!pod.infraId().isEmpty()) {
            containers.start(pod.infraId());
        }
        List<ContainerRow> regular = new ArrayList<>();
        for (ContainerRow r : members(pod)) {
            if (r.id().equals(pod.infraId())) {
                continue;
            }
            Object init = Json.object(r.config(), "container config").get(PodMembers.INIT_KEY);
            if (init == null) {
                regular.add(r);
                continue;
            }
            containers.start(r.id());
            containers.waitFor(r.id());
            if ("once".equals(init)) {
                containers.removeContainer(r.id(), true);
            }
        }
        for (ContainerRow r : regular) {
            containers.start(r.id());
        }
        return pod.id();
    }

    String stop(String nameOrId, int timeoutSeconds) throws InterruptedException {
        PodRow pod = find(nameOrId);
        List<String> regular = new ArrayList<>();
        for (ContainerRow r : members(pod)) {
            if (!r.id().equals(pod.infraId())) {
                regular.add(r.id());
            }
        }
        List<List<String>> waves = new ArrayList<>(List.of(regular));   // side by side, the infra last, as podman
        if (!pod.infraId().isEmpty() && containers.findOrNull(pod.infraId()) != null) {
            waves.add(List.of(pod.infraId()));
        }
        containers.stopInWaves(waves, timeoutSeconds);
        return pod.id();
    }

    /** Sends {@code signal} to each running container of the pod (the infra last); podman is silent when none runs. */
    String kill(String nameOrId, String signal) {
        PodRow pod = find(nameOrId);
        io.peapod.core.names.Signals.parse(signal);   // podman's "invalid signal" even when nothing runs
        for (ContainerRow r : infraLast(pod)) {
            ContainerRow now = containers.current(r);
            if (now != null && (now.state().equals(ContainerService.RUNNING) || now.state().equals(ContainerService.PAUSED))) {
                containers.kill(r.id(), signal);
            }
        }
        return pod.id();
    }

    /** Pauses each running container of the pod. */
    String pause(String nameOrId) {
        PodRow pod = find(nameOrId);
        for (ContainerRow r : infraLast(pod)) {
            ContainerRow now = containers.current(r);
            if (now != null && now.state().equals(ContainerService.RUNNING)) {
                ContainerPause.pause(containers, r.id());
            }
        }
        return pod.id();
    }

    /** Resumes each paused container of the pod. */
    String unpause(String nameOrId) {
        PodRow pod = find(nameOrId);
        for (ContainerRow r : members(pod)) {
            ContainerRow now = containers.current(r);
            if (now != null && now.state().equals(ContainerService.PAUSED)) {
                ContainerPause.unpause(containers, r.id());
            }
        }
        return pod.id();
    }

    /** Stops the pod, then starts it again (podman's pod restart). */
    String restart(String nameOrId) throws InterruptedException {
        stop(nameOrId, -1);
        return start(nameOrId);
    }

    /** The pod's containers, the infra container last (it holds the namespaces the others use). */
    private List<ContainerRow> infraLast(PodRow pod) {
        List<ContainerRow> out = new ArrayList<>(members(pod));
        out.sort(Comparator.comparing(r -> r.id().equals(pod.infraId())));
        return out;
    }

    /**
     * {@code --exit-policy stop}: once no container of the pod but its infra runs, the infra container is
     * stopped too, so the pod shows Exited (podman's rule: "the pod stops when its last container exits").
     */
    void applyExitPolicy(String podId) throws InterruptedException {
        PodRow pod = podId.isEmpty() ? null : findOrNull(podId);
        if (pod == null || !pod.exitPolicy().equals("stop") || pod.infraId().isEmpty()) {
            return;
        }
        ContainerRow infra = containers.findOrNull(pod.infraId());
        if (infra == null || !ContainerService.RUNNING.equals(containers.synced(infra).state())) {
            return;
        }
        for (ContainerRow r : members(pod)) {
            String state = containers.synced(r).state();
            if (!r.id().equals(pod.infraId()) && (state.equals(ContainerService.RUNNING) || state.equals(ContainerService.PAUSED))) {
                return;
            }
        }
        containers.stop(infra.id(), -1);
    }

    // ---- remove --------------------------------------------------------------------------------

    String remove(String nameOrId, boolean force, int timeoutSeconds) throws InterruptedException {
        PodRow pod = find(nameOrId);
        List<ContainerRow> members = members(pod);
        if (!force) {
            refuseRunning(pod, members);
        } else {
            stop(pod.id(), timeoutSeconds);
        }
        for (ContainerRow r : members) {
            if (!r.id().equals(pod.infraId())) {
                containers.removeContainer(r.id(), true);
            }
        }
        if (!pod.infraId().isEmpty() && containers.findOrNull(pod.infraId()) != null) {
            containers.removeContainer(pod.infraId(), true);
        }
        store.write(() -> store.db().transaction(c -> {
            PodRows.delete(c, pod.id());
            return null;
        }));
        PodCgroup.remove(pod.id());
        return pod.id();
    }

    /**
     * {@code rm} of a pod's infra container while other containers of the pod still use its namespaces:
     * podman's refusal (without {@code -f}). Once they are gone it may go, as {@code rm -a} removes it.
     */
    void refuseInfraRemoval(String nameOrId) {
        ContainerRow row = containers.findOrNull(nameOrId);
        if (row == null) {
            return;
        }
        String podId = podOf(row);
        PodRow pod = podId.isEmpty() ? null : findOrNull(podId);
        if (pod != null && pod.infraId().equals(row.id()) && members(pod).size() > 1) {
            throw new EngineException("container " + row.id() + " is the infra container of pod " + pod.id()
                    + " and cannot be removed without removing the pod");
        }
    }

    /** podman's refusal, one error per container that stays (a running one; the infra while others stay). */
    private void refuseRunning(PodRow pod, List<ContainerRow> members) {
        List<String> errors = new ArrayList<>();
        boolean othersStay = false;
        for (ContainerRow r : members) {
            ContainerRow now = containers.current(r);
            if (now == null || r.id().equals(pod.infraId())) {
                continue;
            }
            if (now.state().equals(ContainerService.RUNNING) || now.state().equals(ContainerService.PAUSED)) {
                othersStay = true;
                errors.add("removing container " + r.id() + " from pod " + pod.id() + ": cannot remove container " + r.id()
                        + " as it is " + now.state() + " - running or paused containers cannot be removed without force: "
                        + "container state improper");
            }
        }
        if (!pod.infraId().isEmpty()) {
            ContainerRow infra = containers.findOrNull(pod.infraId());
            ContainerRow now = infra == null ? null : containers.current(infra);
            if (now != null && othersStay) {
                errors.add("removing container " + infra.id() + " from pod " + pod.id() + ": a container that depends on container "
                        + infra.id() + " still exists: dependency exists");
            } else if (now != null && (now.state().equals(ContainerService.RUNNING) || now.state().equals(ContainerService.PAUSED))) {
                errors.add("removing container " + infra.id() + " from pod " + pod.id() + ": cannot remove container " + infra.id()
                        + " as it is " + now.state() + " - running or paused containers cannot be removed without force: "
                        + "container state improper");
            }
        }
        if (errors.size() == 1) {
            throw new EngineException(errors.getFirst());
        }
        if (!errors.isEmpty()) {
            // hashicorp/go-multierror's format, which podman prints as it is
            StringBuilder b = new StringBuilder(errors.size() + " errors occurred:");
            errors.forEach(e -> b.append("\n\t* ").append(e));
            throw new EngineException(b.append("\n").toString());
        }
    }

    /** {@code pod prune}: every pod none of whose containers runs or is paused. */
    List<String> prune() throws InterruptedException {
        List<String> removed = new ArrayList<>();
        for (PodSummary s : list()) {
            if (!s.status().equals("Running") && !s.status().equals("Degraded") && !s.status().equals("Paused")) {
                removed.add(remove(s.id(), true, 0));
            }
        }
        return removed;
    }

    // ---- listing, inspect ----------------------------------------------------------------------

    List<PodSummary> list() {
        List<ContainerRow> all = containers.rows();
        List<PodSummary> out = new ArrayList<>();
        for (PodRow pod : rows()) {
            List<PodSummary.Member> ms = new ArrayList<>();
            for (ContainerRow r : members(pod.id(), all)) {
                ContainerRow now = containers.current(r);
                if (now != null) {
                    ms.add(new PodSummary.Member(now.id(), now.name(), now.state()));
                }
            }
            out.add(new PodSummary(pod.id(), pod.name(), status(ms), pod.created(), pod.infraId(), pod.labels(),
                    networks(pod), CGROUP_PARENT, ms));
        }
        return out;
    }

    /** The networks of the pod's infra container ([] without one). */
    private List<String> networks(PodRow pod) {
        if (pod.infraId().isEmpty()) {
            return List.of();
        }
        ContainerRow infra = containers.findOrNull(pod.infraId());
        if (infra == null) {
            return List.of();
        }
        NetworkRequest net = NetworkConfig.of(Json.object(infra.config(), "container config"));
        return List.copyOf(net.networks().keySet());
    }

    /** libpod's GetPodStatus over its containers' states. */
    static String status(List<PodSummary.Member> members) {
        int running = 0, paused = 0, stopped = 0;
        for (PodSummary.Member m : members) {
            switch (m.status()) {
                case ContainerService.RUNNING -> running++;
                case ContainerService.PAUSED -> paused++;
                case ContainerService.EXITED -> stopped++;
                default -> { }
            }
        }
        int n = members.size();
        if (n == 0) return "Created";
        if (running == n) return "Running";
        if (running > 0) return "Degraded";
        if (paused == n) return "Paused";
        if (stopped == n) return "Exited";
        if (stopped > 0) return "Stopped";
        return "Created";
    }

    /** podman 4.3.1's pod inspect document. */
    Map<String, Object> inspect(String nameOrId) {
        PodRow pod = find(nameOrId);
        PodSummary summary = list().stream().filter(s -> s.id().equals(pod.id())).findFirst().orElseThrow(() -> noSuchPod(nameOrId));
        Map<String, Object> config = Json.object(pod.config(), "pod config");
        boolean infra = Boolean.TRUE.equals(config.get("infra"));
        io.peapod.engine.PodSettings settings = PodResources.of(pod);
        boolean cgroup = infra && settings.shareParent();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Id", pod.id());
        d.put("Name", pod.name());
        d.put("Created", new io.peapod.engine.Timestamp(pod.created()).rfc3339Nano());
        d.put("CreateCommand", config.getOrDefault("createCommand", List.of()));
        d.put("ExitPolicy", pod.exitPolicy());
        if (!settings.restart().name().isEmpty()) {
            d.put("RestartPolicy", settings.restart().name());   // podman 4.4's field (4.3.1 has no pod --restart)
        }
        d.put("State", summary.status());
        d.put("Hostname", pod.hostname());
        if (!pod.labels().isEmpty()) {
            d.put("Labels", pod.labels());
        }
        d.put("CreateCgroup", cgroup);
        d.put("CgroupParent", CGROUP_PARENT);
        if (cgroup) {
            d.put("CgroupPath", CGROUP_PARENT + "/" + pod.id());
        }
        d.put("CreateInfra", infra);
        if (!pod.infraId().isEmpty()) {
            d.put("InfraContainerID", pod.infraId());
            ContainerRow infraRow = containers.findOrNull(pod.infraId());
            if (infraRow != null) {
                d.put("InfraConfig", infraConfig(NetworkConfig.of(Json.object(infraRow.config(), "container config")), pod, settings));
            }
        }
        if (!pod.shared().isEmpty() || infra) {
            List<String> shared = new ArrayList<>(pod.shared());
            if (!settings.userns().isHost()) {
                shared.add("user");   // podman lists the user namespace the infra container makes for the pod
            }
            d.put("SharedNamespaces", shared);
        }
        d.put("NumContainers", summary.containers().size());
        if (!summary.containers().isEmpty()) {
            List<Map<String, Object>> cs = new ArrayList<>();
            for (PodSummary.Member m : summary.containers()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("Id", m.id());
                c.put("Name", m.name());
                c.put("State", m.status());
                cs.add(c);
            }
            d.put("Containers", cs);
        }
        List<Object> mounts = null;
        if (!settings.mounts().isEmpty() && !pod.infraId().isEmpty() && containers.findOrNull(pod.infraId()) != null) {
            mounts = Json.list(containers.inspect(pod.infraId()).get("Mounts"));   // the infra's, as podman shows them
        }
        PodResources.inspect(d, settings, mounts);
        return d;
    }

    /** InfraConfig's userns as podman 4.3.1 shows it: "private" for a given mapping, "host" for the host's and for auto. */
    private static String inspectUserns(io.peapod.engine.UserNamespaceRequest r) {
        if (r.hasMaps()) {
            return "private";
        }
        return r.mode().isEmpty() || r.mode().equals("auto") || r.mode().startsWith("auto:") ? "host" : r.mode();
    }

    private static Map<String, Object> infraConfig(NetworkRequest net, PodRow pod, io.peapod.engine.PodSettings settings) {
        Map<String, Object> c = new LinkedHashMap<>();
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (NetworkRequest.PortMapping p : net.ports()) {
            for (int i = 0; i < Math.max(1, p.range()); i++) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("HostIp", p.hostIp());
                b.put("HostPort", p.hostPort() == 0 ? "" : String.valueOf(p.hostPort() + i));
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) bindings.computeIfAbsent((p.containerPort() + i) + "/" + p.protocol(),
                        k -> new ArrayList<>());
                list.add(b);
            }
        }
        c.put("PortBindings", bindings);
        c.put("HostNetwork", net.mode() == NetworkRequest.Mode.HOST);
        c.put("StaticIP", "");
        c.put("StaticMAC", "");
        c.put("NoManageResolvConf", net.dns().equals(List.of("none")));
        c.put("DNSServer", net.dns().isEmpty() ? null : net.dns());
        c.put("DNSSearch", net.dnsSearch().isEmpty() ? null : net.dnsSearch());
        c.put("DNSOption", net.dnsOptions().isEmpty() ? null : net.dnsOptions());
        c.put("NoManageHosts", net.noHosts());
        c.put("HostAdd", net.addHosts().isEmpty() ? null : net.addHosts());
        c.put("Networks", List.copyOf(net.networks().keySet()));
        c.put("NetworkOptions", null);
        PodResources.inspectInfra(c, settings);
        c.put("pid_ns", "private");   // podman 4.3.1 shows "private" even with --share +pid
        c.put("userns", inspectUserns(settings.userns()));
        c.put("uts_ns", "private");
        return c;
    }
}
