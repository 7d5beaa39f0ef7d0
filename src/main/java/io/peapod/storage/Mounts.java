package io.peapod.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        points.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));   // deepest first
        if (points.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("umount", "--lazy"));
        points.forEach(p -> argv.add(p.toString()));
        run(argv, "unmounting " + dir);
    }

    /** Mounts a filesystem of {@code type} (tmpfs, say) on {@code target} with mount(8). */
    public static void mount(String type, String source, Path target, String options) {
        run(List.of("mount", "-i", "-n", "-t", type, "-o", options, source, target.toString()), "mounting " + type + " on " + target);
    }

    /** Lazily unmounts what is mounted on {@code target} with umount(8). */
    public static void unmountLazy(Path target) {
        run(List.of("umount", "--lazy", target.toString()), "unmounting " + target);
    }

    /**
     * Runs mount(8) or umount(8). A command rather than the system call: the container path makes no
     * native call, whose set-up would cost each fresh JVM more than the process does (see FileLock).
     */
    static void run(List<String> argv, String what) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(false).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int code = p.waitFor();
            if (code != 0) {
                throw new StorageException(what + ": " + (err.isEmpty() ? argv.getFirst() + " exit status " + code : err));
            }
        } catch (IOException e) {
            throw new StorageException(what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(what + ": interrupted", e);
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
