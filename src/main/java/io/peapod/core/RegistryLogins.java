package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.EngineOptions;
import io.peapod.engine.RegistryEngine;
import io.peapod.engine.RegistryFlags;
import io.peapod.registry.AuthFiles;
import io.peapod.registry.CredentialKey;
import io.peapod.registry.Credentials;
import io.peapod.registry.RegistryClient;
import io.peapod.registry.RegistryException;
import io.peapod.registry.RegistryOptions;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code login}/{@code logout} as podman's common/pkg/auth does them: credentials checked with a
 * {@code GET /v2/} before they are stored in the primary auth file, looked up in every auth file,
 * removed from the primary one only.
 */
final class RegistryLogins {
    private final EngineOptions engineOptions;
    private final PrintStream debugOut;

    RegistryLogins(EngineOptions engineOptions, PrintStream debugOut) {
        this.engineOptions = engineOptions;
        this.debugOut = debugOut;
    }

    /** The access of one login target: its --authfile, --cert-dir and --tls-verify, and no --creds. */
    private RegistryAccess access(RegistryEngine.LoginTarget target) {
        return RegistryAccess.forProcess(engineOptions,
                new RegistryFlags("", target.authFile(), target.certDir(), target.tlsVerify()), debugOut);
    }

    private static CredentialKey key(String argument) {
        try {
            return CredentialKey.parse(argument);
        } catch (IllegalArgumentException e) {
            throw new EngineException(e.getMessage());
        }
    }

    private Optional<Credentials> stored(RegistryEngine.LoginTarget target, String key) {
        try {
            return access(target).storedCredentials(key);
        } catch (RegistryException e) {
            throw new EngineException("get credentials: " + e.getMessage());
        }
    }

    RegistryEngine.StoredLogin storedLogin(RegistryEngine.LoginTarget target) {
        CredentialKey k = key(target.argument());
        Optional<Credentials> c = stored(target, k.key());
        return new RegistryEngine.StoredLogin(k.key(), k.registry(), c.map(Credentials::username).orElse(""),
                c.map(x -> !x.password().isEmpty()).orElse(false));
    }

    boolean storedLoginValid(RegistryEngine.LoginTarget target) {
        CredentialKey k = key(target.argument());
        Optional<Credentials> c = stored(target, k.key());
        if (c.isEmpty()) {
            return false;
        }
        try {
            check(k.registry(), options(target).withCredentials(c.get()));
            return true;
        } catch (RegistryException e) {
            debug("existing credentials for " + k.key() + " were refused: " + e.getMessage());
            return false;
        }
    }

    String login(RegistryEngine.LoginTarget target, String username, String password) {
        CredentialKey k = key(target.argument());
        Credentials credentials = new Credentials(username, password);
        try {
            check(k.registry(), options(target).withCredentials(credentials));
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.UNAUTHORIZED) {
                debug("error logging into \"" + k.key() + "\": " + e.getMessage());
                throw new EngineException("logging into \"" + k.key() + "\": invalid username/password");
            }
            throw new EngineException("authenticating creds for \"" + k.key() + "\": " + e.getMessage());
        }
        Path file = access(target).primaryAuthFile();
        try {
            AuthFiles.store(file, k.key(), credentials);
        } catch (RegistryException e) {
            throw new EngineException(e.getMessage());
        }
        return file.toString();
    }

    String logout(RegistryEngine.LoginTarget target) {
        checkAuthFile(target.authFile());
        CredentialKey k = key(target.argument());
        Path file = access(target).primaryAuthFile();
        try {
            if (AuthFiles.remove(file, k.key())) {
                return "Removed login credentials for " + k.key();
            }
        } catch (RegistryException e) {
            throw new EngineException(e.getMessage());
        }
        // Not in our file: credentials that docker login wrote (and that work) get docker's advice.
        Optional<Credentials> elsewhere = stored(target, k.key());
        if (elsewhere.isPresent() && !elsewhere.get().username().isEmpty() && !elsewhere.get().password().isEmpty()) {
            try {
                check(k.registry(), RegistryOptions.defaults().withDebug(this::debug).withCredentials(elsewhere.get()));
                return "Not logged into " + k.key() + " with current tool. Existing credentials were established via"
                        + " docker login. Please use docker logout instead.";
            } catch (RegistryException e) {
                debug("credentials for " + k.key() + " from another file were refused: " + e.getMessage());
            }
        }
        throw new EngineException("not logged into " + k.key());
    }

    void logoutAll(String authFile) {
        checkAuthFile(authFile);
        try {
            AuthFiles.removeAll(access(new RegistryEngine.LoginTarget("", authFile, "", null)).primaryAuthFile());
        } catch (RegistryException e) {
            throw new EngineException(e.getMessage());
        }
    }

    /** podman's CheckAuthFile: an explicit --authfile must exist for logout. */
    private static void checkAuthFile(String authFile) {
        if (!authFile.isEmpty() && !Files.exists(Path.of(authFile))) {
            throw new EngineException("checking authfile: stat " + authFile + ": no such file or directory");
        }
    }

    /** TLS and certificates of the target, without credentials: login checks the ones it is given. */
    private RegistryOptions options(RegistryEngine.LoginTarget target) {
        RegistryOptions o = RegistryOptions.defaults().withDebug(this::debug);
        if (target.tlsVerify() != null) {
            o = o.withInsecure(!target.tlsVerify());
        }
        if (!target.certDir().isEmpty()) {
            o = o.withCertDir(Path.of(target.certDir()));
        }
        return o;
    }

    private static void check(String registry, RegistryOptions options) {
        try (RegistryClient client = RegistryClient.open(registry, options)) {
            client.checkAuth();
        }
    }

    private void debug(String line) {
        RegistryAccess.forProcess(engineOptions, RegistryFlags.NONE, debugOut).debug(line);
    }
}
