package io.peapod.registry;

/**
 * A username and password (or identity token as password) for one registry. {@link #toString()}
 * hides the password, so a record printed by mistake leaks nothing.
 */
public record Credentials(String username, String password) {
    public Credentials {
        if (username == null || password == null) {
            throw new IllegalArgumentException("credentials need a username and a password");
        }
    }

    /** The value of a Basic {@code Authorization} header and of an auth file's {@code auth} field. */
    public String basicToken() {
        return java.util.Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<hidden>]";
    }
}
