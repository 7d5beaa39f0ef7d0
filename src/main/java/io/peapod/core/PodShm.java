package io.peapod.core;

import io.peapod.core.oci.OciMount;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.PodRow;
import io.peapod.state.PodRows;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.Mounts;
import io.peapod.storage.Store;
import io.peapod.sys.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code /dev/shm} of a pod that shares its IPC namespace, as podman makes it: a tmpfs mounted on the
 * host in the infra container's userdata ({@code userdata/shm}) when the infra container starts, bound
 * into the infra and into every other container of the pod, and unmounted when the infra container is
 * cleaned up or removed. (A mount namespace's own tmpfs cannot be bound into another container: runc
 * gets EINVAL for /proc/PID/root/dev/shm, hence the host-side mount.)
 */
final class PodShm {
    /** podman's mount options: mode=1777 and its 65536k default read as 65536000 bytes (shown as 64000k). */
    static final String DEFAULT_SIZE = "65536000";
    private static final List<String> BIND_OPTIONS = List.of("bind", "rprivate", "nosuid", "noexec", "nodev");

    private PodShm() {}

    /** The pod whose shared /dev/shm the container uses, or null. */
    private static PodRow sharingPod(Store store, Map<String, Object> config) {
        Object podId = config.get(PodMembers.KEY);
        if (podId == null || String.valueOf(podId).isEmpty()) {
            return null;
        }
        for (PodRow p : store.db().read(PodRows::all)) {
            if (p.id().equals(podId)) {
                return !p.infraId().isEmpty() && p.shared().contains("ipc") ? p : null;
            }
        }
        return null;
    }

    static Path dir(Store store, String infraId) {
        return new ContainerLayers(store).dir(infraId).resolve("userdata").resolve("shm");
    }

    /**
     * At a container's start: the bind mount of its pod's /dev/shm (none for a container outside such a pod,
     * or one whose infra's tmpfs is not there, which keeps the private tmpfs). The infra container mounts it.
     */
    static List<OciMount> startMounts(Store store, ContainerRow row, Map<String, Object> config) throws IOException {
        PodRow pod = sharingPod(store, config);
        if (pod == null) {
            return List.of();
        }
        Path shm = dir(store, pod.infraId());
        if (row.id().equals(pod.infraId()) && !mounted(shm)) {
            Files.createDirectories(shm);
            Mounts.mount("tmpfs", "shm", shm, LibC.MS_NOEXEC | LibC.MS_NOSUID | LibC.MS_NODEV, "mode=1777,size=" + size(pod));
        }
        return mounted(shm) ? List.of(new OciMount("/dev/shm", "bind", shm.toString(), BIND_OPTIONS)) : List.of();
    }

    /**
     * The tmpfs's size in bytes: the pod's {@code --shm-size} when its settings hold one ({@code "settings"} →
     * {@code "shmSize"} of the pod's config, 0 for the default), else podman's default.
     */
    static String size(PodRow pod) {
        Object settings = Json.object(pod.config(), "pod config").get("settings");
        if (settings instanceof Map<?, ?> m && m.get("shmSize") instanceof Number n && n.longValue() > 0) {
            return String.valueOf(n.longValue());
        }
        return DEFAULT_SIZE;
    }

    /** At the infra container's cleanup or removal (or a failed start): the tmpfs unmounted. */
    static void release(Store store, ContainerRow row) throws IOException {
        if (Json.object(row.config(), "container config").get(PodMembers.KEY) == null) {
            return;   // not in a pod: nothing of ours mounted
        }
        Path shm = dir(store, row.id());
        if (mounted(shm)) {
            Mounts.unmountLazy(shm);
        }
    }

    /** Whether something is mounted exactly at {@code dir}. */
    static boolean mounted(Path dir) throws IOException {
        String target = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && Mounts.unescape(f[4]).equals(target)) {
                return true;
            }
        }
        return false;
    }
}
