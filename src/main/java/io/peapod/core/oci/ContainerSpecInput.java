package io.peapod.core.oci;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link SpecGenerator} needs, already resolved by the caller: the image's entrypoint and
 * cmd merged into {@code args}, the user name turned into numbers, the per-container files written.
 *
 * @param network          "private" (a new netns with only loopback, brought up by runc), "host"
 *                         (no netns), or the path of a netns the network layer prepared
 * @param tmpfs            {@code --tmpfs} values, "/dest" or "/dest:opt,opt"
 * @param cgroupsPath      cgroupfs-manager path, podman's style is {@link #defaultCgroupsPath}
 * @param init             run the process under catatonit, mounted at /run/peapod-init
 * @param hostsFile        bind-mounted at /etc/hosts when not null; likewise the next three
 * @param privateCgroupNs  podman's default is a private cgroup namespace on cgroup v2 only
 * @param pidsLimit        podman's default pids_limit is 2048; 0 writes no pids limit
 * @param oomScoreAdj      null leaves the runtime's (inherited) value, as podman does by default
 * @param seccompProfile   null for the default profile, "unconfined" for none, else a file path
 * @param hostUts          the host's UTS namespace (podman's default with --network host and no --hostname):
 *                         no uts namespace and no hostname in the spec
 * @param namespacePaths   OCI namespace type (ipc, uts, pid, cgroup) → path of a namespace to join (a pod's)
 * @param extras           devices, sysctls, security options and /dev/shm's size a pod gives its containers
 */
public record ContainerSpecInput(
        String id, String hostname, Path rootfs, boolean readOnly,
        List<String> args, List<String> env, String workingDir,
        int uid, int gid, List<Integer> additionalGids, boolean terminal,
        Map<String, String> annotations, List<OciMount> mounts, List<String> tmpfs,
        List<String> capAdd, List<String> capDrop, boolean privileged, List<Ulimit> ulimits,
        String network, String cgroupsPath, boolean init,
        Path hostsFile, Path hostnameFile, Path resolvConfFile, Path containerEnvFile,
        boolean privateCgroupNs, long pidsLimit, Integer oomScoreAdj, String seccompProfile, boolean hostUts,
        Map<String, String> namespacePaths, SpecExtras extras) {

    public static final int DEFAULT_PIDS_LIMIT = 2048;

    public ContainerSpecInput {
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        annotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        mounts = List.copyOf(mounts);
        tmpfs = List.copyOf(tmpfs);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        ulimits = List.copyOf(ulimits);
        extras = extras == null ? SpecExtras.NONE : extras;
        namespacePaths = namespacePaths == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(namespacePaths));
        if (args.isEmpty()) {
            throw new SpecException("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
        }
    }

    /** The same input joining these namespaces (a pod's) by path. */
    public ContainerSpecInput withNamespacePaths(Map<String, String> paths) {
        return new ContainerSpecInput(id, hostname, rootfs, readOnly, args, env, workingDir, uid, gid, additionalGids,
                terminal, annotations, mounts, tmpfs, capAdd, capDrop, privileged, ulimits, network, cgroupsPath, init,
                hostsFile, hostnameFile, resolvConfFile, containerEnvFile, privateCgroupNs, pidsLimit, oomScoreAdj,
                seccompProfile, hostUts, paths, extras);
    }

    /** The same input with these pod-given extras. */
    public ContainerSpecInput withExtras(SpecExtras value) {
        return new ContainerSpecInput(id, hostname, rootfs, readOnly, args, env, workingDir, uid, gid, additionalGids,
                terminal, annotations, mounts, tmpfs, capAdd, capDrop, privileged, ulimits, network, cgroupsPath, init,
                hostsFile, hostnameFile, resolvConfFile, containerEnvFile, privateCgroupNs, pidsLimit, oomScoreAdj,
                seccompProfile, hostUts, namespacePaths, value);
    }

    /** The same input in another cgroup (a pod's containers are below the pod's cgroup). */
    public ContainerSpecInput withCgroupsPath(String value) {
        return new ContainerSpecInput(id, hostname, rootfs, readOnly, args, env, workingDir, uid, gid, additionalGids,
                terminal, annotations, mounts, tmpfs, capAdd, capDrop, privileged, ulimits, network, value, init,
                hostsFile, hostnameFile, resolvConfFile, containerEnvFile, privateCgroupNs, pidsLimit, oomScoreAdj,
                seccompProfile, hostUts, namespacePaths, extras);
    }

    /** What podman 4.3.1 writes with the cgroupfs manager: /libpod_parent/libpod-&lt;full id&gt;. */
    public static String defaultCgroupsPath(String id) {
        return "/libpod_parent/libpod-" + id;
    }

    public static Builder builder(String id, Path rootfs, String... args) {
        return new Builder(id, rootfs, List.of(args));
    }

    /** Podman's defaults for everything not given; tests and the create path set what differs. */
    public static final class Builder {
        private final String id;
        private final Path rootfs;
        private List<String> args;
        private String hostname;
        private boolean readOnly;
        private List<String> env = List.of();
        private String workingDir = "/";
        private int uid;
        private int gid;
        private List<Integer> additionalGids = List.of();
        private boolean terminal;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<OciMount> mounts = new ArrayList<>();
        private List<String> tmpfs = List.of();
        private List<String> capAdd = List.of();
        private List<String> capDrop = List.of();
        private boolean privileged;
        private List<Ulimit> ulimits = List.of();
        private String network = "private";
        private String cgroupsPath;
        private boolean init;
        private Path hostsFile;
        private Path hostnameFile;
        private Path resolvConfFile;
        private Path containerEnvFile;
        private boolean privateCgroupNs;
        private long pidsLimit = DEFAULT_PIDS_LIMIT;
        private Integer oomScoreAdj;
        private String seccompProfile;
        private boolean hostUts;

        private Builder(String id, Path rootfs, List<String> args) {
            this.id = id;
            this.rootfs = rootfs;
            this.args = args;
            this.hostname = id.length() > 12 ? id.substring(0, 12) : id;
            this.cgroupsPath = defaultCgroupsPath(id);
        }

        public Builder args(List<String> v) { args = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder env(List<String> v) { env = v; return this; }
        public Builder workingDir(String v) { workingDir = v; return this; }
        public Builder user(int u, int g, List<Integer> extra) { uid = u; gid = g; additionalGids = extra; return this; }
        public Builder terminal(boolean v) { terminal = v; return this; }
        public Builder annotation(String k, String v) { annotations.put(k, v); return this; }
        public Builder mount(OciMount m) { mounts.add(m); return this; }
        public Builder mounts(List<OciMount> v) { mounts.addAll(v); return this; }
        public Builder tmpfs(List<String> v) { tmpfs = v; return this; }
        public Builder capAdd(List<String> v) { capAdd = v; return this; }
        public Builder capDrop(List<String> v) { capDrop = v; return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder ulimits(List<Ulimit> v) { ulimits = v; return this; }
        public Builder network(String v) { network = v; return this; }
        public Builder cgroupsPath(String v) { cgroupsPath = v; return this; }
        public Builder init(boolean v) { init = v; return this; }
        public Builder hostsFile(Path v) { hostsFile = v; return this; }
        public Builder hostnameFile(Path v) { hostnameFile = v; return this; }
        public Builder resolvConfFile(Path v) { resolvConfFile = v; return this; }
        public Builder containerEnvFile(Path v) { containerEnvFile = v; return this; }
        public Builder privateCgroupNs(boolean v) { privateCgroupNs = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder oomScoreAdj(Integer v) { oomScoreAdj = v; return this; }
        public Builder seccompProfile(String v) { seccompProfile = v; return this; }
        public Builder hostUts(boolean v) { hostUts = v; return this; }

        public ContainerSpecInput build() {
            return new ContainerSpecInput(id, hostname, rootfs, readOnly, args, env, workingDir, uid, gid,
                    additionalGids, terminal, annotations, mounts, tmpfs, capAdd, capDrop, privileged, ulimits,
                    network, cgroupsPath, init, hostsFile, hostnameFile, resolvConfFile, containerEnvFile,
                    privateCgroupNs, pidsLimit, oomScoreAdj, seccompProfile, hostUts, Map.of(), SpecExtras.NONE);
        }
    }
}
