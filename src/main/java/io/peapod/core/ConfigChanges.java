package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.image.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dockerfile-style {@code --change} instructions (import, commit) applied to an image config's
 * {@code config} section: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR,
 * as {@code INSTRUCTION value} or {@code INSTRUCTION=value}.
 */
final class ConfigChanges {
    private ConfigChanges() {}

    static Map<String, Object> apply(Map<String, Object> config, List<String> changes) {
        for (String change : changes) {
            String trimmed = change.trim();
            int split = indexOfSeparator(trimmed);
            if (split < 0) {
                throw new EngineException("invalid change \"" + change + "\" - must be a Dockerfile instruction with a value");
            }
            String instruction = trimmed.substring(0, split).toUpperCase(java.util.Locale.ROOT);
            String value = trimmed.substring(split + 1).trim();
            switch (instruction) {
                case "CMD" -> config.put("Cmd", command(value));
                case "ENTRYPOINT" -> config.put("Entrypoint", command(value));
                case "ENV" -> env(config, value);
                case "EXPOSE" -> {
                    Map<String, Object> ports = mapIn(config, "ExposedPorts");
                    for (String p : value.split("\\s+")) {
                        ports.put(p.contains("/") ? p : p + "/tcp", Map.of());
                    }
                }
                case "LABEL" -> keyValues(mapIn(config, "Labels"), value);
                case "STOPSIGNAL" -> config.put("StopSignal", value);
                case "USER" -> config.put("User", value);
                case "VOLUME" -> {
                    Map<String, Object> volumes = mapIn(config, "Volumes");
                    for (String v : value.startsWith("[") ? jsonArray(value) : List.of(value.split("\\s+"))) {
                        volumes.put(v, Map.of());
                    }
                }
                case "WORKDIR" -> config.put("WorkingDir", value);
                case "ONBUILD" -> {
                    List<Object> onbuild = new ArrayList<>(Json.list(config.get("OnBuild")));
                    onbuild.add(value);
                    config.put("OnBuild", onbuild);
                }
                default -> throw new EngineException("invalid change \"" + change + "\" - invalid instruction "
                        + instruction);
            }
        }
        return config;
    }

    private static int indexOfSeparator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '=' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** Exec form (a JSON array) as given; shell form wrapped in {@code /bin/sh -c}. */
    private static List<String> command(String value) {
        if (value.startsWith("[")) {
            return jsonArray(value);
        }
        return List.of("/bin/sh", "-c", value);
    }

    private static List<String> jsonArray(String value) {
        List<String> out = new ArrayList<>();
        for (Object o : Json.array(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), "change value")) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    private static void env(Map<String, Object> config, String value) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (value.contains("=")) {
            Map<String, Object> kv = new LinkedHashMap<>();
            keyValues(kv, value);
            kv.forEach((k, v) -> vars.put(k, v.toString()));
        } else {
            String[] parts = value.split("\\s+", 2);
            vars.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        List<Object> env = new ArrayList<>(Json.list(config.get("Env")));
        for (var e : vars.entrySet()) {
            env.removeIf(x -> x.toString().startsWith(e.getKey() + "="));
            env.add(e.getKey() + "=" + e.getValue());
        }
        config.put("Env", env);
    }

    /** {@code k=v k2="v 2"} pairs. */
    private static void keyValues(Map<String, Object> into, String value) {
        int i = 0;
        while (i < value.length()) {
            while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                if (i < value.length()) {
                    into.put(value.substring(i).trim(), "");
                }
                return;
            }
            String key = value.substring(i, eq);
            StringBuilder v = new StringBuilder();
            int j = eq + 1;
            char quote = j < value.length() && (value.charAt(j) == '"' || value.charAt(j) == '\'') ? value.charAt(j++) : 0;
            while (j < value.length() && (quote != 0 ? value.charAt(j) != quote : !Character.isWhitespace(value.charAt(j)))) {
                v.append(value.charAt(j++));
            }
            if (quote != 0) {
                j++;
            }
            into.put(key, v.toString());
            i = j;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapIn(Map<String, Object> config, String key) {
        Object existing = config.get(key);
        Map<String, Object> m = existing instanceof Map<?, ?> ? new LinkedHashMap<>((Map<String, Object>) existing)
                : new LinkedHashMap<>();
        config.put(key, m);
        return m;
    }
}
