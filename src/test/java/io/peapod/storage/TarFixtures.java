package io.peapod.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Helpers for building real tar inputs with GNU tar, on the root filesystem (trusted.* xattrs need it). */
public final class TarFixtures {
    private TarFixtures() {}

    /** A fresh directory under /var/tmp (not tmpfs), to be removed with {@link #deleteTree}. */
    public static Path tempDir(String prefix) throws IOException {
        Path base = Path.of("/var/tmp");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix);
    }

    public static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // chattr-free trees only; "rm -rf" handles devices, fifos and odd modes without following links.
        run(List.of("rm", "-rf", "--one-file-system", p.toString()));
    }

    /** Tars the contents of {@code srcDir} (entries named "./...") with GNU tar in the given format. */
    public static Path tar(Path srcDir, Path out, String format, String... members) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tar", "--numeric-owner",
                "--format=" + format, "-C", srcDir.toString(), "-cf", out.toString()));
        if (format.equals("posix")) {
            cmd.addAll(1, List.of("--xattrs", "--xattrs-include=*"));   // GNU tar: xattrs only in PAX
        }
        if (members.length == 0) {
            cmd.add(".");
        } else {
            cmd.addAll(List.of(members));
        }
        run(cmd);
        return out;
    }

    /** A tar (GNU format) holding one file {@code name} with {@code content}, built under {@code workDir}. */
    public static byte[] tarOf(Path workDir, String name, String content) throws IOException {
        Path src = workDir.resolve("tree");
        Path file = src.resolve(name);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, content);
        Path out = workDir.resolve("layer.tar");
        tar(src, out, "gnu");
        return java.nio.file.Files.readAllBytes(out);
    }

    public static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " failed: " + output);
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return output;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in.readAllBytes());
        }
    }

    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
