package io.peapod.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scratch Peapod store with busybox imported and a network config directory of its own, for tests of
 * containers on networks; closing it removes the containers (so their namespaces, veths and rules) and
 * the networks made through it, and its pods.
 */
final class NetworkedPeapod implements AutoCloseable {
    final Peapod peapod;
    final Path netDir;

    NetworkedPeapod() throws IOException {
        peapod = new Peapod();
        peapod.importBusybox();
        netDir = peapod.dir.resolve("networks");
    }

    /** peapod with this store's network config directory. */
    Peapod.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--network-config-dir", netDir.toString()));
        all.addAll(List.of(args));
        return peapod.run(all.toArray(String[]::new));
    }

    /** {@link #run} with {@code env} added to the environment. */
    Peapod.Result runWithEnv(java.util.Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "--network-config-dir", netDir.toString()));
        all.addAll(List.of(args));
        return Peapod.execWithEnv(all, env, null, 120);
    }

    /** {@link #run}, asserting exit 0. */
    Peapod.Result ok(String... args) {
        Peapod.Result r = run(args);
        assertThat(r.code()).as("peapod %s\n%s", String.join(" ", args), r).isZero();
        return r;
    }

    @Override
    public void close() throws IOException {
        for (String id : run("pod", "ps", "-q").out().split("\n")) {
            if (!id.isBlank()) {
                run("pod", "rm", "-f", "-t", "0", id.strip());
            }
        }
        run("rm", "-a", "-f", "-t", "0");
        for (String name : run("network", "ls", "-q").out().split("\n")) {
            if (!name.isBlank() && !name.equals("podman")) {
                run("network", "rm", name.strip());
            }
        }
        peapod.close();
    }
}
