package io.peapod.network;

import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A container's network namespace, kept alive by a bind mount at {@code /run/netns/netns-<uuid>}
 * (podman's place and name, so {@code ip netns} lists it), made and removed with iproute2's
 * {@code ip netns add/delete}, which do exactly that: unshare, bind-mount, and on delete unmount
 * and unlink. The namespace is made before the runtime starts, handed to it by path, and set up by
 * netavark.
 */
public record NetNamespace(String name) {
    static final Path DIR = Path.of("/run/netns");

    public Path path() {
        return DIR.resolve(name);
    }

    /**
     * A name for a new namespace, as podman names them ({@code netns-} and a random UUID). {@code random}
     * rather than {@link UUID#randomUUID}, whose SecureRandom set-up costs a fresh JVM milliseconds.
     */
    public static NetNamespace named(java.util.random.RandomGenerator random) {
        long high = random.nextLong() & ~0xf000L | 0x4000L;                       // version 4
        long low = random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L;  // IETF variant
        return new NetNamespace("netns-" + new UUID(high, low));
    }

    /** Makes the namespace: a new, empty one (only a down loopback) at {@link #path()}. */
    public NetNamespace create() {
        ip("netns", "add", name);
        return this;
    }

    /** Unmounts and removes the namespace's file; one already gone is no error (cleanup may run twice). */
    public void delete() {
        if (Files.exists(path())) {
            ip("netns", "delete", name);
        }
    }

    private static void ip(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EngineException("ip " + String.join(" ", args) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new EngineException("ip " + String.join(" ", args) + ": " + out);
            }
        } catch (IOException e) {
            throw new EngineException("running ip " + String.join(" ", args) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        }
    }
}
