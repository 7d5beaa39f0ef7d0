package io.peapod.core;

import io.peapod.config.RegistriesConf;
import io.peapod.config.RegistriesConfException;
import io.peapod.core.registries.RegistriesPolicy;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code login}/{@code logout} as podman's common/pkg/auth does them: credentials checked with a
 * {@code GET /v2/} before they are stored in the primary auth file, looked up in every auth file,
 * removed from the primary one only. registries.conf is read when it matters: without a registry
 * argument the first unqualified-search registry is the target, and the registry's {@code insecure}
 * (when --tls-verify is not given) and {@code blocked} apply to the check, as containers/image's
 * newDockerClient applies them.
 */
final class RegistryLogins {
    static final String NO_REGISTRY = "no registries found in registries.conf, a registry must be provided";

    private final EngineOptions engineOptions;
    private final PrintStream debugOut;
    private final Supplier<RegistriesConf> conf;
    private RegistriesConf loaded;

    RegistryLogins(EngineOptions engineOptions, PrintStream debugOut) {
        this.engineOptions = engineOptions;
        this.debugOut = debugOut;
        this.conf = () -> RegistriesPolicy.loadConf(System.getenv(), "root".equals(System.getProperty("user.name")));
    }

    /** registries.conf, read once, on first need. */
    private RegistriesConf conf() {
        if (loaded == null) {
            loaded = conf.get();
        }
        return loaded;
    }

    /** The access of one login target: its --authfile, --cert-dir and --tls-verify, and no --creds. */
    private RegistryAccess access(RegistryEngine.LoginTarget target) {
        return RegistryAccess.forProcess(engineOptions,
                new RegistryFlags("", target.authFile(), target.certDir(), target.tlsVerify()), debugOut);
    }

    /** The key of {@code argument}; "" is podman's default, the first unqualified-search registry. */
    private CredentialKey key(String argument) {
        if (argument.isEmpty()) {
            List<String> search;
            try {
                search = conf().searchRegistries();
            } catch (RegistriesConfException e) {
                throw new EngineException("getting registry from registry.conf, please specify a registry: " + e.getMessage());
            }
            if (search.isEmpty()) {
                throw new EngineException(NO_REGISTRY);
            }
            debug("registry not specified, default to the first registry \"" + search.getFirst() + "\" from registries.conf");
            argument = search.getFirst();
        }
        try {
            return CredentialKey.parse(argument);
        } catch (IllegalArgumentException e) {
            throw new EngineException(e.getMessage());
        }
    }

    private Optional<Credentials> stored(RegistryEngine.LoginTarget target, String key) {
        try {
            // containers/image reads registries.conf here (for credential helpers): a broken one fails here
            conf();
        } catch (RegistriesConfException e) {
            throw new EngineException("get credentials: " + e.getMessage());
        }
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
            check(k.registry(), options(target, k.registry()).withCredentials(c.get()));
            return true;
        } catch (RegistryException | EngineException e) {
            debug("existing credentials for " + k.key() + " were refused: " + e.getMessage());
            return false;
        }
    }

    String login(RegistryEngine.LoginTarget target, String username, String password) {
        CredentialKey k = key(target.argument());
        Credentials credentials = new Credentials(username, password);
        try {
            check(k.registry(), options(target, k.registry()).withCredentials(credentials));
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
                check(k.registry(), options(new RegistryEngine.LoginTarget(k.key(), "", "", null), k.registry())
                        .withCredentials(elsewhere.get()));
                return "Not logged into " + k.key() + " with current tool. Existing credentials were established via"
                        + " docker login. Please use docker logout instead.";
            } catch (RegistryException | EngineException e) {
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

    /**
     * TLS and certificates of the target, without credentials: login checks the ones it is given.
     * A registry blocked in registries.conf is refused here, --tls-verify or not; its {@code insecure}
     * counts when --tls-verify was not given.
     */
    private RegistryOptions options(RegistryEngine.LoginTarget target, String registry) {
        RegistriesConf.Access access;
        try {
            access = conf().registryFor(registry);
        } catch (RegistriesConfException e) {
            throw new EngineException("authenticating creds for \"" + registry + "\": creating new docker client: "
                    + "loading registries: " + e.getMessage());
        }
        if (access.blocked()) {
            throw new EngineException("authenticating creds for \"" + registry + "\": creating new docker client: "
                    + access.blockedError());
        }
        RegistryOptions o = RegistryOptions.defaults().withDebug(this::debug)
                .withInsecure(target.tlsVerify() != null ? !target.tlsVerify() : access.insecure());
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
