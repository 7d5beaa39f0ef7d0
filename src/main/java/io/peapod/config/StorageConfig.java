package io.peapod.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where and how images and layers are stored: storage.conf's {@code [storage]} table.
 *
 * <p>Lookup, as podman does it but with Peapod's own paths so the two never share a store:
 * <ol>
 *   <li>{@code CONTAINERS_STORAGE_CONF} set (and non-empty): that file; a missing file is ignored,
 *       as containers/storage does;</li>
 *   <li>otherwise {@code /etc/peapod/storage.conf}, if it exists;</li>
 *   <li>otherwise no file.</li>
 * </ol>
 * Keys the file sets ({@code driver}, {@code graphroot}, {@code runroot}, {@code [storage.options]}) win;
 * unset keys keep Peapod's defaults: root → {@code /var/lib/peapod/storage} and {@code /run/peapod};
 * rootless → {@code $XDG_DATA_HOME/peapod/storage} (default {@code ~/.local/share/peapod/storage}) and
 * {@code $XDG_RUNTIME_DIR/peapod} (fallback {@code /tmp/peapod-run-UID}). The driver defaults to
 * {@code ""}, meaning "detect later". Finally {@code STORAGE_DRIVER}, when set, overrides the driver,
 * as containers/storage allows. Podman's {@code /var/lib/containers} is never used.
 *
 * @param driver   graph driver name, {@code ""} for auto-detection
 * @param options  {@code [storage.options]} flattened to podman's {@code --storage-opt} form: nested
 *                 tables become dotted keys ({@code overlay.mountopt}), arrays are joined with commas
 */
public record StorageConfig(String driver, Path graphRoot, Path runRoot, Map<String, String> options) {

    public static final String ENV_CONF = "CONTAINERS_STORAGE_CONF";
    public static final String ENV_DRIVER = "STORAGE_DRIVER";
    public static final Path SYSTEM_CONF = Path.of("/etc/peapod/storage.conf");
    static final Path ROOT_GRAPH_ROOT = Path.of("/var/lib/peapod/storage");
    static final Path ROOT_RUN_ROOT = Path.of("/run/peapod");

    public StorageConfig {
        driver = driver == null ? "" : driver;
        options = Map.copyOf(options == null ? Map.of() : options);
    }

    /**
     * Loads the configuration for this process.
     *
     * @param env      the environment (normally {@code System.getenv()})
     * @param rootless whether Peapod runs without root, which selects the per-user default paths
     * @throws UncheckedIOException when the chosen file exists but cannot be read
     * @throws IllegalArgumentException wrapping a {@link TomlException} (file and line in the message)
     *                                  when the file is not valid TOML or has wrongly typed keys
     */
    public static StorageConfig load(Map<String, String> env, boolean rootless) {
        return load(env, rootless, SYSTEM_CONF, currentUid());
    }

    /** {@link #load(Map, boolean)} with the system file and uid given, for tests. */
    static StorageConfig load(Map<String, String> env, boolean rootless, Path systemConf, long uid) {
        StorageConfig config = defaults(env, rootless, uid);
        Path file = configFile(env, systemConf);
        if (file != null && Files.exists(file)) {
            config = config.overlay(file, readStorageTable(file));
        }
        String envDriver = env.get(ENV_DRIVER);
        if (envDriver != null && !envDriver.isEmpty()) {
            config = new StorageConfig(envDriver, config.graphRoot, config.runRoot, config.options);
        }
        return config;
    }

    /** Peapod's built-in paths, before any file is read. */
    static StorageConfig defaults(Map<String, String> env, boolean rootless, long uid) {
        if (!rootless) {
            return new StorageConfig("", ROOT_GRAPH_ROOT, ROOT_RUN_ROOT, Map.of());
        }
        String dataHome = env.get("XDG_DATA_HOME");
        Path data = dataHome != null && !dataHome.isEmpty()
                ? Path.of(dataHome)
                : home(env).resolve(".local/share");
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        Path run = runtimeDir != null && !runtimeDir.isEmpty()
                ? Path.of(runtimeDir, "peapod")
                : Path.of("/tmp/peapod-run-" + uid);
        return new StorageConfig("", data.resolve("peapod/storage"), run, Map.of());
    }

    /** The file to read, per the lookup order; null when none applies. */
    static Path configFile(Map<String, String> env, Path systemConf) {
        String explicit = env.get(ENV_CONF);
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        return Files.exists(systemConf) ? systemConf : null;
    }

    private static Map<String, Object> readStorageTable(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
        try {
            Map<String, Object> storage = Toml.table(Toml.parse(text), "storage");
            return storage == null ? Map.of() : storage;
        } catch (TomlException e) {
            throw new IllegalArgumentException(new TomlException(file.toString(), e).getMessage(), e);
        }
    }

    /** This configuration with the keys present in {@code storage} taking precedence. */
    private StorageConfig overlay(Path file, Map<String, Object> storage) {
        String d = string(file, storage, "driver", driver);
        Path graph = path(file, storage, "graphroot", graphRoot);
        Path run = path(file, storage, "runroot", runRoot);
        Map<String, String> opts = new LinkedHashMap<>(options);
        if (storage.get("options") instanceof Map<?, ?> table) {
            flatten("", table, opts);
        }
        return new StorageConfig(d, graph, run, opts);
    }

    private static String string(Path file, Map<String, Object> t, String key, String fallback) {
        Object v = t.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String str) {
            return str;
        }
        throw new IllegalArgumentException(file + ": storage." + key + " must be a string");
    }

    /** An empty path string means "unset" in storage.conf, so the default stays. */
    private static Path path(Path file, Map<String, Object> t, String key, Path fallback) {
        String s = string(file, t, key, "");
        return s.isEmpty() ? fallback : Path.of(s);
    }

    private static void flatten(String prefix, Map<?, ?> table, Map<String, String> out) {
        for (Map.Entry<?, ?> e : table.entrySet()) {
            String key = prefix + e.getKey();
            switch (e.getValue()) {
                case Map<?, ?> sub -> flatten(key + ".", sub, out);
                case List<?> list -> out.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
                default -> out.put(key, String.valueOf(e.getValue()));
            }
        }
    }

    private static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }

    /** The real uid, from /proc (no native call needed); -1 if unknown. */
    static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
