package io.peapod.engine;

/**
 * Registry credentials: {@code login} and {@code logout} (podman's common/pkg/auth). Failures are
 * {@link EngineException}s with podman's texts. Passwords pass through here and are never part of
 * a message.
 */
public interface RegistryEngine {
    /**
     * Where and how: {@code argument} as the user gave it ({@code HOST[:PORT][/NAMESPACE]} or a
     * URL), {@code authFile} from {@code --authfile} ("" for the default), {@code certDir} from
     * {@code --cert-dir} (""), {@code tlsVerify} null when {@code --tls-verify} was not given.
     */
    record LoginTarget(String argument, String authFile, String certDir, Boolean tlsVerify) {}

    /** What the auth files hold for the target: its key, registry, and username ("" when none). */
    record StoredLogin(String key, String registry, String username, boolean hasPassword) {}

    StoredLogin storedLogin(LoginTarget target);

    /** Whether the stored credentials of the target are accepted by its registry. */
    boolean storedLoginValid(LoginTarget target);

    /**
     * Checks {@code username}/{@code password} against the registry and, when accepted, stores
     * them; returns the auth file written.
     */
    String login(LoginTarget target, String username, String password);

    /** Removes the target's credentials; returns the line to print. */
    String logout(LoginTarget target);

    /** Removes every credential of the auth file. */
    void logoutAll(String authFile);
}
