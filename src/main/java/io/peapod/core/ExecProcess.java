package io.peapod.core;

import io.peapod.image.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI process of an exec session, made as libpod's prepareProcessExec makes it: a copy of the
 * container's own process (rlimits, umask, oom score, ... carry over) with the exec's command, its
 * environment appended to the container's, its user, working directory and terminal, and the
 * capabilities of setProcessCapabilitiesExec.
 */
final class ExecProcess {
    private ExecProcess() {}

    /**
     * @param containerProcess the "process" object of the container's config.json
     * @param baseEnv          the container's environment as its spec has it, without what the start added (HOSTNAME)
     * @param execEnv          the exec's own variables, resolved
     * @param user             the user to run as, resolved in the container's rootfs
     * @param home             that user's home directory, for HOME when no variable sets it
     * @param containerUser    whether {@code user} is the container's own user (it keeps the container's capabilities)
     * @param workdir          "" keeps the container's
     * @param allCaps          the engine's bounding set, for {@code --privileged}
     */
    static Map<String, Object> build(Map<String, Object> containerProcess, List<String> baseEnv, Map<String, String> execEnv,
                                     List<String> command, Users.Resolved user, String home, boolean containerUser,
                                     String workdir, boolean tty, boolean privileged, List<String> allCaps) {
        Map<String, Object> p = new LinkedHashMap<>(containerProcess);
        p.put("terminal", tty);
        Map<String, Object> u = new LinkedHashMap<>(Json.map(containerProcess.get("user")));
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        if (user.additionalGids().isEmpty()) {
            u.remove("additionalGids");
        } else {
            u.put("additionalGids", user.additionalGids());
        }
        p.put("user", u);
        p.put("args", List.copyOf(command));
        p.put("env", env(baseEnv, execEnv, home));
        if (workdir != null && !workdir.isEmpty()) {
            p.put("cwd", workdir);
        }
        p.put("capabilities", capabilities(Json.map(containerProcess.get("capabilities")), user.uid(), containerUser,
                privileged, allCaps));
        return p;
    }

    /** The container's variables, then the exec's (a name given again keeps its place and takes the new value), then HOME. */
    static List<String> env(List<String> baseEnv, Map<String, String> execEnv, String home) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String e : baseEnv) {
            int eq = e.indexOf('=');
            vars.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        vars.putAll(execEnv);
        vars.putIfAbsent("HOME", home);
        List<String> out = new ArrayList<>();
        vars.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static Map<String, Object> capabilities(Map<String, Object> container, int uid, boolean containerUser,
                                                    boolean privileged, List<String> allCaps) {
        List<String> bounding = privileged ? allCaps : ContainerConfig.strings(container.get("bounding"));
        List<String> effective = ContainerConfig.strings(container.get("effective"));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bounding", bounding);
        if (uid == 0) {
            c.put("effective", bounding);
            c.put("inheritable", List.of());
            c.put("permitted", bounding);
        } else if (containerUser) {
            c.put("effective", effective);
            c.put("inheritable", effective);
            c.put("permitted", effective);
            c.put("ambient", effective);
        } else {
            // Another user keeps the container's sets until its execve, which then drops them (no ambient
            // set): so the command is still found in directories only root may search, as with podman.
            c.put("effective", effective);
            c.put("inheritable", List.of());
            c.put("permitted", ContainerConfig.strings(container.get("permitted")));
            if (container.containsKey("ambient")) {
                c.put("ambient", container.get("ambient"));
            }
        }
        return c;
    }
}
