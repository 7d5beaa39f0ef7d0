package io.peapod.core.conmon;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test fixture: OCI bundles whose rootfs is a static busybox, configs from {@code runc spec}. */
final class BusyboxBundle {
    private BusyboxBundle() {}

    static final Path BUSYBOX = Path.of("/bin/busybox");

    /** A read-only rootfs shared by all bundles of a test run. */
    static Path rootfs(Path base) throws IOException {
        Path rootfs = base.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "true")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        // Mount points runc spec's mounts need.
        for (String d : List.of("proc", "dev", "sys", "tmp")) Files.createDirectories(rootfs.resolve(d));
        return rootfs;
    }

    /**
     * Writes {@code dir/config.json}: runc's default spec with our args, no terminal, and the given
     * rootfs. {@code pidNamespace} false leaves the process out of a pid namespace, so it is not
     * the namespace's init and a SIGTERM it has no handler for still kills it.
     */
    @SuppressWarnings("unchecked")
    static void write(Path dir, Path rootfs, List<String> args, boolean pidNamespace) throws Exception {
        write(dir, rootfs, args, pidNamespace, false);
    }

    @SuppressWarnings("unchecked")
    static void write(Path dir, Path rootfs, List<String> args, boolean pidNamespace, boolean terminal) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("runc", "spec", "--bundle", dir.toString()).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("runc spec failed");
        Path config = dir.resolve("config.json");
        Map<String, Object> spec = JSON.std.mapFrom(Files.readAllBytes(config));
        Map<String, Object> process = (Map<String, Object>) spec.get("process");
        process.put("terminal", terminal);
        process.put("args", args);
        ((Map<String, Object>) spec.get("root")).put("path", rootfs.toString());
        if (!pidNamespace) {
            Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
            List<Object> kept = new ArrayList<>();
            for (Object ns : (List<Object>) linux.get("namespaces")) {
                if (!"pid".equals(((Map<String, Object>) ns).get("type"))) kept.add(ns);
            }
            linux.put("namespaces", kept);
        }
        Files.write(config, JSON.std.asBytes(spec));
    }
}
