package io.peapod.core;

import io.peapod.core.names.ContainerIds;
import io.peapod.core.oci.ContainerSpecInput;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.image.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's settings: what {@code create} was asked for, with the image's defaults filled in as
 * podman fills them (ENTRYPOINT + CMD, ENV, WORKDIR, USER, STOPSIGNAL), stored as JSON in the
 * container's row; and, at start, the OCI spec input made from them.
 */
final class ContainerConfig {
    private ContainerConfig() {}

    static Map<String, Object> resolve(ContainerCreateSpec spec, Map<String, Object> imageConfig) {
        Map<String, Object> image = Json.map(imageConfig.get("config"));
        List<String> entrypoint = spec.entrypoint() != null ? spec.entrypoint() : strings(image.get("Entrypoint"));
        // podman: an explicit --entrypoint drops the image's CMD; explicit arguments replace it.
        List<String> cmd = !spec.command().isEmpty() ? spec.command()
                : spec.entrypoint() != null ? List.of() : strings(image.get("Cmd"));
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw new EngineException("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (spec.envHost()) {
            // podman: the host's variables go under the image's and the user's (containers.conf's PATH too)
            env.putAll(System.getenv());
        }
        for (String e : strings(image.get("Env"))) {
            put(env, e);
        }
        for (String e : spec.env()) {
            put(env, e);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("args", args);
        c.put("command", cmd);
        c.put("entrypoint", entrypoint);
        c.put("env", env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        c.put("workdir", nonEmpty(spec.workdir(), Json.string(image.get("WorkingDir")), "/"));
        c.put("user", nonEmpty(spec.user(), Json.string(image.get("User")), "0"));
        c.put("hostname", spec.hostname() == null ? "" : spec.hostname());
        c.put("labels", spec.labels());
        c.put("autoRemove", spec.autoRemove());
        c.put("stopSignal", nonEmpty(spec.stopSignal(), Json.string(image.get("StopSignal")), "SIGTERM"));
        c.put("stopTimeout", spec.stopTimeout());
        c.put("init", spec.init());
        c.put("readOnly", spec.readOnly());
        c.put("terminal", spec.tty());
        c.put("stdin", spec.interactive());
        CreateSettings.record(c, spec);
        return c;
    }

    /**
     * The container's hostname: {@code --hostname}, else its short id (podman's default); with {@code --network
     * host} and no {@code --hostname} the container shares the host's UTS namespace, so its name is the host's.
     */
    static String hostname(String id, Map<String, Object> c) {
        String hostname = Json.string(c.get("hostname"));
        if (hostname != null && !hostname.isEmpty()) {
            return hostname;
        }
        return hostUts(c) ? hostHostname() : ContainerIds.shortId(id);
    }

    /**
     * {@code --uts host}; and podman 4.3.1's default for a container on the host's network without --hostname.
     */
    static boolean hostUts(Map<String, Object> c) {
        if (ContainerNamespaces.hostUts(c)) {
            return true;
        }
        String hostname = Json.string(c.get("hostname"));
        return (hostname == null || hostname.isEmpty()) && NetworkConfig.of(c).mode() == io.peapod.engine.NetworkRequest.Mode.HOST;
    }

    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * The OCI spec input for a start: the /etc files written into {@code userdata} (hosts, resolv.conf as the
     * network layer made them), the user resolved in the rootfs.
     */
    static ContainerSpecInput specInput(String id, Map<String, Object> c, Path rootfs, Path userdata,
                                        List<io.peapod.core.oci.OciMount> mounts, ContainerNetwork.Joined net)
            throws IOException {
        String hostname = hostname(id, c);
        // podman 4.3.1 writes the name without a newline
        Path hostnameFile = Files.writeString(userdata.resolve("hostname"), hostname);
        Path hosts = userdata.resolve("hosts");
        if (net.sharedHosts() != null) {
            Files.deleteIfExists(hosts);
            hosts = net.sharedHosts();   // container: the other container's own file
        } else if (net.hosts() != null) {
            Files.writeString(hosts, net.hosts());
        } else {
            Files.deleteIfExists(hosts);
            hosts = null;   // --no-hosts: the image's own /etc/hosts
        }
        Path resolv = userdata.resolve("resolv.conf");
        if (net.resolvConf() != null) {
            Files.writeString(resolv, net.resolvConf());
        } else {
            Files.deleteIfExists(resolv);
            resolv = null;   // --dns none: the image's own /etc/resolv.conf
        }
        Users.Resolved user = Users.resolve(Json.string(c.get("user")), rootfs);
        ContainerSpecInput.Builder spec = ContainerSpecInput.builder(id, rootfs);
        CreateSettings.annotations(c).forEach(spec::annotation);
        return spec
                .args(strings(c.get("args")))
                .env(strings(c.get("env")))
                .workingDir(Json.string(c.get("workdir")))
                .user(user.uid(), user.gid(), user.additionalGids())
                .hostname(hostname)
                .hostUts(hostUts(c))
                .network(net.specNetwork())
                .init(Boolean.TRUE.equals(c.get("init")))
                .readOnly(Boolean.TRUE.equals(c.get("readOnly")))
                .terminal(Boolean.TRUE.equals(c.get("terminal")))
                .hostsFile(hosts)
                .hostnameFile(hostnameFile)
                .resolvConfFile(resolv)
                .mounts(mounts)
                .ulimits(CreateSettings.ulimits(c))
                .build();
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        if (eq < 0 && entry.endsWith("*")) {
            // podman: -e PREFIX* takes every host variable starting with PREFIX
            String prefix = entry.substring(0, entry.length() - 1);
            System.getenv().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    env.put(k, v);
                }
            });
            return;
        }
        if (eq < 0) {
            String host = System.getenv(entry);   // podman: -e NAME takes the value from the host
            if (host != null) {
                env.put(entry, host);
            }
            return;
        }
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }

    private static String nonEmpty(String first, String second, String fallback) {
        if (first != null && !first.isEmpty()) {
            return first;
        }
        return second != null && !second.isEmpty() ? second : fallback;
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : Json.list(o)) {
            out.add(String.valueOf(x));
        }
        return out;
    }
}
