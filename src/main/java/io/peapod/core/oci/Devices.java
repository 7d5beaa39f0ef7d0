package io.peapod.core.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Device cgroup rules and, for privileged containers, the host's device nodes. */
final class Devices {

    private Devices() {
    }

    /**
     * Deny everything, then allow the standard nodes. Podman 4.3.1 writes only the deny rule and relies
     * on runc adding these (libcontainer/specconv AllowedDevices); writing them ourselves keeps the
     * document complete for any runtime. /dev/net/tun is left out, as runc 1.2 does.
     */
    static List<Map<String, Object>> allowList() {
        var d = new ArrayList<Map<String, Object>>();
        d.add(SpecGenerator.device(false, null, -1, -1, "rwm"));
        d.add(SpecGenerator.device(true, "c", -1, -1, "m")); // mknod of any node; using it still needs a rule
        d.add(SpecGenerator.device(true, "b", -1, -1, "m"));
        d.add(SpecGenerator.device(true, "c", 1, 3, "rwm"));  // null
        d.add(SpecGenerator.device(true, "c", 1, 5, "rwm"));  // zero
        d.add(SpecGenerator.device(true, "c", 1, 7, "rwm"));  // full
        d.add(SpecGenerator.device(true, "c", 1, 8, "rwm"));  // random
        d.add(SpecGenerator.device(true, "c", 1, 9, "rwm"));  // urandom
        d.add(SpecGenerator.device(true, "c", 5, 0, "rwm"));  // tty
        d.add(SpecGenerator.device(true, "c", 5, 1, "rwm"));  // console
        d.add(SpecGenerator.device(true, "c", 5, 2, "rwm"));  // ptmx
        d.add(SpecGenerator.device(true, "c", 136, -1, "rwm")); // pts/*
        return d;
    }

    /**
     * linux.devices for --privileged: every char and block node under the host's /dev, skipping
     * /dev/pts, /dev/shm, /dev/mqueue and the console as podman's util.GetDevices does.
     */
    static List<Map<String, Object>> host() {
        var out = new ArrayList<Map<String, Object>>();
        try (Stream<Path> s = Files.walk(Path.of("/dev"))) {
            for (Path p : s.sorted().toList()) {
                String name = p.toString();
                if (name.startsWith("/dev/pts/") || name.startsWith("/dev/shm/") || name.startsWith("/dev/mqueue/")
                        || name.equals("/dev/console") || Files.isSymbolicLink(p)) {
                    continue;
                }
                Map<String, Object> dev = node(p);
                if (dev != null) {
                    out.add(dev);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return List.of(); // the device cgroup still allows everything; nodes just are not created
        }
        return out;
    }

    /**
     * linux.devices for {@code --device}: each source's node (every node below a directory, as podman does),
     * at its destination, with the rule's permissions under "access" (the caller moves it to the cgroup rule).
     * A missing source fails with Go's stat error, as podman's.
     */
    static List<Map<String, Object>> requested(List<SpecExtras.Device> devices) {
        var out = new ArrayList<Map<String, Object>>();
        for (SpecExtras.Device d : devices) {
            Path src = Path.of(d.source());
            if (!Files.exists(src)) {
                throw new SpecException("stat " + d.source() + ": no such file or directory");
            }
            List<Path> nodes;
            if (Files.isDirectory(src)) {
                try (Stream<Path> s = Files.walk(src)) {
                    nodes = s.sorted().toList();
                } catch (IOException e) {
                    throw new SpecException("reading device directory " + d.source() + ": " + e.getMessage());
                }
            } else {
                nodes = List.of(src);
            }
            for (Path p : nodes) {
                Map<String, Object> dev = node(resolve(p));
                if (dev == null) {
                    continue;
                }
                dev.put("path", Path.of(d.destination()).resolve(src.relativize(p)).normalize().toString());
                dev.put("access", d.permissions());
                out.add(dev);
            }
        }
        return out;
    }

    private static Path resolve(Path p) {
        try {
            return p.toRealPath();   // /dev/xyz may be a symbolic link to the node
        } catch (IOException e) {
            return p;
        }
    }

    private static Map<String, Object> node(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            int fmt = mode & 0170000;
            String type = fmt == 0020000 ? "c" : fmt == 0060000 ? "b" : null;
            if (type == null) {
                return null;
            }
            long rdev = (Long) Files.getAttribute(p, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            var d = new LinkedHashMap<String, Object>();
            d.put("path", p.toString());
            d.put("type", type);
            d.put("major", (rdev >>> 8) & 0xfff);
            d.put("minor", (rdev & 0xff) | ((rdev >>> 12) & 0xfff00));
            d.put("fileMode", mode);
            d.put("uid", Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
            d.put("gid", Files.getAttribute(p, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
            return d;
        } catch (IOException e) {
            return null; // vanished while walking
        }
    }
}
