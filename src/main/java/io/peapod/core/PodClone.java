package io.peapod.core;

import io.peapod.core.names.ContainerIds;
import io.peapod.core.names.NameGenerator;
import io.peapod.core.names.Urandom;
import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.PodCloneSpec;
import io.peapod.engine.PodSettings;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.ImageRow;
import io.peapod.state.Metadata;
import io.peapod.state.PodRow;
import io.peapod.state.PodRows;
import io.peapod.state.VolumeRows;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code pod clone} (libpod's pod clone): a new pod with the original's settings and a copy of each of
 * its containers, the infra container first. A copy takes the container's stored configuration as it is
 * (so every setting it was created with comes along, whatever flags made it), with a new id and name,
 * the new pod, the new infra container's namespaces, and a fresh read-write layer from the same image
 * (podman's clone does not copy the original's files either). Everything is recorded in one transaction:
 * a failure leaves neither the pod nor any copy.
 */
final class PodClone {
    private final Store store;
    private final ContainerService containers;
    private final ImageService images;
    private final Events events;

    PodClone(Store store, ContainerService containers, ImageService images, Events events) {
        this.store = store;
        this.containers = containers;
        this.images = images;
        this.events = events;
    }

    /** Returns the new pod's id. */
    String cloneOf(PodRow original, List<ContainerRow> members, PodCloneSpec spec) throws IOException {
        List<ContainerRow> made = new ArrayList<>();
        ContainerLayers layers = new ContainerLayers(store);
        String podId = store.write(() -> {
            List<PodRow> pods = store.db().read(PodRows::all);
            String name = !spec.name().isEmpty() ? spec.name() : unique(original.name() + "-clone",
                    n -> pods.stream().anyMatch(p -> p.name().equals(n)));
            if (!NameGenerator.isValidName(name)) {
                throw new EngineException("running pod create option: " + NameGenerator.INVALID_NAME_MESSAGE);
            }
            for (PodRow p : pods) {
                if (p.name().equals(name)) {
                    throw new EngineException("adding pod to state: name \"" + name + "\" is in use: pod already exists");
                }
            }
            Map<String, String> labels = new LinkedHashMap<>(original.labels());
            labels.putAll(spec.labels());
            Map<String, Object> podConfig = Json.object(original.config(), "pod config");
            podConfig.put("createCommand", List.of());   // podman's clone shows no CreateCommand
            PodSettings settings = settings(PodResources.of(original), spec.settings(), spec.changed());
            podConfig.put(PodResources.KEY, PodResources.toJson(settings));
            ContainerRow originalInfra = members.stream().filter(r -> r.id().equals(original.infraId())).findFirst().orElse(null);
            PodResources.check(settings, originalInfra == null ? NetworkRequest.DEFAULT
                    : NetworkConfig.of(Json.object(originalInfra.config(), "container config")));
            // -v: the volumes given reach the new infra container and every copy, as the pod's own do (below)
            ContainerVolumes.Prepared added = spec.changed().contains("volume")
                    ? new ContainerVolumes(store).prepare(spec.settings().mounts(), Map.of()) : null;
            java.time.Instant now = java.time.Instant.now();
            PodRow pod = new PodRow(ContainerIds.newId(new Urandom()), name, now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                    "", original.shared(), original.exitPolicy(), spec.hostname().isEmpty() ? original.hostname() : spec.hostname(),
                    labels, Json.bytes(podConfig));
            List<String> taken = new ArrayList<>(containers.rows().stream().map(ContainerRow::name).toList());
            Map<String, String> newIds = new LinkedHashMap<>();   // original → copy, the infra first
            List<ContainerRow> ordered = new ArrayList<>(members);
            ordered.sort(java.util.Comparator.comparing(r -> !r.id().equals(original.infraId())));
            for (ContainerRow r : ordered) {
                newIds.put(r.id(), ContainerIds.newId(new Urandom()));
            }
            PodRow withInfra = original.infraId().isEmpty() ? pod : pod.withInfra(newIds.get(original.infraId()));
            boolean cgroup = !original.infraId().isEmpty() && settings.shareParent();
            try {
                if (cgroup) {
                    PodCgroup.create(withInfra.id(), settings);   // the kernel's refusals of new limits, before any copy
                }
                for (ContainerRow r : ordered) {
                    boolean infra = r.id().equals(original.infraId());
                    String copyName = infra && !spec.infraName().isEmpty() ? spec.infraName()
                            : unique(r.name() + "-clone", taken::contains);
                    if (taken.contains(copyName)) {
                        throw new EngineException("creating container storage: the container name \"" + copyName
                                + "\" is already in use. You have to remove that container to be able to reuse that name: "
                                + "that name is already in use");
                    }
                    taken.add(copyName);
                    Map<String, Object> config = config(r, withInfra, newIds, infra ? spec.infraCommand() : "");
                    if (added != null) {
                        config.put(ContainerVolumes.KEY, withVolumes(ContainerVolumes.entries(config), added.entries, infra));
                    }
                    String id = newIds.get(r.id());
                    ImageRow image = images.find(r.imageId());
                    layers.create(id, image);
                    Files.createDirectories(containers.userdata(id));
                    made.add(new ContainerRow(id, copyName, r.imageId(), r.imageName(), Json.bytes(config),
                            ContainerService.CREATED, 0, 0, 0, System.currentTimeMillis() * 1_000_000L, 0, 0));
                }
                store.db().transaction(c -> {
                    PodRows.insert(c, withInfra);
                    if (added != null) {
                        added.insertVolumes(c);   // before the copies that use them
                    }
                    for (ContainerRow row : made) {
                        Metadata.insertContainer(c, row);
                        for (ContainerVolumes.Entry e : ContainerVolumes.entries(Json.object(row.config(), "container config"))) {
                            if (e.type().equals(MountRequest.VOLUME)) {
                                VolumeRows.attach(c, row.id(), e.source(), e.destination());
                            }
                        }
                    }
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                if (added != null) {
                    added.discard();
                }
                if (cgroup) {
                    PodCgroup.remove(withInfra.id());
                }
                for (String id : newIds.values()) {
                    try {
                        if (Files.exists(layers.dir(id))) {
                            layers.remove(id);
                        }
                    } catch (IOException | RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            return withInfra.id();
        });
        for (ContainerRow row : made) {
            events.container(Events.CREATE, row);
        }
        return podId;
    }

    /**
     * The copy's configuration: the new pod, the new infra container's network namespace, the pod's
     * hostname when it shares UTS, and for the infra container {@code --infra-command} when given.
     */
    private static Map<String, Object> config(ContainerRow r, PodRow pod, Map<String, String> newIds, String infraCommand) {
        Map<String, Object> config = Json.object(r.config(), "container config");
        config.put(PodMembers.KEY, pod.id());
        NetworkRequest net = NetworkConfig.of(config);
        if (net.mode() == NetworkRequest.Mode.CONTAINER && newIds.containsKey(net.modeValue())) {
            net = new NetworkRequest(net.mode(), newIds.get(net.modeValue()), net.networks(), net.ports(), net.publishAll(),
                    net.expose(), net.dns(), net.dnsSearch(), net.dnsOptions(), net.addHosts(), net.noHosts());
            config.put(NetworkConfig.KEY, NetworkConfig.toJson(net));
        }
        if (!pod.infraId().isEmpty() && pod.shared().contains("uts")) {
            config.put("hostname", PodService.hostname(pod));
        }
        if (!infraCommand.isEmpty()) {
            config.put("entrypoint", List.of(infraCommand));
            config.put("command", List.of());
            config.put("args", List.of(infraCommand));
        }
        return config;
    }

    /**
     * A copy's mounts with the volumes of clone's -v: placed first, as podman's clone lists what a container inherits
     * from its infra container; the infra copy's own at the same destination give way, another copy's own win there.
     */
    static List<Map<String, Object>> withVolumes(List<ContainerVolumes.Entry> own, List<ContainerVolumes.Entry> given,
                                                 boolean infra) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ContainerVolumes.Entry g : given) {
            if (infra || own.stream().noneMatch(o -> samePath(o.destination(), g.destination()))) {
                out.add(g.toJson());
            }
        }
        for (ContainerVolumes.Entry o : own) {
            if (!infra || given.stream().noneMatch(g -> samePath(o.destination(), g.destination()))) {
                out.add(o.toJson());
            }
        }
        return out;
    }

    private static boolean samePath(String a, String b) {
        return java.nio.file.Path.of(a).normalize().equals(java.nio.file.Path.of(b).normalize());
    }

    /** The pod's volumes after clone's -v: those given, then the original's at other destinations. */
    static List<MountRequest> mounts(List<MountRequest> original, List<MountRequest> given) {
        List<MountRequest> out = new ArrayList<>(given);
        for (MountRequest m : original) {
            if (given.stream().noneMatch(g -> samePath(g.destination(), m.destination()))) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The copy's pod-wide settings: each flag given replaces the original's setting (a list flag, the whole list:
     * as podman's clone, whose specgen starts from the original's and takes the flags given over it); -v adds to
     * the pod's volumes instead (podman 4.3.1 keeps the original's too, then fails on them: see design-notes).
     */
    private static final Set<String> USERNS_FLAGS = Set.of("userns", "uidmap", "gidmap", "subuidname", "subgidname");

    static PodSettings settings(PodSettings original, PodSettings given, Set<String> changed) {
        return new PodSettings(
                changed.contains("cpus") ? given.cpus() : original.cpus(),
                changed.contains("cpuset-cpus") ? given.cpusetCpus() : original.cpusetCpus(),
                changed.contains("cpu-shares") ? given.cpuShares() : original.cpuShares(),
                changed.contains("memory") ? given.memory() : original.memory(),
                changed.contains("memory-swap") ? given.memorySwap() : original.memorySwap(),
                changed.contains("volume") ? mounts(original.mounts(), given.mounts()) : original.mounts(),
                changed.contains("device") ? given.devices() : original.devices(),
                changed.contains("security-opt") ? given.securityOpts() : original.securityOpts(),
                changed.contains("sysctl") ? given.sysctls() : original.sysctls(),
                changed.contains("shm-size") ? given.shmSize() : original.shmSize(),
                changed.contains("restart") ? given.restart() : original.restart(),
                changed.contains("infra-conmon-pidfile") ? given.infraConmonPidFile() : original.infraConmonPidFile(),
                changed.contains("share-parent") ? given.shareParent() : original.shareParent(),
                changed.stream().anyMatch(USERNS_FLAGS::contains) ? given.userns() : original.userns());
    }

    /** {@code base}, else base1, base2...: how podman names a clone when the name is taken. */
    static String unique(String base, Predicate<String> taken) {
        if (!taken.test(base)) {
            return base;
        }
        for (int i = 1; ; i++) {
            if (!taken.test(base + i)) {
                return base + i;
            }
        }
    }
}
