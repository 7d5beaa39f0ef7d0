package io.peapod.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hidden {@code __aot-train FAMILY} command: runs one family of commands once, in one JVM, so that
 * {@code -XX:AOTCacheOutput} records the classes they use (scripts/train-aot.sh starts it through
 * bin/peapod, which then picks each command's cache by its family).
 *
 * <p>Why families: a JDK 25 AOT cache loads and links every class it holds when the JVM starts. With one
 * cache for every command, {@code version} loaded ~2,900 classes where it needs ~1,100 (~25–40 ms of CPU
 * here), and {@code ps} ~15 ms more than with a cache of its own.
 *
 * <p>The store is prepared before any family runs ({@link Family#PREPARE}, without a cache): a family does
 * not create what it does not use, or its cache would hold those classes too.
 */
final class AotTraining {
    static final String MARKER = "__aot-train";

    private AotTraining() {}

    /**
     * The commands of each family (the names bin/peapod uses). train-aot.sh trains them in this order,
     * against one store, so a family may use what an earlier one left: {@code remove} removes the
     * containers {@code run} started.
     */
    enum Family {
        /** What scripts/train-aot.sh does before the families (an image is imported before it). */
        PREPARE(
            List.of("create", "--name", "aot-held", "train:1", "true"),
            List.of("pod", "create", "--name", "aot-pod"),
            List.of("create", "--pod", "aot-pod", "--name", "aot-member", "train:1", "sleep", "60"),
            List.of("pod", "create", "--name", "aot-runpod")),
        VERSION(
            List.of("version"), List.of("version", "--format", "json")),
        QUERY(
            List.of("images"), List.of("images", "--format", "json"), List.of("images", "-q"),
            List.of("image", "ls", "--digests"), List.of("image", "inspect", "train:1"),
            List.of("inspect", "--format", "{{.Id}} {{json .Config}}", "train:1"), List.of("history", "train:1"),
            List.of("image", "exists", "train:1"), List.of("tag", "train:1", "train:2"),
            List.of("untag", "train:1", "train:2"), List.of("info", "--format", "json"), List.of("images", "--help"),
            List.of("ps", "-a"), List.of("ps", "--format", "{{.ID}} {{.Status}}"), List.of("ps", "-a", "-q"),
            List.of("container", "inspect", "aot-held"), List.of("logs", "aot-held"),
            List.of("container", "exists", "aot-held")),
        POD(
            List.of("pod", "ps"), List.of("pod", "inspect", "aot-pod"), List.of("pod", "start", "aot-pod"),
            List.of("pod", "ps", "--ctr-names"), List.of("pod", "stop", "-t", "0", "aot-pod"),
            List.of("pod", "start", "aot-pod"), List.of("pod", "rm", "-f", "-t", "0", "aot-pod"),
            List.of("pod", "create", "--name", "aot-pod2", "-p", "127.0.0.1::80"),
            List.of("pod", "rm", "-f", "aot-pod2")),
        RUN(
            List.of("run", "--rm", "train:1", "true"), List.of("run", "--rm", "--network", "none", "train:1", "true"),
            List.of("create", "--name", "aot-run", "train:1", "true"), List.of("start", "aot-run"),
            List.of("run", "-d", "--name", "aot-port", "-p", "127.0.0.1::80", "train:1", "sleep", "60"),
            List.of("run", "-d", "--pod", "aot-runpod", "--name", "aot-inpod", "train:1", "sleep", "60"),
            List.of("run", "-d", "--network", "none", "--name", "aot-stop", "train:1", "sleep", "60")),
        REMOVE(
            List.of("container", "cleanup", "aot-run"), List.of("rm", "aot-run"),
            List.of("kill", "aot-inpod"), List.of("stop", "-t", "0", "aot-stop"),
            List.of("rm", "-f", "-t", "0", "aot-port"), List.of("rm", "-f", "aot-held")),
        /** Everything not in a family of its own (networks, volumes, exec …) uses this one. */
        ALL(
            List.of("images"), List.of("image", "inspect", "train:1"), List.of("version"), List.of("ps", "-a"),
            List.of("run", "--rm", "train:1", "true"), List.of("create", "--name", "aot-all", "train:1", "true"),
            List.of("container", "inspect", "aot-all"), List.of("logs", "aot-all"), List.of("rm", "-f", "aot-all"),
            List.of("pod", "create", "--name", "aot-allpod"), List.of("pod", "ps"),
            List.of("pod", "rm", "-f", "-t", "0", "aot-allpod"), List.of("network", "ls"), List.of("volume", "ls"));

        final List<List<String>> lines;

        @SafeVarargs
        Family(List<String>... lines) {
            this.lines = List.of(lines);
        }
    }

    /** {@code args}: the marker, the family's name, then global flags (--root, --runroot). */
    static int run(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: " + MARKER + " FAMILY [GLOBAL FLAGS]");
            return 125;
        }
        Family family = Family.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        return runLines(List.of(args).subList(2, args.length), family.lines);
    }

    /**
     * Hidden: runs the commands that move layers once, for the second AOT cache (target/peapod-bulk.aot)
     * that bin/peapod uses for them. {@code args}: the marker, a rootfs tar, a directory to write to,
     * a registry on 127.0.0.1 (or "-" for none), then global flags.
     */
    static final String MARKER_BULK = "__aot-train-bulk";

    static int runBulk(String[] args) {
        String tar = args[1];
        String dir = args[2];
        String registry = args[3];
        List<String> globals = List.of(args).subList(4, args.length);
        List<List<String>> lines = new ArrayList<>(List.of(
            List.of("import", "-q", tar, "localhost/bulk:1"),
            List.of("save", "-q", "-o", dir + "/archive.tar", "localhost/bulk:1"),
            List.of("save", "-q", "--format", "oci-dir", "-o", dir + "/oci", "localhost/bulk:1"),
            List.of("rmi", "localhost/bulk:1"),
            List.of("load", "-q", "-i", dir + "/archive.tar"),
            List.of("push", "-q", "localhost/bulk:1", "oci-archive:" + dir + "/oci.tar"),
            // build is a layer mover too: a cold build (RUN, COPY), then the same one from the layer cache
            List.of("build", "-q", "--no-cache", "--network", "none", "-t", "localhost/bulk-build:1", buildContext(dir)),
            List.of("build", "-q", "--network", "none", "-t", "localhost/bulk-build:1", dir + "/build"),
            List.of("rmi", "localhost/bulk-build:1")));
        if (!registry.equals("-")) {
            lines.add(List.of("push", "-q", "--tls-verify=false", "localhost/bulk:1", registry + "/bulk/train:1"));
            lines.add(List.of("rmi", "localhost/bulk:1"));
            lines.add(List.of("pull", "-q", "--tls-verify=false", registry + "/bulk/train:1"));
        }
        return runLines(globals, lines);
    }

    /** A build context for the bulk training: a RUN and a COPY of a file of a few MB. */
    private static String buildContext(String dir) {
        Path ctx = Path.of(dir, "build");
        try {
            Files.createDirectories(ctx);
            Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/bulk:1\nRUN echo hi > /etc/motd\nCOPY data /opt/data\n");
            byte[] data = new byte[4 << 20];
            new java.util.Random(7).nextBytes(data);
            Files.write(ctx.resolve("data"), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ctx.toString();
    }

    static int runLines(List<String> globals, List<List<String>> lines) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int failures = 0;
        for (List<String> line : lines) {
            List<String> argv = new ArrayList<>(globals);
            argv.addAll(line);
            if (Main.run(argv.toArray(String[]::new), InputStream.nullInputStream(), sink, sink) != 0) {
                System.err.println("AOT training: `peapod " + String.join(" ", line) + "` failed");
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
