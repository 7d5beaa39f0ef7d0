package io.peapod.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code ALGORITHM:HEX} content digests: sha256 (what registries use) and sha512. */
public final class Digests {
    private Digests() {}

    /** Whether {@code digest} is a well-formed sha256 or sha512 digest. */
    public static boolean isValid(String digest) {
        int colon = digest.indexOf(':');
        if (colon < 0) return false;
        String alg = digest.substring(0, colon);
        int hexLen = alg.equals("sha256") ? 64 : alg.equals("sha512") ? 128 : -1;
        if (digest.length() - colon - 1 != hexLen) return false;
        for (int i = colon + 1; i < digest.length(); i++) {
            char c = digest.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    /** A fresh hasher for {@code digest}'s algorithm; the digest must be {@link #isValid valid}. */
    static MessageDigest hasher(String digest) {
        String alg = digest.startsWith("sha512:") ? "SHA-512" : "SHA-256";
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ALGORITHM:HEX} of a finished hasher. */
    static String format(MessageDigest md) {
        String alg = md.getAlgorithm().equals("SHA-512") ? "sha512" : "sha256";
        return alg + ":" + HexFormat.of().formatHex(md.digest());
    }

    /** The sha256 digest of {@code data}. */
    public static String sha256(byte[] data) {
        MessageDigest md = hasher("sha256:");
        md.update(data);
        return format(md);
    }

    static void requireValid(String digest) {
        if (!isValid(digest)) {
            throw new IllegalArgumentException("invalid digest \"" + digest + "\"");
        }
    }
}
