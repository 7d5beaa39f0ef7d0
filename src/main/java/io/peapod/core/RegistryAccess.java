package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.EngineOptions;
import io.peapod.engine.RegistryFlags;
import io.peapod.registry.AuthFiles;
import io.peapod.registry.Credentials;
import io.peapod.registry.RegistryClient;
import io.peapod.registry.RegistryException;
import io.peapod.registry.RegistryOptions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * How this command reaches a registry: TLS from {@code --tls-verify} (else registries.conf's
 * {@code insecure}), certificates from {@code --cert-dir} (else certs.d), credentials from
 * {@code --creds} (else the auth files, the most specific key first, as containers/image looks them
 * up), and {@code --log-level=debug} lines. Shared by pull, push, search, login and manifest push, so
 * every command treats the same flags alike.
 */
final class RegistryAccess {
    private final EngineOptions engineOptions;
    private final RegistryFlags flags;
    private final Map<String, String> env;
    private final String home;
    private final PrintStream debugOut;

    RegistryAccess(EngineOptions engineOptions, RegistryFlags flags, Map<String, String> env, String home,
                   PrintStream debugOut) {
        this.engineOptions = engineOptions;
        this.flags = flags;
        this.env = env;
        this.home = home;
        this.debugOut = debugOut;
    }

    /** For this process: its environment, and {@code $HOME} as Go's homedir.Get reads it. */
    static RegistryAccess forProcess(EngineOptions engineOptions, RegistryFlags flags, PrintStream debugOut) {
        // Java's user.home comes from the passwd entry; podman reads $HOME first.
        String home = System.getenv("HOME");
        return new RegistryAccess(engineOptions, flags, System.getenv(), home == null || home.isEmpty()
                ? System.getProperty("user.home", "") : home, debugOut);
    }

    RegistryFlags flags() {
        return flags;
    }

    /** The auth file {@code login} writes and every lookup reads first. */
    Path primaryAuthFile() {
        return flags.authFile().isEmpty() ? AuthFiles.primary(env, AuthFiles.currentUid()) : Path.of(flags.authFile());
    }

    /**
     * The options for {@code key} ({@code HOST[:PORT]} or {@code HOST[:PORT]/REPOSITORY}: the
     * auth-file key credentials are looked up by).
     *
     * @param confInsecure registries.conf's {@code insecure} for that registry; {@code --tls-verify} wins
     */
    RegistryOptions options(String key, boolean confInsecure) {
        RegistryOptions o = RegistryOptions.defaults().withDebug(this::debug)
                .withInsecure(flags.tlsVerify() != null ? !flags.tlsVerify() : confInsecure);
        if (!flags.certDir().isEmpty()) {
            o = o.withCertDir(Path.of(flags.certDir()));
        }
        Credentials c = credentials(key).orElse(null);
        return c == null ? o : o.withCredentials(c);
    }

    /** Opens a client for the registry of {@code key}; registry errors become podman-worded engine errors. */
    RegistryClient open(String key, boolean confInsecure) {
        String registry = AuthFiles.registryOf(key);
        try {
            return RegistryClient.open(registry, options(key, confInsecure));
        } catch (RegistryException e) {
            throw new EngineException(e.getMessage());
        }
    }

    /** {@code --creds} when given, else what the auth files hold for {@code key}. */
    Optional<Credentials> credentials(String key) {
        if (!flags.creds().isEmpty()) {
            return Optional.of(parseCreds(flags.creds()));
        }
        try {
            return storedCredentials(key);
        } catch (RegistryException e) {
            throw new EngineException("get credentials for repository " + key + ": " + e.getMessage());
        }
    }

    /** What the auth files hold for {@code key}; a {@link RegistryException} when a file cannot be read. */
    Optional<Credentials> storedCredentials(String key) {
        return AuthFiles.find(AuthFiles.lookupOrder(primaryAuthFile(), env, home), key);
    }

    /**
     * {@code --creds USERNAME[:PASSWORD]} with podman's (common/pkg/auth) errors. Podman prompts for a
     * missing password on a terminal; Peapod takes it as empty, which a registry then refuses.
     */
    static Credentials parseCreds(String creds) {
        if (creds.isEmpty()) {
            throw new EngineException("credentials can't be empty");
        }
        int colon = creds.indexOf(':');
        String user = colon < 0 ? creds : creds.substring(0, colon);
        String password = colon < 0 ? "" : creds.substring(colon + 1);
        if (user.isEmpty()) {
            throw new EngineException("username can't be empty");
        }
        return new Credentials(user, password);
    }

    /** A logrus-style debug line on stderr when {@code --log-level} is debug or trace; never given a secret. */
    void debug(String line) {
        String level = engineOptions.logLevel();
        if ("debug".equals(level) || "trace".equals(level)) {
            debugOut.println("time=\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\" level=debug msg=\""
                    + line.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }
}
