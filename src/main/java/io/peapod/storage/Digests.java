package io.peapod.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 helpers for content addresses. */
public final class Digests {
    private Digests() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256:<hex>} of {@code data}. */
    public static String of(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    }

    /** The hex part of {@code sha256:<hex>}. */
    public static String hex(String digest) {
        int colon = digest.indexOf(':');
        return colon < 0 ? digest : digest.substring(colon + 1);
    }

    /** OCI ChainID: the diff id for a base layer, else sha256 of "parentChainId diffId". */
    public static String chainId(String parentChainId, String diffId) {
        if (parentChainId == null) {
            return diffId;
        }
        return of((parentChainId + " " + diffId).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
