package io.peapod.config;

/**
 * A registries.conf (or drop-in, or short-name-aliases.conf) that podman would refuse; the message is
 * podman's, e.g. {@code loading registries configuration "/etc/containers/registries.conf": mixing
 * sysregistry v1/v2 is not supported}. Commands print it after {@code Error: } and exit 125; {@code info}
 * prefixes {@code getting registries: } as podman does.
 */
public final class RegistriesConfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistriesConfException(String message) {
        super(message);
    }
}
