package io.peapod.storage;

import io.peapod.sys.Jni;
import io.peapod.sys.LibC;
import io.peapod.sys.SysException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mounts and unmounts (libpeapod's system calls), and reading the mount table, so that nothing is deleted while something is still mounted on it. */
public final class Mounts {
    private Mounts() {}

    /** Mount points at or below {@code dir}, from /proc/self/mountinfo. */
    static List<Path> under(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        String prefix = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                String mountPoint = unescape(f[4]);
                if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                    out.add(Path.of(mountPoint));
                }
            }
        }
        return out;
    }

    /** Lazily unmounts everything mounted at or below {@code dir}, deepest first. */
    static void unmountAllUnder(Path dir) throws IOException {
        List<Path> points = under(dir);
        points.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));   // deepest first
        for (Path p : points) {
            unmountLazy(p);
        }
    }

    /** Mounts a filesystem of {@code type} (tmpfs, say) on {@code target}; {@code flags} are mount(2)'s MS_*. */
    public static void mount(String type, String source, Path target, long flags, String options) {
        try {
            Jni.mount(source, target, type, flags, options);
        } catch (SysException e) {
            throw new StorageException("mounting " + type + " on " + target + ": " + e.getMessage(), e);
        }
    }

    /** Lazily unmounts what is mounted on {@code target} (umount --lazy). */
    public static void unmountLazy(Path target) {
        try {
            Jni.umount2(target, LibC.MNT_DETACH);
        } catch (SysException e) {
            throw new StorageException("unmounting " + target + ": " + e.getMessage(), e);
        }
    }

    /** A path field of /proc/PID/mountinfo: space, tab, newline and backslash come escaped as octal. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
