package io.peapod.engine;

/**
 * The flags every command that talks to a registry shares (pull, push, search, login, manifest push,
 * run/create when they pull).
 *
 * @param creds     {@code --creds USERNAME[:PASSWORD]}, or "" when not given
 * @param authFile  {@code --authfile}, or "" for the default lookup ({@code REGISTRY_AUTH_FILE}, then
 *                  the auth.json files)
 * @param certDir   {@code --cert-dir}, or "" for {@code certs.d}
 * @param tlsVerify {@code --tls-verify}, or null when not given (registries.conf's {@code insecure} decides)
 */
public record RegistryFlags(String creds, String authFile, String certDir, Boolean tlsVerify) {
    public static final RegistryFlags NONE = new RegistryFlags("", "", "", null);

    public RegistryFlags {
        creds = creds == null ? "" : creds;
        authFile = authFile == null ? "" : authFile;
        certDir = certDir == null ? "" : certDir;
    }

    /** Hides the password, so a record printed by mistake leaks nothing. */
    @Override
    public String toString() {
        return "RegistryFlags[creds=" + (creds.isEmpty() ? "" : "<hidden>") + ", authFile=" + authFile
                + ", certDir=" + certDir + ", tlsVerify=" + tlsVerify + "]";
    }
}
