package io.peapod.cli;

import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -v/--volume}, {@code --mount} and {@code --tmpfs} of create/run, parsed the way podman 4.3's
 * CLI does (cmd/podman/common/volumes.go and containers/common's ValidateVolumeOpts), with its error
 * texts. What needs the host (does a bind source exist, what its mount flags are) is left to the engine.
 */
final class MountFlags {
    private MountFlags() {}

    static final String VOLUME_FORMAT = "incorrect volume format, should be [host-dir:]ctr-dir[:option]";
    static final String MOUNT_FORMAT = "incorrect mount format: should be --mount type=<bind|tmpfs|volume>,"
            + "[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]";
    private static final String OPTION_ARG = "must provide an argument for option";
    private static final String BAD_OPTION = "invalid mount option";

    /** All three flags' mounts: --mount first, then -v, then --tmpfs; one destination may be used once. */
    static List<MountRequest> parse(List<String> volumes, List<String> mounts, List<String> tmpfs) {
        Map<String, MountRequest> byDest = new LinkedHashMap<>();
        for (String m : mounts) {
            MountRequest r = mount(m);
            if (byDest.putIfAbsent(r.destination(), r) != null) {
                throw duplicate(r.destination());
            }
        }
        for (String v : volumes) {
            MountRequest r = volume(v);
            MountRequest before = byDest.putIfAbsent(r.destination(), r);
            if (before != null && !before.equals(r)) {
                throw duplicate(r.destination());
            }
        }
        for (String t : tmpfs) {
            MountRequest r = tmpfs(t);
            if (byDest.putIfAbsent(r.destination(), r) != null) {
                throw duplicate(r.destination());
            }
        }
        return List.copyOf(byDest.values());
    }

    private static EngineException duplicate(String destination) {
        return new EngineException(destination + ": duplicate mount destination");
    }

    /** {@code -v [host-dir:|name:]ctr-dir[:options]}. */
    static MountRequest volume(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 3) {
            throw new EngineException(spec + ": " + VOLUME_FORMAT);
        }
        String src = parts.length == 1 ? "" : parts[0];
        String dest = parts.length == 1 ? parts[0] : parts[1];
        List<String> options = parts.length > 2 ? validateOptions(List.of(parts[2].split(",", -1))) : List.of();
        if (parts.length > 1 && src.isEmpty()) {
            throw new EngineException("host directory cannot be empty");
        }
        checkDestination(dest);
        if (src.startsWith("/") || src.startsWith(".")) {
            return new MountRequest(MountRequest.BIND, absolute(src), dest, options);
        }
        return new MountRequest(MountRequest.VOLUME, src, dest, options);
    }

    /** {@code --tmpfs /dest[:options]}: the options are checked by the engine, as podman's libpod does. */
    static MountRequest tmpfs(String spec) {
        int colon = spec.indexOf(':');
        String dest = colon < 0 ? spec : spec.substring(0, colon);
        checkDestination(dest);
        List<String> options = colon < 0 ? List.of() : List.of(spec.substring(colon + 1).split(",", -1));
        return new MountRequest(MountRequest.TMPFS, "", clean(dest), options);
    }

    /** {@code --mount type=bind|volume|tmpfs,...}. */
    static MountRequest mount(String spec) {
        String type = null;
        List<String> tokens = new ArrayList<>();
        for (String token : csvFields(spec)) {
            String[] kv = token.split("=", -1);
            if (type == null && kv.length == 2 && kv[0].equals("type")) {
                type = kv[1];
            } else {
                tokens.add(token);
            }
        }
        if (type == null) {
            throw new EngineException(MOUNT_FORMAT);
        }
        return switch (type) {
            case MountRequest.BIND -> bindMount(tokens);
            case MountRequest.TMPFS -> tmpfsMount(tokens);
            case MountRequest.VOLUME -> volumeMount(tokens);
            case "devpts", "image", "ramfs" -> throw new EngineException("mount type " + type + " is not supported yet");
            default -> throw new EngineException("invalid filesystem type \"" + type + "\"");
        };
    }

    /** One mount's options as given, with the once-only checks of podman's per-type parsers. */
    private static final class Seen {
        final List<String> options = new ArrayList<>();
        String source;
        String destination;
        private final List<String> once = new ArrayList<>();

        void once(String group, String message) {
            if (once.contains(group)) {
                throw new EngineException(message + ": " + OPTION_ARG);
            }
            once.add(group);
        }

        /** src/dst and the other key=value options; false when the token is not one of them. */
        boolean common(String key, String value, boolean hasValue) {
            switch (key) {
                case "target", "dst", "destination" -> {
                    if (!hasValue) {
                        throw new EngineException(key + ": " + OPTION_ARG);
                    }
                    checkDestination(value);
                    destination = clean(value);
                }
                case "nosuid", "suid" -> {
                    once("suid", "cannot pass 'nosuid' and 'suid' options more than once");
                    options.add(key);
                }
                case "nodev", "dev" -> {
                    once("dev", "cannot pass 'nodev' and 'dev' options more than once");
                    options.add(key);
                }
                case "noexec", "exec" -> {
                    once("exec", "cannot pass 'noexec' and 'exec' options more than once");
                    options.add(key);
                }
                case "consistency" -> { }   // a macOS option docker ignores, and podman with it
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** The value of src/source, which must have one. */
        String requireValue(String key, String value, boolean hasValue) {
            if (!hasValue) {
                throw new EngineException(key + ": " + OPTION_ARG);
            }
            return value;
        }

        void requireDestination() {
            if (destination == null) {
                throw new EngineException("must set volume destination");
            }
        }
    }

    private static MountRequest bindMount(List<String> tokens) {
        Seen s = new Seen();
        for (String token : tokens) {
            String[] kv = token.split("=", 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1] : "";
            boolean hasValue = kv.length > 1;
            if (s.common(key, value, hasValue)) {
                continue;
            }
            switch (key) {
                case "bind-nonrecursive" -> s.options.add("bind");
                case "readonly", "ro", "rw" -> {
                    s.once("rorw", "cannot pass 'readonly', 'ro', or 'rw' options more than once");
                    String name = key.equals("readonly") ? "ro" : key;
                    if (!hasValue || value.equalsIgnoreCase("true")) {
                        s.options.add(name);
                    } else if (value.equalsIgnoreCase("false")) {
                        if (name.equals("rw")) {
                            s.options.add("ro");   // ro=false is the default already
                        }
                    } else {
                        throw new EngineException("'readonly', 'ro', or 'rw' must be set to true or false, instead received \""
                                + value + "\": " + OPTION_ARG);
                    }
                }
                case "shared", "rshared", "private", "rprivate", "slave", "rslave", "unbindable", "runbindable", "Z", "z" ->
                        s.options.add(key);
                case "bind-propagation" -> {
                    if (!hasValue) {
                        throw new EngineException(key + ": " + OPTION_ARG);
                    }
                    s.options.add(value);
                }
                case "src", "source" -> {
                    String src = s.requireValue(key, value, hasValue);
                    if (src.isEmpty()) {
                        throw new EngineException("host directory cannot be empty: " + OPTION_ARG);
                    }
                    s.source = src;
                }
                case "relabel" -> {
                    s.once("relabel", "cannot pass 'relabel' option more than once");
                    switch (value) {
                        case "private" -> s.options.add("Z");
                        case "shared" -> s.options.add("z");
                        default -> throw new EngineException(key + " mount option must be 'private' or 'shared': " + BAD_OPTION);
                    }
                }
                case "U", "chown" -> {
                    s.once("U", "cannot pass 'U' or 'chown' option more than once");
                    if (!hasValue || value.equalsIgnoreCase("true")) {
                        s.options.add("U");
                    }
                }
                default -> throw new EngineException(key + ": " + BAD_OPTION);
            }
        }
        s.requireDestination();
        String source = s.source == null ? s.destination : s.source;
        return new MountRequest(MountRequest.BIND, absolute(source), s.destination, validateOptions(s.options));
    }

    private static MountRequest tmpfsMount(List<String> tokens) {
        Seen s = new Seen();
        for (String token : tokens) {
            String[] kv = token.split("=", 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1] : "";
            boolean hasValue = kv.length > 1;
            if (s.common(key, value, hasValue)) {
                continue;
            }
            switch (key) {
                case "tmpcopyup", "notmpcopyup" -> {
                    s.once("copyup", "cannot pass 'tmpcopyup' and 'notmpcopyup' options more than once");
                    s.options.add(key);
                }
                case "ro", "rw" -> {
                    s.once("rorw", "cannot pass 'ro' and 'rw' options more than once");
                    s.options.add(key);
                }
                case "tmpfs-mode", "tmpfs-size" -> {
                    if (!hasValue) {
                        throw new EngineException(key + ": " + OPTION_ARG);
                    }
                    s.options.add((key.equals("tmpfs-mode") ? "mode=" : "size=") + value);
                }
                case "src", "source" -> throw new EngineException("source is not supported with tmpfs mounts");
                default -> throw new EngineException(key + ": " + BAD_OPTION);
            }
        }
        s.requireDestination();
        return new MountRequest(MountRequest.TMPFS, "", s.destination, s.options);
    }

    private static MountRequest volumeMount(List<String> tokens) {
        Seen s = new Seen();
        for (String token : tokens) {
            String[] kv = token.split("=", 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1] : "";
            boolean hasValue = kv.length > 1;
            if (s.common(key, value, hasValue)) {
                continue;
            }
            switch (key) {
                case "ro", "rw" -> {
                    s.once("rorw", "cannot pass 'ro' and 'rw' options more than once");
                    s.options.add(key);   // podman 4.3 takes ro=false as ro too
                }
                case "src", "source" -> s.source = s.requireValue(key, value, hasValue);
                case "U", "chown" -> {
                    s.once("U", "cannot pass 'U' or 'chown' option more than once");
                    if (!hasValue || value.equalsIgnoreCase("true")) {
                        s.options.add("U");
                    }
                }
                case "volume-opt" -> throw new EngineException("volume-opt is not supported yet");
                default -> throw new EngineException(key + ": " + BAD_OPTION);
            }
        }
        s.requireDestination();
        return new MountRequest(MountRequest.VOLUME, s.source == null ? "" : s.source, s.destination, s.options);
    }

    /** containers/common's ValidateVolumeOpts: each kind of option at most once, nothing unknown. */
    static List<String> validateOptions(List<String> options) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String opt : options) {
            if (opt.startsWith("idmap") || opt.contains("upperdir") || opt.contains("workdir") || opt.equals("O")) {
                throw new EngineException("volume option \"" + opt + "\" is not supported yet");
            }
            String group;
            String message;
            switch (opt) {
                case "noexec", "exec" -> { group = "exec"; message = "'noexec' or 'exec'"; }
                case "nodev", "dev" -> { group = "dev"; message = "'nodev' or 'dev'"; }
                case "nosuid", "suid" -> { group = "suid"; message = "'nosuid' or 'suid'"; }
                case "rw", "ro" -> { group = "rw"; message = "'rw' or 'ro'"; }
                case "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable" -> {
                    group = "propagation";
                    message = "'[r]shared', '[r]private', '[r]slave' or '[r]unbindable'";
                }
                case "bind", "rbind" -> { group = "bind"; message = "'[r]bind'"; }
                case "cached", "delegated" -> {
                    continue;   // macOS options that mean nothing on Linux: dropped, as docker does
                }
                case "z", "Z" -> { group = "label"; message = "'z', 'Z', or 'O'"; }
                case "U" -> { group = "U"; message = "'U'"; }
                case "copy", "nocopy" -> { group = "copy"; message = "'copy' or 'nocopy'"; }
                default -> throw new EngineException("invalid option type \"" + opt + "\"");
            }
            if (counts.merge(group, 1, Integer::sum) > 1) {
                throw new EngineException("invalid options \"" + String.join(", ", options) + "\", can only specify 1 "
                        + message + " option");
            }
            out.add(opt);
        }
        return out;
    }

    /** parse.ValidateVolumeCtrDir. */
    private static void checkDestination(String dest) {
        if (dest.isEmpty()) {
            throw new EngineException("container directory cannot be empty");
        }
        if (!dest.startsWith("/")) {
            throw new EngineException("invalid container path \"" + dest + "\", must be an absolute path");
        }
    }

    /** Go's filepath.Clean for an absolute path. */
    static String clean(String path) {
        String c = Path.of(path).normalize().toString();
        return c.isEmpty() ? "/" : c;
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** The comma-separated fields of a --mount value, with CSV double quotes, as Go's encoding/csv reads them. */
    static List<String> csvFields(String spec) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < spec.length() && spec.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
