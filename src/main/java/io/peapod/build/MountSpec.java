package io.peapod.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RUN --mount=...} (BuildKit's {@code parseMount}): {@code type} is bind (the default), cache,
 * tmpfs, secret or ssh. Unset text fields are empty strings, unset numbers null. {@code readOnly} already
 * holds BuildKit's default (bind, secret and ssh read-only; cache and tmpfs writable) unless ro/rw was given;
 * {@code sharing} defaults to "shared" for cache mounts.
 */
public record MountSpec(String type, String from, String source, String target, boolean readOnly,
                        String id, String sharing, Long size, Integer mode, Integer uid, Integer gid,
                        boolean required) {
    private static final Set<String> TYPES = Set.of("bind", "cache", "tmpfs", "secret", "ssh");
    private static final Set<String> SHARING = Set.of("shared", "private", "locked");
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    /** A mount option that BuildKit or buildah refuses, with their wording. */
    static final class InvalidMount extends Exception {
        InvalidMount(String message) {
            super(message);
        }
    }

    /** {@code value} is the flag's value; {@code expand} expands each field's value (identity at parse time). */
    static MountSpec parse(String value, UnaryOperator<String> expand) throws InvalidMount {
        String type = "bind";
        String from = "";
        String source = "";
        String target = "";
        boolean readOnly = false;
        boolean roAuto = true;
        String id = "";
        String sharing = "";
        Long size = null;
        Integer mode = null;
        Integer uid = null;
        Integer gid = null;
        boolean required = false;
        for (String field : csv(value)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> {
                        readOnly = true;
                        roAuto = false;
                    }
                    case "readwrite", "rw" -> {
                        readOnly = false;
                        roAuto = false;
                    }
                    case "required" -> {
                        if (!type.equals("secret") && !type.equals("ssh")) {
                            throw new InvalidMount("unexpected key '" + key + "' for mount type '" + type + "'");
                        }
                        required = true;
                    }
                    default -> throw new InvalidMount("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            String v = expand.apply(field.substring(eq + 1));
            switch (key) {
                case "type" -> {
                    if (!TYPES.contains(v.toLowerCase(Locale.ROOT))) {
                        throw new InvalidMount("invalid mount type \"" + v + "\"");
                    }
                    type = v.toLowerCase(Locale.ROOT);
                }
                case "from" -> from = v;
                case "source", "src" -> source = v;
                case "target", "dst", "destination" -> target = v;
                case "readonly", "ro" -> {
                    readOnly = bool(v, key);
                    roAuto = false;
                }
                case "readwrite", "rw" -> {
                    readOnly = !bool(v, key);
                    roAuto = false;
                }
                case "required" -> required = bool(v, key);
                case "size" -> {
                    if (!type.equals("tmpfs")) {
                        throw new InvalidMount("unexpected key '" + key + "' for mount type '" + type + "'");
                    }
                    size = bytes(v);
                }
                case "id" -> id = v;
                case "sharing" -> {
                    if (!v.isEmpty() && !SHARING.contains(v.toLowerCase(Locale.ROOT))) {
                        throw new InvalidMount("unsupported sharing value \"" + v + "\"");
                    }
                    sharing = v.toLowerCase(Locale.ROOT);
                }
                case "mode" -> mode = number(v, 8, "mode");
                case "uid" -> uid = number(v, 10, "uid");
                case "gid" -> gid = number(v, 10, "gid");
                default -> throw new InvalidMount("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        boolean fileInfo = type.equals("secret") || type.equals("ssh") || type.equals("cache");
        if (!fileInfo) {
            if (mode != null) {
                throw new InvalidMount("mode not allowed for \"" + type + "\" type mounts");
            }
            if (uid != null) {
                throw new InvalidMount("uid not allowed for \"" + type + "\" type mounts");
            }
            if (gid != null) {
                throw new InvalidMount("gid not allowed for \"" + type + "\" type mounts");
            }
        }
        if (roAuto) {
            readOnly = !type.equals("cache") && !type.equals("tmpfs");
        }
        if (!sharing.isEmpty() && !type.equals("cache")) {
            throw new InvalidMount("invalid cache sharing set for " + type + " mount");
        }
        if (type.equals("secret")) {
            if (!from.isEmpty()) {
                throw new InvalidMount("secret mount should not have a from");
            }
            if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
                throw new InvalidMount("invalid secret mount. one of source, target required");
            }
            if (!source.isEmpty() && !id.isEmpty()) {
                throw new InvalidMount("both source and id can't be set");
            }
        }
        if (target.isEmpty() && !type.equals("secret") && !type.equals("ssh")) {
            throw new InvalidMount("must set volume destination"); // buildah's wording
        }
        if (type.equals("cache") && sharing.isEmpty()) {
            sharing = "shared";
        }
        return new MountSpec(type, from, source, target, readOnly, id, sharing, size, mode, uid, gid, required);
    }

    /** A cache's id (its target when none was given) or a secret's (its source, else the target's base name). */
    public String effectiveId() {
        if (!id.isEmpty()) {
            return id;
        }
        return switch (type) {
            case "cache" -> target;
            case "secret" -> !source.isEmpty() ? source : target.substring(target.lastIndexOf('/') + 1);
            case "ssh" -> "default";
            default -> id;
        };
    }

    /** Where it is mounted: a secret without target goes to {@code /run/secrets/ID}. */
    public String effectiveTarget() {
        if (type.equals("secret") && target.isEmpty()) {
            return "/run/secrets/" + effectiveId();
        }
        return target;
    }

    private static boolean bool(String v, String key) throws InvalidMount {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new InvalidMount("invalid value for " + key + ": " + v);
        };
    }

    private static Integer number(String v, int radix, String what) throws InvalidMount {
        try {
            long n = Long.parseLong(v, radix);
            if (n < 0 || n > 0xFFFFFFFFL || v.startsWith("+")) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new InvalidMount("invalid value " + v + " for " + what);
        }
    }

    /** docker/go-units RAMInBytes: binary multiples, an optional "b"/"ib". */
    private static long bytes(String v) throws InvalidMount {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new InvalidMount("invalid size: '" + v + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return (long) (n * (1L << shift));
    }

    /** One record of Go's encoding/csv: comma separated, a field may be double-quoted with "" for a quote. */
    static List<String> csv(String line) throws InvalidMount {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new InvalidMount("extraneous or missing \" in quoted-field");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            f.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    f.append(c);
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new InvalidMount("extraneous or missing \" in quoted-field");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    f.append(line.charAt(i++));
                }
            }
            fields.add(f.toString());
            f.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}
