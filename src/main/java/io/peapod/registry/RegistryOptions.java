package io.peapod.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to reach one registry, as the caller resolved it from flags and registries.conf.
 *
 * @param insecure        {@code --tls-verify=false} or an {@code insecure = true} registry: TLS
 *                        certificates are not verified, and plain HTTP is tried when HTTPS fails
 *                        (podman's order)
 * @param certDir         {@code --cert-dir}: the directory of {@code *.crt} (CAs) and
 *                        {@code *.cert}/{@code *.key} (client certificate); null to look in
 *                        {@code certsDirRoots/HOST:PORT}
 * @param certsDirRoots   the per-host certificate roots, searched in order
 * @param credentials     null for anonymous access (a Bearer registry then gets an anonymous token)
 * @param retries         how often a transient failure (5xx, 429, a reset or truncated connection)
 *                        is retried before the error is reported
 * @param backoff         the first delay between attempts, doubled after each
 * @param debug           receives {@code --log-level=debug} lines; never handed a secret
 * @param idleTimeout     a response body that brings no byte for this long is abandoned (and retried):
 *                        the JDK client's request timeout ends when the headers arrive
 */
public record RegistryOptions(boolean insecure, Path certDir, List<Path> certsDirRoots, Credentials credentials,
                              int retries, Duration backoff, Consumer<String> debug, Duration idleTimeout) {

    /** Verified HTTPS, certs.d in podman's places, anonymous, 3 retries starting at 500 ms, no debug output. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(false, null, TlsSetup.defaultCertsDirRoots(), null, 3, Duration.ofMillis(500), line -> { },
                Duration.ofSeconds(60));
    }

    public RegistryOptions withInsecure(boolean value) {
        return new RegistryOptions(value, certDir, certsDirRoots, credentials, retries, backoff, debug, idleTimeout);
    }

    public RegistryOptions withCertDir(Path value) {
        return new RegistryOptions(insecure, value, certsDirRoots, credentials, retries, backoff, debug, idleTimeout);
    }

    public RegistryOptions withCertsDirRoots(List<Path> value) {
        return new RegistryOptions(insecure, certDir, List.copyOf(value), credentials, retries, backoff, debug, idleTimeout);
    }

    public RegistryOptions withCredentials(Credentials value) {
        return new RegistryOptions(insecure, certDir, certsDirRoots, value, retries, backoff, debug, idleTimeout);
    }

    public RegistryOptions withRetries(int value, Duration firstBackoff) {
        return new RegistryOptions(insecure, certDir, certsDirRoots, credentials, value, firstBackoff, debug, idleTimeout);
    }

    public RegistryOptions withIdleTimeout(Duration value) {
        return new RegistryOptions(insecure, certDir, certsDirRoots, credentials, retries, backoff, debug, value);
    }

    public RegistryOptions withDebug(Consumer<String> value) {
        return new RegistryOptions(insecure, certDir, certsDirRoots, credentials, retries, backoff, value, idleTimeout);
    }
}
