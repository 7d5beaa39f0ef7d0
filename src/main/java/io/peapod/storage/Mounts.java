package io.peapod.storage;

import io.peapod.sys.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reading the mount table, so that nothing is deleted while something is still mounted on it. */
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
        points.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path p : points) {
            LibC.umount2(p, LibC.MNT_DETACH);
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
