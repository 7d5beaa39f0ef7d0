package io.peapod.core;

import io.peapod.core.names.Signals;
import io.peapod.core.oci.SpecGenerator;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.Timestamp;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code container inspect}: podman 4.3.1's document, field for field where Peapod has the data. */
final class ContainerDocument {
    private static final List<String> DEFAULT_CAPS = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP",
            "CAP_SETUID", "CAP_SYS_CHROOT");
    /** Go's zero time, which podman prints for times that have not happened. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerDocument() {}

    static Map<String, Object> of(ContainerRow r, Map<String, Object> c, Path userdata, Path layerDir, String driver,
                                  String imageDigest, Path runtime) {
        List<String> args = ContainerConfig.strings(c.get("args"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Id", r.id());
        d.put("Created", new Timestamp(r.created()));
        d.put("Path", args.isEmpty() ? "" : args.getFirst());
        d.put("Args", args.size() > 1 ? args.subList(1, args.size()) : List.of());
        d.put("State", state(r));
        ContainerLimits.inspectState(Json.map(d.get("State")), userdata);
        d.put("Image", r.imageId());
        d.put("ImageDigest", imageDigest);
        d.put("ImageName", r.imageName());
        d.put("Rootfs", "");
        d.put("Pod", String.valueOf(c.getOrDefault(PodMembers.KEY, "")));   // the pod it belongs to, or ""
        // podman: no path where the image's own file stays (--dns none, --network none; --no-hosts)
        NetworkRequest net = NetworkConfig.of(c);
        boolean imageResolv = net.mode() == NetworkRequest.Mode.NONE || net.dns().equals(List.of("none"));
        // container:X uses X's files (its full id is kept since create; userdata dirs are siblings)
        Path files = net.mode() == NetworkRequest.Mode.CONTAINER
                ? userdata.getParent().resolveSibling(net.modeValue()).resolve("userdata") : userdata;
        d.put("ResolvConfPath", imageResolv ? "" : files.resolve("resolv.conf").toString());
        d.put("HostnamePath", userdata.resolve("hostname").toString());
        d.put("HostsPath", net.noHosts() ? "" : files.resolve("hosts").toString());
        d.put("StaticDir", userdata.toString());
        d.put("OCIRuntime", runtime.getFileName().toString());
        d.put("ConmonPidFile", userdata.resolve("conmon.pid").toString());
        d.put("PidFile", userdata.resolve("pidfile").toString());
        d.put("Name", r.name());
        d.put("RestartCount", r.restartCount());
        d.put("Driver", driver);
        d.put("MountLabel", "");
        d.put("ProcessLabel", "");
        d.put("AppArmorProfile", "");
        d.put("EffectiveCaps", DEFAULT_CAPS);
        d.put("BoundingCaps", DEFAULT_CAPS);
        d.put("ExecIDs", List.of());
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("Name", driver);
        Map<String, Object> graphData = new LinkedHashMap<>();
        if (driver.equals("overlay")) {
            graphData.put("MergedDir", layerDir.resolve("merged").toString());
            graphData.put("UpperDir", layerDir.resolve("diff").toString());
            graphData.put("WorkDir", layerDir.resolve("work").toString());
        }
        graph.put("Data", graphData.isEmpty() ? null : graphData);
        d.put("GraphDriver", graph);
        d.put("Mounts", List.of());
        d.put("Dependencies", List.of());
        d.put("NetworkSettings", Map.of());
        d.put("Namespace", "");
        d.put("IsInfra", false);
        d.put("IsService", false);
        d.put("Config", config(r, c, args));
        d.put("HostConfig", hostConfig(c, userdata));
        return d;
    }

    private static Map<String, Object> state(ContainerRow r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("OciVersion", SpecGenerator.OCI_VERSION);
        s.put("Status", r.state());
        s.put("Running", r.state().equals(ContainerService.RUNNING));
        s.put("Paused", r.state().equals(ContainerService.PAUSED));
        s.put("Restarting", false);
        s.put("OOMKilled", false);
        s.put("Dead", false);
        s.put("Pid", r.pid());
        s.put("ConmonPid", r.conmonPid());
        s.put("ExitCode", r.exitCode());
        s.put("Error", "");
        s.put("StartedAt", r.started() == 0 ? ZERO_TIME : new Timestamp(r.started()));
        s.put("FinishedAt", r.finished() == 0 ? ZERO_TIME : new Timestamp(r.finished()));
        return s;
    }

    private static Map<String, Object> config(ContainerRow r, Map<String, Object> c, List<String> args) {
        List<String> entrypoint = ContainerConfig.strings(c.get("entrypoint"));
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("Hostname", ContainerConfig.hostname(r.id(), c));
        k.put("Domainname", "");
        k.put("User", Json.string(c.get("user")).equals("0") ? "" : Json.string(c.get("user")));
        k.put("AttachStdin", false);
        k.put("AttachStdout", false);
        k.put("AttachStderr", false);
        k.put("Tty", Boolean.TRUE.equals(c.get("terminal")));
        k.put("OpenStdin", Boolean.TRUE.equals(c.get("stdin")));
        k.put("StdinOnce", false);
        k.put("Env", ContainerConfig.strings(c.get("env")));
        k.put("Cmd", ContainerConfig.strings(c.get("command")));
        k.put("Image", r.imageName());
        k.put("Volumes", null);
        k.put("WorkingDir", Json.string(c.get("workdir")));
        k.put("Entrypoint", String.join(" ", entrypoint));
        k.put("OnBuild", null);
        Map<String, Object> labels = Json.map(c.get("labels"));
        k.put("Labels", labels.isEmpty() ? null : labels);
        k.put("Annotations", CreateSettings.inspectAnnotations(c));
        k.put("StopSignal", Signals.parse(String.valueOf(c.getOrDefault("stopSignal", "SIGTERM"))));
        k.put("Umask", "0022");
        k.put("Timeout", 0);
        k.put("StopTimeout", c.getOrDefault("stopTimeout", 10));
        return k;
    }

    private static Map<String, Object> hostConfig(Map<String, Object> c, Path userdata) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Binds", List.of());
        h.put("CgroupManager", "cgroupfs");
        String joinedCgroup = ContainerNamespaces.cgroupMode(c);
        h.put("CgroupMode", joinedCgroup != null ? joinedCgroup : ContainerLimits.cgroupMode(c));
        h.put("ContainerIDFile", CreateSettings.cidFile(c));
        h.put("LogConfig", CreateSettings.inspectLogConfig(c, userdata));
        NetworkRequest net = NetworkConfig.of(c);
        // podman: "ns:PATH" and "container:FULL-ID" keep their value
        h.put("NetworkMode", net.mode() == NetworkRequest.Mode.NS || net.mode() == NetworkRequest.Mode.CONTAINER
                ? net.mode().word + ":" + net.modeValue() : net.mode().word);
        h.put("PortBindings", NetworkConfig.portBindings(net));
        h.put("RestartPolicy", CreateSettings.inspectRestartPolicy(c));
        h.put("AutoRemove", Boolean.TRUE.equals(c.get("autoRemove")));
        h.put("Privileged", false);
        h.put("ReadonlyRootfs", Boolean.TRUE.equals(c.get("readOnly")));
        ContainerLimits.inspect(h, c);
        h.put("Ulimits", CreateSettings.inspectUlimits(c));
        h.put("Init", Boolean.TRUE.equals(c.get("init")));
        ContainerNamespaces.inspect(h, c);
        UserNamespace.inspect(h, c);
        return h;
    }
}
