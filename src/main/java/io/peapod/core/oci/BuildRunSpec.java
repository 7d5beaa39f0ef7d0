package io.peapod.core.oci;

import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a build's RUN container differs from a {@code run} container, as buildah sets up its RUN steps:
 * capabilities from {@code build --cap-add/--cap-drop} (buildah gives root the set in bounding, effective and
 * permitted, nothing inheritable or ambient, and any other user only the bounding set), and {@code
 * --isolation chroot}. The settings travel with the working container as a private annotation, which
 * {@link #apply} takes out of the generated spec again, so nothing else in the create/start path changes.
 *
 * <p>buildah's chroot isolation runs the command without an OCI runtime, in new mount and UTS namespaces
 * only (the host's PID, network, IPC and cgroup namespaces). Peapod still runs it through conmon and runc, with
 * a spec reduced to those two namespaces (the caller gives it the host's network); the filesystem mounts stay
 * runc's usual ones (buildah binds the host's /dev and /sys instead).
 */
public final class BuildRunSpec {
    /** The annotation carrying the settings from create to start; never reaches the runtime. */
    public static final String ANNOTATION = "io.peapod.build.run";

    private static final Set<String> CHROOT_NAMESPACES = Set.of("mount", "uts", "network");

    private BuildRunSpec() {
    }

    /** The annotation value for these settings. */
    public static String annotation(List<String> capAdd, List<String> capDrop, boolean chroot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capAdd", capAdd);
        m.put("capDrop", capDrop);
        m.put("chroot", chroot);
        return new String(JsonWriter.write(m, false), StandardCharsets.UTF_8);
    }

    /**
     * Checks {@code --cap-add}/{@code --cap-drop} before the build starts; returns null when they are fine,
     * else buildah's message ({@code "CAP_FOO": unknown capability}, {@code capability "CAP_X" cannot be
     * dropped and added}).
     */
    public static String check(List<String> capAdd, List<String> capDrop) {
        for (String n : concat(capAdd, capDrop)) {
            String up = n.trim().toUpperCase(java.util.Locale.ROOT);
            String cap = up.startsWith("CAP_") ? up : "CAP_" + up;
            if (!up.equals("ALL") && !Capabilities.ALL.contains(cap)) {
                return "\"" + cap + "\": unknown capability";
            }
        }
        try {
            Capabilities.merge(Capabilities.DEFAULT, capAdd, capDrop, Capabilities.ALL);
            return null;
        } catch (SpecException e) {
            return e.getMessage();
        }
    }

    /**
     * Applies a build RUN container's settings to its generated spec (a no-op for any other container) and
     * removes the annotation. {@code id} names the container (chroot isolation's hostname is its short id).
     */
    @SuppressWarnings("unchecked")
    public static void apply(Map<String, Object> spec, String id) {
        Object a = spec.get("annotations");
        if (!(a instanceof Map<?, ?> annotations) || !annotations.containsKey(ANNOTATION)) {
            return;
        }
        Map<String, Object> settings = (Map<String, Object>) JsonReader.parse(String.valueOf(annotations.get(ANNOTATION)).getBytes(StandardCharsets.UTF_8));
        ((Map<String, Object>) annotations).remove(ANNOTATION);
        List<String> bounding = Capabilities.merge(Capabilities.DEFAULT, strings(settings.get("capAdd")),
                strings(settings.get("capDrop")), Capabilities.host());
        Map<String, Object> process = (Map<String, Object>) spec.get("process");
        Map<String, Object> user = (Map<String, Object>) process.get("user");
        boolean root = user == null || ((Number) user.get("uid")).intValue() == 0;
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("bounding", bounding);
        caps.put("effective", root ? bounding : List.of());
        caps.put("permitted", root ? bounding : List.of());
        process.put("capabilities", caps);
        if (Boolean.TRUE.equals(settings.get("chroot"))) {
            Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
            List<Object> kept = new ArrayList<>();
            boolean uts = false;
            for (Object ns : (List<Object>) linux.getOrDefault("namespaces", List.of())) {
                String type = String.valueOf(((Map<String, Object>) ns).get("type"));
                if (CHROOT_NAMESPACES.contains(type)) {
                    kept.add(ns);
                    uts |= type.equals("uts");
                }
            }
            if (!uts) {
                kept.add(new LinkedHashMap<>(Map.of("type", "uts")));
            }
            linux.put("namespaces", kept);
            spec.put("hostname", id.substring(0, Math.min(12, id.length())));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }
}
