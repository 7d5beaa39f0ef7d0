package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.PodSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pod-wide flags of {@code pod create} (resources, volumes, devices, security options, sysctls, /dev/shm,
 * restart policy, infra conmon pidfile, cgroup parent, user namespace), parsed with podman 4.3.1's texts
 * (specgenutil, go-units, containers/common's ParseDevice). What needs the host is checked by the engine.
 */
final class PodFlags {
    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
    private static final Set<String> SECURITY_KEYS = Set.of("apparmor", "label", "mask", "proc-opts", "seccomp",
            "systempaths", "unmask", "no-new-privileges");

    private PodFlags() {}

    static FlagSet add(FlagSet f) {
        return UserNamespaceFlags.add(ResourceFlags.addShared(f))
                .stringArray("volume", 'v', "Bind mount a volume into the container")
                .stringSlice("device", '\0', "Add a host device to the container")
                .stringArray("security-opt", '\0', "Security Options")
                .stringSlice("sysctl", '\0', "Sysctl options")
                .string("shm-size", '\0', "65536k", "Size of /dev/shm (format: `<number>[<unit>]`, where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))")
                .string("restart", '\0', "", "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure\"|\"unless-stopped\")")
                .string("infra-conmon-pidfile", '\0', "", "Path to the file that will receive the PID of conmon")
                .bool("share-parent", '\0', true, "Set the pod's cgroup as the cgroup parent for all containers joining the pod");
    }

    static PodSettings parse(ParsedFlags f) {
        double cpus = f.floating("cpus");
        long shares = f.uint("cpu-shares");
        String cpuset = f.string("cpuset-cpus");
        if (!cpuset.isEmpty() && !CPU_LIST.matcher(cpuset).matches()) {
            throw new EngineException("could not parse list: invalid format: " + cpuset);
        }
        long memory = f.string("memory").isEmpty() ? 0 : size("invalid value for memory: ", f.string("memory"));
        String swapFlag = f.string("memory-swap");
        long swap = swapFlag.isEmpty() ? 0 : swapFlag.equals("-1") ? -1 : size("invalid value for memory: ", swapFlag);
        long shm = f.changed("shm-size") ? size("unable to translate --shm-size: ", f.string("shm-size")) : 0;
        for (String d : f.list("device")) {
            device(d);
        }
        for (String o : f.list("security-opt")) {
            securityOpt(o);
        }
        ContainerCreateSpec.RestartPolicy restart;
        try {
            restart = CreateFlags.restartPolicy(f.string("restart"));
        } catch (EngineException e) {
            throw new EngineException(e.getMessage().replace("running container create option", "running pod create option"));
        }
        return new PodSettings(cpus, cpuset, shares, memory, swap,
                MountFlags.parse(f.list("volume"), List.of(), List.of()), f.list("device"), f.list("security-opt"),
                sysctls(f.list("sysctl")), shm, restart, f.string("infra-conmon-pidfile"), f.bool("share-parent"),
                UserNamespaceFlags.parse(f));
    }

    private static long size(String prefix, String value) {
        try {
            return GoNumbers.ramInBytes(value);
        } catch (EngineException e) {
            throw new EngineException(prefix + e.getMessage());
        }
    }

    /** containers/common's ParseDevice: {@code SRC[:DST][:PERMS]}, permissions a subset of "rwm". */
    static String[] device(String value) {
        String[] arr = value.split(":", -1);
        String src;
        String dst = "";
        String perms = "rwm";
        switch (arr.length) {
            case 3, 2 -> {
                if (arr.length == 3) {
                    if (!validMode(arr[2])) {
                        throw new EngineException("invalid device mode: " + arr[2]);
                    }
                    perms = arr[2];
                }
                if (validMode(arr[1])) {
                    perms = arr[1];
                } else if (arr[1].isEmpty() || arr[1].charAt(0) != '/') {
                    throw new EngineException("invalid device mode: " + arr[1]);
                } else {
                    dst = arr[1];
                }
                src = arr[0];
            }
            case 1 -> src = arr[0];
            default -> throw new EngineException("invalid device specification: " + value);
        }
        return new String[] {src, dst.isEmpty() ? src : dst, perms};
    }

    private static boolean validMode(String mode) {
        if (mode.isEmpty()) {
            return false;
        }
        String left = "rwm";
        for (char c : mode.toCharArray()) {
            if (left.indexOf(c) < 0) {
                return false;
            }
            left = left.replace(String.valueOf(c), "");
        }
        return true;
    }

    /** specgenutil's parseSecurityOpt, its form checks only. */
    static void securityOpt(String opt) {
        if (opt.equals("no-new-privileges")) {
            return;
        }
        int eq = opt.indexOf('=');
        if (eq < 0) {
            throw new EngineException("invalid --security-opt 1: \"" + opt + "\"");
        }
        String key = opt.substring(0, eq);
        String value = opt.substring(eq + 1);
        if (!SECURITY_KEYS.contains(key)) {
            throw new EngineException("invalid --security-opt 2: \"" + opt + "\"");
        }
        if (key.equals("systempaths") && !value.equals("unconfined")) {
            throw new EngineException("invalid systempaths option \"" + value + "\", only `unconfined` is supported");
        }
        if (key.equals("no-new-privileges") && !Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False")
                .contains(value)) {
            throw new EngineException("invalid --security-opt 2: \"" + opt + "\"");
        }
    }

    private static final Set<String> SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    /** containers/common's ValidateSysctls: KEY=VALUE, no extra spaces, only namespaced keys. */
    static Map<String, String> sysctls(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            String[] arr = v.split("=", -1);
            if (arr.length < 2) {
                throw new EngineException(v + " is invalid, sysctl values must be in the form of KEY=VALUE");
            }
            if (!(arr[0].strip() + "=" + arr[1].strip()).equals(v)) {
                throw new EngineException("'" + v + "' is invalid, extra spaces found");
            }
            if (!SYSCTLS.contains(arr[0]) && !arr[0].startsWith("net.") && !arr[0].startsWith("fs.mqueue.")) {
                throw new EngineException("sysctl '" + arr[0] + "' is not allowed");
            }
            out.put(arr[0], arr[1]);
        }
        return out;
    }
}
