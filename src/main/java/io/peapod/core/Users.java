package io.peapod.core;

import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code -u user[:group]} resolved against the container's own /etc/passwd and /etc/group, as runc expects numbers. */
final class Users {
    private Users() {}

    record Resolved(int uid, int gid, List<Integer> additionalGids) {}

    static Resolved resolve(String spec, Path rootfs) throws IOException {
        String user = spec;
        String group = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            user = spec.substring(0, colon);
            group = spec.substring(colon + 1);
        }
        int uid;
        int gid = 0;
        String[] entry = lookup(io.peapod.storage.RootedPath.resolve(rootfs, "/etc/passwd", true).host(), user);
        if (isNumber(user)) {
            uid = Integer.parseInt(user);
            String[] byUid = lookupById(io.peapod.storage.RootedPath.resolve(rootfs, "/etc/passwd", true).host(), uid);
            if (byUid != null) {
                gid = Integer.parseInt(byUid[3]);
            }
        } else if (entry != null) {
            uid = Integer.parseInt(entry[2]);
            gid = Integer.parseInt(entry[3]);
        } else {
            throw new EngineException("unable to find user " + user + ": no matching entries in passwd file");
        }
        if (group != null && !group.isEmpty()) {
            if (isNumber(group)) {
                gid = Integer.parseInt(group);
            } else {
                String[] g = lookup(io.peapod.storage.RootedPath.resolve(rootfs, "/etc/group", true).host(), group);
                if (g == null) {
                    throw new EngineException("unable to find group " + group + ": no matching entries in group file");
                }
                gid = Integer.parseInt(g[2]);
            }
        }
        return new Resolved(uid, gid, new ArrayList<>());
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static String[] lookup(Path file, String name) throws IOException {
        for (String[] f : entries(file)) {
            if (f[0].equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static String[] lookupById(Path file, int id) throws IOException {
        for (String[] f : entries(file)) {
            if (f.length > 3 && f[2].equals(String.valueOf(id))) {
                return f;
            }
        }
        return null;
    }

    private static List<String[]> entries(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && !line.startsWith("#")) {
                out.add(f);
            }
        }
        return out;
    }
}
