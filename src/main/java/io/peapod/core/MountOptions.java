package io.peapod.core;

import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Podman's util.ProcessOptions: a mount's options checked (each kind once, tmpfs-only ones on tmpfs)
 * and completed with the defaults it writes to config.json: rw, rprivate, nosuid/nodev/noexec as the
 * source's filesystem has them (nosuid and nodev for volumes and tmpfs), rbind or tmpcopyup.
 */
final class MountOptions {
    private MountOptions() {}

    /** The mount flags of a bind source's filesystem, which podman carries over (its statfs f_flags). */
    record SourceFlags(boolean noexec, boolean nosuid, boolean nodev) {
        /** What podman assumes for volumes and tmpfs, which have no host path to look at. */
        static final SourceFlags NONE = new SourceFlags(false, true, true);
    }

    static List<String> process(List<String> options, boolean tmpfs, SourceFlags source) {
        List<String> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String opt : options) {
            String name = opt.contains("=") ? opt.substring(0, opt.indexOf('=')) : opt;
            switch (name) {
                case "copy", "nocopy" -> once(seen, "copy", "only one of 'nocopy' and 'copy' can be used");
                case "exec", "noexec" -> once(seen, "exec", "only one of 'noexec' and 'exec' can be used");
                case "suid", "nosuid" -> once(seen, "suid", "only one of 'nosuid' and 'suid' can be used");
                case "dev", "nodev" -> once(seen, "dev", "only one of 'nodev' and 'dev' can be used");
                case "rw", "ro" -> once(seen, "rw", "only one of 'rw' and 'ro' can be used");
                case "private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable" ->
                        once(seen, "propagation", "only one root propagation mode can be used");
                case "size" -> {
                    tmpfsOnly(tmpfs, "the 'size' option is only allowed with tmpfs mounts");
                    once(seen, "size", "only one tmpfs size can be specified");
                }
                case "mode" -> {
                    tmpfsOnly(tmpfs, "the 'mode' option is only allowed with tmpfs mounts");
                    once(seen, "mode", "only one tmpfs mode can be specified");
                }
                case "tmpcopyup", "notmpcopyup" -> {
                    tmpfsOnly(tmpfs, "the '" + name + "' option is only allowed with tmpfs mounts");
                    once(seen, "copyup", "the 'tmpcopyup' or 'notmpcopyup' option can only be set once");
                    if (name.equals("notmpcopyup")) {
                        continue;   // podman's own option: runc would not know it
                    }
                }
                case "bind", "rbind" -> {
                    if (tmpfs) {
                        throw bad("the 'bind' and 'rbind' options are not allowed with tmpfs mounts");
                    }
                    once(seen, "bind", "only one of 'rbind' and 'bind' can be used");
                }
                case "z", "Z" -> {
                    if (tmpfs) {
                        throw bad("the 'z' and 'Z' options are not allowed with tmpfs mounts");
                    }
                    once(seen, "z", "only one of 'z' and 'Z' can be used");
                }
                case "U" -> once(seen, "U", "the 'U' option can only be set once");
                case "consistency" -> {
                    continue;
                }
                default -> throw bad("unknown mount option \"" + opt + "\"");
            }
            out.add(opt);
        }
        if (!seen.contains("rw")) {
            out.add("rw");
        }
        if (!seen.contains("propagation")) {
            out.add("rprivate");
        }
        if (!seen.contains("exec") && source.noexec()) {
            out.add("noexec");
        }
        if (!seen.contains("suid") && source.nosuid()) {
            out.add("nosuid");
        }
        if (!seen.contains("dev") && source.nodev()) {
            out.add("nodev");
        }
        if (tmpfs && !seen.contains("copyup")) {
            out.add("tmpcopyup");
        }
        if (!tmpfs && !seen.contains("bind")) {
            out.add("rbind");
        }
        return out;
    }

    private static void once(List<String> seen, String group, String message) {
        if (seen.contains(group)) {
            throw new EngineException(message + ": duplicate mount option passed");
        }
        seen.add(group);
    }

    private static void tmpfsOnly(boolean tmpfs, String message) {
        if (!tmpfs) {
            throw bad(message);
        }
    }

    private static EngineException bad(String message) {
        return new EngineException(message + ": invalid mount option");
    }

    /**
     * The flags of the filesystem holding {@code source}, from the mount table; podman's statfs fails
     * the same way for a missing path.
     */
    static SourceFlags of(Path source) {
        Path real;
        try {
            real = source.toRealPath();
        } catch (IOException e) {
            throw new EngineException("statfs " + source + ": no such file or directory");
        }
        try {
            return flagsFor(real.toString(), Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return new SourceFlags(false, false, false);
        }
    }

    /** The flags of the deepest mount in {@code mountinfo} (lines of /proc/self/mountinfo) holding {@code realPath}. */
    static SourceFlags flagsFor(String realPath, List<String> mountinfo) {
        String best = "";
        String bestOptions = "";
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length < 6) {
                continue;
            }
            String point = io.peapod.storage.Mounts.unescape(f[4]);
            boolean covers = point.equals("/") || realPath.equals(point) || realPath.startsWith(point + "/");
            if (covers && point.length() >= best.length()) {
                best = point;
                bestOptions = "," + f[5] + ",";
            }
        }
        return new SourceFlags(bestOptions.contains(",noexec,"), bestOptions.contains(",nosuid,"),
                bestOptions.contains(",nodev,"));
    }
}
