package io.peapod.engine;

import java.io.ByteArrayOutputStream;

/**
 * {@code --detach-keys}: podman's format (moby's term.ToBytes), a comma-separated list of single
 * characters, {@code ctrl-X} names (X one of {@code @ a-z [ \ ] ^ _}, lower case) and {@code DEL}.
 * The empty string turns detaching off.
 */
public final class DetachKeys {
    private DetachKeys() {}

    /** podman's (and docker's) default. */
    public static final String DEFAULT = "ctrl-p,ctrl-q";

    private static final String CTRL_CHARS = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    /** The byte sequence that detaches; empty when detaching is off. */
    public static byte[] parse(String keys) {
        if (keys.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream codes = new ByteArrayOutputStream();
        for (String key : keys.split(",", -1)) {
            if (key.length() == 1 && key.charAt(0) < 128) {
                codes.write(key.charAt(0));
            } else if (key.length() == 6 && key.startsWith("ctrl-") && CTRL_CHARS.indexOf(key.charAt(5)) >= 0) {
                codes.write(CTRL_CHARS.indexOf(key.charAt(5)));
            } else if (key.equals("DEL")) {
                codes.write(127);
            } else {
                throw new EngineException("invalid detach keys: Unknown character: '" + key + "'");
            }
        }
        return codes.toByteArray();
    }
}
