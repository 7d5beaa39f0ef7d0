package io.peapod.core;

import io.peapod.core.names.ContainerIds;
import io.peapod.core.names.Durations;
import io.peapod.core.names.NameGenerator;
import io.peapod.engine.EngineException;
import io.peapod.engine.Timestamp;
import io.peapod.engine.VolumeEngine;
import io.peapod.state.VolumeRow;
import io.peapod.state.VolumeRows;
import io.peapod.storage.Store;
import io.peapod.storage.VolumeStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Volumes with podman's local driver (libpod's volume code): create, list with filters, inspect,
 * remove and prune. Rows live in the {@code volumes} table, files under {@code <graphroot>/volumes}
 * ({@link VolumeStore}); which containers use a volume is {@code container_volumes}.
 */
final class VolumeService {
    static final String LOCAL = "local";
    /** The local driver's options, as podman 4.3 accepts them. */
    private static final List<String> LOCAL_OPTIONS = List.of("o", "type", "device", "uid", "gid", "size", "inodes",
            "noquota", "copy", "nocopy");

    private final Store store;
    private final VolumeStore files;

    VolumeService(Store store) {
        this.store = store;
        this.files = new VolumeStore(store);
    }

    VolumeStore files() {
        return files;
    }

    List<VolumeRow> rows() {
        return files.all();
    }

    VolumeRow findOrNull(String name) {
        return files.find(name);
    }

    VolumeRow find(String name) {
        VolumeRow v = findOrNull(name);
        if (v == null) {
            throw new EngineException("no volume with name \"" + name + "\" found: no such volume", 1);
        }
        return v;
    }

    // ---- create --------------------------------------------------------------------------------

    String create(VolumeEngine.VolumeCreateOptions o) {
        return store.write(() -> {
            String name = o.name() == null || o.name().isEmpty() ? newName() : o.name();
            VolumeRow row = newRow(name, o.driver(), o.labels(), o.options(), false);
            VolumeStore.Staged staged = files.stage(name);
            try {
                chownForOptions(staged, row);
                staged.commit();
                store.db().transaction(c -> {
                    VolumeRows.insert(c, row);
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                staged.discard();
                throw e;
            }
            return name;
        });
    }

    /** A 64-hex name no volume has: what podman gives unnamed and anonymous volumes. */
    String newName() {
        String name;
        do {
            name = ContainerIds.newId(new io.peapod.core.names.Urandom());
        } while (findOrNull(name) != null);
        return name;
    }

    /** A checked row for a new volume; throws podman's errors for a bad name, driver or option, or a taken name. */
    VolumeRow newRow(String name, String driver, Map<String, String> labels, Map<String, String> options, boolean anonymous) {
        if (!NameGenerator.isValidName(name)) {
            throw new EngineException("running volume create option: " + NameGenerator.INVALID_NAME_MESSAGE);
        }
        if (findOrNull(name) != null) {
            throw new EngineException("volume with name " + name + " already exists: volume already exists");
        }
        String d = driver == null || driver.isEmpty() ? LOCAL : driver;
        if (!d.equals(LOCAL)) {
            throw new EngineException("volume " + name + " uses volume plugin " + d + " but it could not be retrieved: "
                    + "no volume plugin with name " + d + " available: required plugin missing");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!LOCAL_OPTIONS.contains(key)) {
                throw new EngineException("invalid mount option " + e.getKey() + " for driver 'local': invalid argument");
            }
            if (key.equals("device") && "bind".equals(options.get("type")) && !Files.exists(Path.of(e.getValue()))) {
                throw new EngineException("invalid volume option device for driver 'local': stat " + e.getValue()
                        + ": no such file or directory");
            }
            opts.put(e.getKey(), e.getValue());
        }
        ownerOptions(opts);
        return new VolumeRow(name, LOCAL, labels, opts, anonymous, true, !opts.containsKey("UID") && !opts.containsKey("GID"),
                nowNanos());
    }

    /** The clock in nanoseconds, as fine as the JVM reads it (podman's CreatedAt has nanoseconds). */
    private static long nowNanos() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** uid=/gid= (as keys or inside o=) give the volume its owner, recorded as podman does in UID/GID. */
    private static void ownerOptions(Map<String, String> opts) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("uid", "gid")) {
            if (opts.containsKey(key)) {
                parts.add(key + "=" + opts.remove(key));
            }
        }
        String o = opts.getOrDefault("o", "");
        for (String part : (o.isEmpty() ? List.<String>of() : List.of(o.split(",")))) {
            parts.add(part);
        }
        for (String part : parts) {
            String[] kv = part.split("=", 2);
            String key = kv[0].toLowerCase(java.util.Locale.ROOT);
            if (key.equals("size") || key.equals("inodes")) {
                throw new EngineException("volume options size and inodes not supported. Filesystem does not support Project Quota");
            }
            if ((key.equals("uid") || key.equals("gid")) && kv.length == 2) {
                try {
                    Integer.parseInt(kv[1]);
                } catch (NumberFormatException e) {
                    throw new EngineException("cannot convert UID " + kv[1] + " to integer: strconv.Atoi: parsing \""
                            + kv[1] + "\": invalid syntax");
                }
                opts.put(key.toUpperCase(java.util.Locale.ROOT), kv[1]);
            }
        }
    }

    private void chownForOptions(VolumeStore.Staged staged, VolumeRow row) throws IOException {
        String uid = row.options().get("UID");
        String gid = row.options().get("GID");
        if (uid == null && gid == null) {
            return;
        }
        Path dir = staged.dir();
        for (Path p : List.of(dir, dir.resolve("_data"))) {
            if (uid != null) {
                Files.setAttribute(p, "unix:uid", Integer.parseInt(uid), LinkOption.NOFOLLOW_LINKS);
            }
            if (gid != null) {
                Files.setAttribute(p, "unix:gid", Integer.parseInt(gid), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    // ---- listing and inspect -------------------------------------------------------------------

    List<Map<String, Object>> list(List<String> filters) {
        Predicate<VolumeRow> match = filter(filters, false);
        List<Map<String, Object>> out = new ArrayList<>();
        for (VolumeRow v : rows()) {
            if (match.test(v)) {
                out.add(document(v));
            }
        }
        return out;
    }

    Map<String, Object> inspect(String name) {
        VolumeRow v = findOrNull(name);
        if (v == null) {
            throw new EngineException("no such volume " + name);
        }
        return document(v);
    }

    /** podman's InspectVolumeData, every field (JSON output leaves out the empty omitempty ones). */
    Map<String, Object> document(VolumeRow v) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Name", v.name());
        d.put("Driver", v.driver());
        d.put("Mountpoint", files.mountpoint(v.name()).toString());
        d.put("CreatedAt", new Timestamp(v.created()));
        d.put("Labels", new TreeMap<>(v.labels()));
        d.put("Scope", "local");
        d.put("Options", new TreeMap<>(v.options()));
        int uid = Integer.parseInt(v.options().getOrDefault("UID", "0"));
        int gid = Integer.parseInt(v.options().getOrDefault("GID", "0"));
        d.put("UID", uid);
        d.put("GID", gid);
        d.put("Anonymous", v.anonymous());
        d.put("MountCount", mountCount(v));
        d.put("NeedsCopyUp", v.needsCopyUp());
        d.put("NeedsChown", v.needsChown());
        d.put("Timeout", 0);
        return d;
    }

    private int mountCount(VolumeRow v) {
        if (!needsMount(v)) {
            return 0;
        }
        try {
            return files.isMounted(v.name()) ? Math.max(1, ContainerVolumes.runningUsers(store, v.name())) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** podman's needsMount: options other than the owner and quota ones mean a filesystem to mount. */
    static boolean needsMount(VolumeRow v) {
        int index = 0;
        for (String k : List.of("UID", "GID", "SIZE", "NOQUOTA")) {
            if (v.options().containsKey(k)) {
                index++;
            }
        }
        if (index > 0) {
            index++;   // uid/gid come with an "o"
        }
        return v.options().size() > index;
    }

    /**
     * podman's volume filters: name (regular expression), label, driver, scope, opt, until, dangling;
     * a volume matches if any filter does. {@code prune} knows only label and until.
     */
    Predicate<VolumeRow> filter(List<String> filters, boolean prune) {
        if (filters.isEmpty()) {
            return v -> true;
        }
        Map<String, Integer> users = store.db().read(VolumeRows::userCounts);
        long now = System.currentTimeMillis() * 1_000_000L;
        List<Predicate<VolumeRow>> any = new ArrayList<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            String value = eq < 0 ? "" : f.substring(eq + 1);
            if (prune && !key.equals("label") && !key.equals("until")) {
                throw new EngineException("\"" + key + "\" is an invalid volume filter");
            }
            switch (key) {
                case "name" -> {
                    Pattern p;
                    try {
                        p = Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        throw new EngineException("error parsing regexp: " + e.getDescription() + ": `" + value + "`");
                    }
                    any.add(v -> p.matcher(v.name()).find());
                }
                case "driver" -> any.add(v -> v.driver().equals(value));
                case "scope" -> any.add(v -> value.equals("local"));
                case "label" -> any.add(v -> matches(v.labels(), value));
                case "opt" -> any.add(v -> matches(v.options(), value));
                case "until" -> {
                    long until;
                    try {
                        until = Durations.parseTimestamp(value, now, true);
                    } catch (IllegalArgumentException e) {
                        throw new EngineException(e.getMessage());
                    }
                    any.add(v -> v.created() < until);
                }
                case "dangling" -> {
                    boolean want = switch (value.toLowerCase(java.util.Locale.ROOT)) {
                        case "true", "1" -> true;
                        case "false", "0" -> false;
                        default -> throw new EngineException("\"" + value
                                + "\" is not a valid value for the \"dangling\" filter - must be true or false");
                    };
                    any.add(v -> (users.getOrDefault(v.name(), 0) == 0) == want);
                }
                default -> throw new EngineException("\"" + key + "\" is an invalid volume filter");
            }
        }
        return v -> any.stream().anyMatch(p -> p.test(v));
    }

    /** "key" or "key=value" against a label (or option) map. */
    private static boolean matches(Map<String, String> map, String filter) {
        int eq = filter.indexOf('=');
        String key = eq < 0 ? filter : filter.substring(0, eq);
        String value = eq < 0 ? "" : filter.substring(eq + 1);
        return map.containsKey(key) && (value.isEmpty() || map.get(key).equals(value));
    }

    // ---- removal -------------------------------------------------------------------------------

    /**
     * Removes the volume; with {@code force}, the containers using it go first (running ones stopped
     * with {@code timeoutSeconds}), as podman's {@code volume rm -f} does.
     */
    void remove(String name, boolean force, int timeoutSeconds, ContainerService containers) throws InterruptedException {
        VolumeRow v = find(name);
        List<String> users = store.db().read(c -> VolumeRows.users(c, v.name()));
        if (!users.isEmpty()) {
            if (!force) {
                throw new EngineException("volume " + v.name() + " is being used by the following container(s): "
                        + String.join(", ", users) + ": volume is being used", 2);
            }
            for (String id : users) {
                containers.stop(id, timeoutSeconds);
                containers.removeContainer(id, true, false);
            }
        }
        store.write(() -> {
            removeLocked(v.name());
            return null;
        });
    }

    /** Removes the volume if no container uses it; false when one does. Must run inside {@link Store#write}. */
    boolean removeLocked(String name) throws IOException {
        boolean removed = store.db().transaction(c -> {
            if (!VolumeRows.users(c, name).isEmpty() || VolumeRows.find(c, name) == null) {
                return false;
            }
            VolumeRows.delete(c, name);
            return true;
        });
        if (removed) {
            files.delete(name);
        }
        return removed;
    }

    List<VolumeEngine.PrunedVolume> prune(List<String> filters) {
        Predicate<VolumeRow> match = filter(filters, true);
        return store.write(() -> {
            List<VolumeEngine.PrunedVolume> out = new ArrayList<>();
            for (VolumeRow v : rows()) {
                if (match.test(v)) {
                    long size = files.size(v.name());
                    if (removeLocked(v.name())) {
                        out.add(new VolumeEngine.PrunedVolume(v.name(), size));
                    }
                }
            }
            return out;
        });
    }

    /** {@code system reset}: every volume goes. Containers must be gone already. Must run inside {@link Store#write}. */
    void removeAllForReset() throws IOException {
        for (VolumeRow v : rows()) {
            removeLocked(v.name());
        }
    }

    /** {@code system df}'s "Local Volumes" row: total, in use, bytes, bytes in unused volumes. */
    long[] usage() {
        Map<String, Integer> users = store.db().read(VolumeRows::userCounts);
        long total = 0, active = 0, size = 0, reclaimable = 0;
        for (VolumeRow v : rows()) {
            long s = files.size(v.name());
            total++;
            size += s;
            if (users.getOrDefault(v.name(), 0) > 0) {
                active++;
            } else {
                reclaimable += s;
            }
        }
        return new long[] {total, active, size, reclaimable};
    }
}
