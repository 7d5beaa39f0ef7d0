package io.peapod.registry;

import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Registry credentials in podman's files (containers-auth.json(5), containers/image's
 * pkg/docker/config):
 * <ul>
 *   <li>the primary file, read and written: {@code --authfile}, else {@code REGISTRY_AUTH_FILE},
 *       else {@code $XDG_RUNTIME_DIR/containers/auth.json}, else {@code /run/containers/UID/auth.json};</li>
 *   <li>then, read only: {@code $XDG_CONFIG_HOME/containers/auth.json} (default
 *       {@code ~/.config}), {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json},
 *       and the legacy {@code ~/.dockercfg} (registries at the top level).</li>
 * </ul>
 * A key is a registry ({@code quay.io}) or a repository namespace ({@code quay.io/team/app});
 * a lookup for {@code quay.io/team/app} tries {@code quay.io/team/app}, {@code quay.io/team},
 * {@code quay.io}, then legacy keys such as {@code https://quay.io/v1/}. Files are written as
 * podman writes them: tab-indented JSON, keys sorted, mode 0600, directory created 0700,
 * through a temporary file and a rename. Credential helpers ({@code credHelpers},
 * {@code credsStore}) are not run.
 */
public final class AuthFiles {
    private AuthFiles() {}

    /** The primary (read/write) file for this environment, without {@code --authfile}. */
    public static Path primary(Map<String, String> env, long uid) {
        String explicit = env.get("REGISTRY_AUTH_FILE");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isEmpty()) {
            return Path.of(runtimeDir, "containers", "auth.json");
        }
        return Path.of("/run/containers", Long.toString(uid), "auth.json");
    }

    /** The effective user id, read without a libc call: the owner of {@code /proc/self}. */
    public static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /** A file to read, and whether it is in the legacy {@code .dockercfg} format. */
    public record Source(Path path, boolean legacy) {}

    /** Every file a lookup reads, in order: the primary one first. */
    public static List<Source> lookupOrder(Path primary, Map<String, String> env, String home) {
        List<Source> out = new ArrayList<>();
        out.add(new Source(primary, false));
        String xdgConfig = env.getOrDefault("XDG_CONFIG_HOME", "");
        out.add(new Source(xdgConfig.isEmpty() ? Path.of(home, ".config/containers/auth.json")
                : Path.of(xdgConfig, "containers/auth.json"), false));
        String dockerConfig = env.getOrDefault("DOCKER_CONFIG", "");
        out.add(new Source(dockerConfig.isEmpty() ? Path.of(home, ".docker/config.json")
                : Path.of(dockerConfig, "config.json"), false));
        out.add(new Source(Path.of(home, ".dockercfg"), true));
        return out;
    }

    /** The credentials for {@code key} from the first file that has them. */
    public static Optional<Credentials> find(List<Source> files, String key) {
        for (Source f : files) {
            Optional<Credentials> c = findIn(f, key);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    static Optional<Credentials> findIn(Source file, String key) {
        Map<String, Object> auths = file.legacy() ? read(file.path()) : section(read(file.path()));
        if (!file.legacy()) {
            // The key, then each parent namespace, then the registry alone.
            for (String k = key; ; k = k.substring(0, k.lastIndexOf('/'))) {
                Optional<Credentials> c = decode(auths.get(k), file.path());
                if (c.isPresent()) return c;
                if (k.indexOf('/') < 0) break;
            }
        }
        String registry = registryOf(key);
        for (Map.Entry<String, Object> e : auths.entrySet()) {
            if (normalizeLegacyKey(e.getKey(), file.legacy()).equals(registry)) {
                Optional<Credentials> c = decode(e.getValue(), file.path());
                if (c.isPresent()) return c;
            }
        }
        return Optional.empty();
    }

    /** Stores {@code credentials} under {@code key} in {@code file}, keeping its other entries. */
    public static void store(Path file, String key, Credentials credentials) {
        Map<String, Object> doc = readForUpdate(file);
        Map<String, Object> auths = new TreeMap<>(section(doc));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("auth", credentials.basicToken());
        auths.put(key, entry);
        doc.put("auths", auths);
        write(file, doc);
    }

    /** Removes {@code key} from {@code file}; false when it was not there (nothing is written then). */
    public static boolean remove(Path file, String key) {
        Map<String, Object> doc = readForUpdate(file);
        Map<String, Object> auths = new TreeMap<>(section(doc));
        if (auths.remove(key) == null) {
            return false;
        }
        doc.put("auths", auths);
        write(file, doc);
        return true;
    }

    /** Empties {@code file}'s credentials (podman writes {@code {"auths": {}}} even where there was no file). */
    public static void removeAll(Path file) {
        Map<String, Object> doc = readForUpdate(file);
        doc.put("auths", new TreeMap<>());
        doc.remove("credHelpers");
        write(file, doc);
    }

    /** {@code HOST[:PORT]} of a key: everything before the first slash. */
    public static String registryOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /**
     * docker's old keys: {@code https://index.docker.io/v1/} → {@code docker.io}, {@code http://h/x} → {@code h};
     * a path is dropped only from a URL or in the legacy format (containers/image's normalizeAuthFileKey).
     */
    static String normalizeLegacyKey(String key, boolean legacy) {
        String k = key;
        if (k.startsWith("http://")) k = k.substring(7);
        else if (k.startsWith("https://")) k = k.substring(8);
        if (legacy || k.length() != key.length()) {
            k = registryOf(k);
        }
        return k.equals("index.docker.io") ? "docker.io" : k;
    }

    private static Optional<Credentials> decode(Object entry, Path file) {
        if (!(entry instanceof Map<?, ?> m) || !(m.get("auth") instanceof String auth) || auth.isEmpty()) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "decoding credentials in " + file + ": invalid base64");
        }
        int colon = plain.indexOf(':');
        if (colon < 0) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "decoding credentials in " + file
                    + ": the auth field is not username:password");
        }
        return Optional.of(new Credentials(plain.substring(0, colon), plain.substring(colon + 1)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> doc) {
        return doc.get("auths") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The file's document; empty when it does not exist. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "reading " + file + ": " + e.getMessage(), e);
        }
        if (data.length == 0) {
            return new LinkedHashMap<>();
        }
        try {
            if (JsonReader.parse(data) instanceof Map<?, ?> m) {
                return new LinkedHashMap<>((Map<String, Object>) m);
            }
            throw new IllegalArgumentException("not a JSON object");
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "unmarshaling JSON at \"" + file + "\": " + e.getMessage());
        }
    }

    private static Map<String, Object> readForUpdate(Path file) {
        if (Files.isDirectory(file)) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "reading " + file + ": is a directory");
        }
        return read(file);
    }

    /** Writes as Go's json.MarshalIndent(v, "", "\t"): tabs, no final newline; atomically, mode 0600. */
    static void write(Path file, Map<String, Object> doc) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("auths", doc.get("auths"));
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            if (!e.getKey().equals("auths")) ordered.put(e.getKey(), e.getValue());
        }
        String json = new String(JsonWriter.write(ordered, true), StandardCharsets.UTF_8).stripTrailing();
        StringBuilder tabs = new StringBuilder(json.length());
        for (String line : json.split("\n", -1)) {
            int spaces = 0;
            while (spaces < line.length() && line.charAt(spaces) == ' ') spaces++;
            tabs.append("\t".repeat(spaces / 2)).append(line, spaces, line.length()).append('\n');
        }
        tabs.setLength(tabs.length() - 1);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = Files.createTempFile(dir, ".auth", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, tabs);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "writing " + file + ": " + e.getMessage(), e);
        }
    }
}
