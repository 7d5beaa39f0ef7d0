package io.peapod.core;

import io.peapod.image.Json;
import io.peapod.state.ImageRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a stage's build stands: the image the last step made (null for {@code scratch} before any step), the
 * name the next history entry's "FROM" comment gives it, and that image's config.
 */
record BuildState(String imageId, String parentName, Config config, List<Object> diffIds, List<Object> history,
                  String architecture, boolean cmdSetInStage) {

    /** An image config's {@code config} object and its author. */
    record Config(Map<String, Object> inner, String author) {
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Object o : Json.list(inner.get("Env"))) {
                String kv = String.valueOf(o);
                int eq = kv.indexOf('=');
                env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
            return env;
        }

        String workingDir() {
            String w = Json.string(inner.get("WorkingDir"));
            return w == null || w.isEmpty() ? "/" : w;
        }

        Config with(String key, Object value) {
            Map<String, Object> m = new LinkedHashMap<>(inner);
            m.put(key, value);
            return new Config(m, author);
        }

        Config without(String key) {
            Map<String, Object> m = new LinkedHashMap<>(inner);
            m.remove(key);
            return new Config(m, author);
        }

        Config withEnv(Map<String, String> env) {
            List<String> list = new ArrayList<>();
            env.forEach((k, v) -> list.add(k + "=" + v));
            return with("Env", list);
        }

        Config withAuthor(String a) {
            return new Config(inner, a);
        }
    }

    /** What a step changed that later steps of the stage need to know. */
    record Change(boolean setsCmd) {
        static Change none() {
            return new Change(false);
        }

        static Change cmd() {
            return new Change(true);
        }
    }

    static BuildState of(ImageRow base, String baseName) {
        if (base == null) {
            return new BuildState(null, baseName, new Config(new LinkedHashMap<>(), null), List.of(), List.of(), "amd64", false);
        }
        return from(base, baseName, false);
    }

    private static BuildState from(ImageRow image, String name, boolean cmdSet) {
        Map<String, Object> config = Json.object(image.config(), "image config");
        Map<String, Object> inner = new LinkedHashMap<>(Json.map(config.get("config")));
        String author = Json.string(config.get("author"));
        return new BuildState(image.id(), name, new Config(inner, author == null || author.isEmpty() ? null : author),
                List.copyOf(Json.list(Json.map(config.get("rootfs")).get("diff_ids"))),
                List.copyOf(Json.list(config.get("history"))),
                String.valueOf(config.getOrDefault("architecture", "amd64")), cmdSet);
    }

    /** The state after a step that made (or found in the cache) {@code image}. */
    BuildState next(ImageRow image) {
        return from(image, image.id().substring(0, 12), cmdSetInStage);
    }

    BuildState withConfig(Config c) {
        return new BuildState(imageId, parentName, c, diffIds, history, architecture, cmdSetInStage);
    }

    BuildState after(Change change) {
        return change.setsCmd() ? new BuildState(imageId, parentName, config, diffIds, history, architecture, true) : this;
    }

    Map<String, String> env() {
        return config.env();
    }

    /** WORKDIR's path: a relative one is taken from the current working directory, then cleaned. */
    static String resolveWorkdir(String current, String path) {
        String joined = path.startsWith("/") ? path : (current.endsWith("/") ? current : current + "/") + path;
        List<String> parts = new ArrayList<>();
        for (String p : joined.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }
}
