package io.peapod.core;

import io.peapod.core.oci.HostLimits;
import io.peapod.core.oci.SpecException;
import io.peapod.core.oci.SpecGenerator;
import io.peapod.core.oci.Ulimit;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.GoUnits;
import io.peapod.image.Json;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The create settings of --annotation, --ulimit, --log-driver/--log-opt, --restart and --cidfile: how they
 * are kept in the container's stored config, and what they turn into (spec input, conmon, inspect).
 */
final class CreateSettings {
    private CreateSettings() {}

    /** Checks what can only be checked on this host, then stores the settings in {@code c}. */
    static void record(Map<String, Object> c, ContainerCreateSpec spec) {
        List<Map<String, Object>> ulimits = new ArrayList<>();
        for (ContainerCreateSpec.Ulimit u : spec.ulimits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name());
            m.put("soft", u.soft());
            m.put("hard", u.hard());
            ulimits.add(m);
        }
        c.put("ulimits", ulimits);
        try {
            // A hard limit above the engine's cannot be set by runc here: refuse it now, not at start.
            SpecGenerator.rlimits(ulimits(c), HostLimits.read());
        } catch (SpecException e) {
            throw new EngineException(e.getMessage());
        }
        c.put("annotations", spec.annotations());
        c.put("envHost", spec.envHost());
        ContainerCreateSpec.LogConfig log = spec.log();
        c.put("logDriver", log.driver());
        c.put("logPath", log.path());
        c.put("logSizeMax", log.sizeMax());
        c.put("logTag", log.tag());
        c.put("restartPolicy", spec.restart().name());
        c.put("restartRetries", spec.restart().maximumRetryCount());
        c.put("cidFile", spec.cidFile() == null ? "" : spec.cidFile());
    }

    static List<Ulimit> ulimits(Map<String, Object> c) {
        List<Ulimit> out = new ArrayList<>();
        for (Object o : Json.list(c.get("ulimits"))) {
            Map<String, Object> m = Json.map(o);
            out.add(new Ulimit("RLIMIT_" + String.valueOf(m.get("name")).toUpperCase(),
                    ((Number) m.get("soft")).longValue(), ((Number) m.get("hard")).longValue()));
        }
        return out;
    }

    static Map<String, String> annotations(Map<String, Object> c) {
        Map<String, String> out = new LinkedHashMap<>();
        Json.map(c.get("annotations")).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /** "k8s-file" unless set; containers created before these flags have none recorded. */
    static String logDriver(Map<String, Object> c) {
        String d = Json.string(c.get("logDriver"));
        return d == null || d.isEmpty() ? "k8s-file" : d;
    }

    static boolean logs(Map<String, Object> c) {
        return !logDriver(c).equals("none");
    }

    /** Where conmon writes the log: --log-opt path=, else userdata/ctr.log. */
    static Path logPath(Map<String, Object> c, Path userdata) {
        String p = Json.string(c.get("logPath"));
        return p == null || p.isEmpty() ? userdata.resolve("ctr.log") : Path.of(p);
    }

    static long logSizeMax(Map<String, Object> c) {
        Object v = c.get("logSizeMax");
        return v instanceof Number n ? n.longValue() : -1;
    }

    static String logTag(Map<String, Object> c) {
        String t = Json.string(c.get("logTag"));
        return t == null ? "" : t;
    }

    // ---- inspect -------------------------------------------------------------------------------

    /** Config.Annotations: podman's own keys with the user's, sorted as Go prints a map. */
    static Map<String, Object> inspectAnnotations(Map<String, Object> c) {
        Map<String, Object> a = new TreeMap<>();
        a.put("io.kubernetes.cri-o.TTY", "false");
        a.put("io.podman.annotations.autoremove", Boolean.TRUE.equals(c.get("autoRemove")) ? "TRUE" : "FALSE");
        a.put("io.podman.annotations.init", Boolean.TRUE.equals(c.get("init")) ? "TRUE" : "FALSE");
        a.put("io.podman.annotations.privileged", "FALSE");
        a.put("io.podman.annotations.publish-all", "FALSE");
        a.putAll(annotations(c));
        return a;
    }

    /** HostConfig.LogConfig as podman shows it: Type as given, Path "" without a log file, Size as go-units writes it. */
    static Map<String, Object> inspectLogConfig(Map<String, Object> c, Path userdata) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("Type", logDriver(c));
        log.put("Config", null);
        log.put("Path", logs(c) ? logPath(c, userdata).toString() : "");
        log.put("Tag", logTag(c));
        log.put("Size", GoUnits.humanSize(Math.max(0, logSizeMax(c))));
        return log;
    }

    static Map<String, Object> inspectRestartPolicy(Map<String, Object> c) {
        Map<String, Object> r = new LinkedHashMap<>();
        String name = Json.string(c.get("restartPolicy"));
        r.put("Name", name == null ? "" : name);
        Object retries = c.get("restartRetries");
        r.put("MaximumRetryCount", retries instanceof Number n ? n.intValue() : 0);
        return r;
    }

    /** HostConfig.Ulimits: the rlimits the container gets, the user's and the defaults, as in config.json. */
    static List<Map<String, Object>> inspectUlimits(Map<String, Object> c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : SpecGenerator.rlimits(ulimits(c), HostLimits.read())) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("Name", r.get("type"));
            u.put("Soft", asLong(r.get("soft")));
            u.put("Hard", asLong(r.get("hard")));
            out.add(u);
        }
        return out;
    }

    /** Unlimited is 2^64-1 in config.json; podman's inspect shows it as a uint64 too. */
    private static Object asLong(Object v) {
        return v instanceof BigInteger b ? b : ((Number) v).longValue();
    }

    static String cidFile(Map<String, Object> c) {
        String f = Json.string(c.get("cidFile"));
        return f == null ? "" : f;
    }
}
