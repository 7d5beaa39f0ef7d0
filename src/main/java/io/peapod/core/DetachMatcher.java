package io.peapod.core;

import java.io.ByteArrayOutputStream;

/**
 * Watches stdin for the detach sequence. Bytes that could start the sequence are held back until the
 * next byte shows whether they do; if not, they go to the container after all (podman's
 * CopyDetachable does the same, but only across single-byte reads: here the keys also match when
 * they arrive in one read, as they do from a script).
 */
final class DetachMatcher {
    /** What to send on, and whether the sequence is complete (nothing after it is sent). */
    record Result(byte[] bytes, int length, boolean detach) {}

    private final byte[] keys;
    private int matched;

    DetachMatcher(byte[] keys) {
        this.keys = keys;
    }

    Result feed(byte[] buf, int n) {
        if (keys.length == 0) {
            return new Result(buf, n, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + keys.length);
        for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (b == keys[matched]) {
                matched++;
                if (matched == keys.length) {
                    matched = 0;
                    return new Result(out.toByteArray(), out.size(), true);
                }
                continue;
            }
            if (matched > 0) {
                // A false start: release what was held, then see whether this byte starts a new match.
                out.write(keys, 0, matched);
                matched = 0;
                if (b == keys[0]) {
                    matched = 1;
                    if (keys.length == 1) return new Result(out.toByteArray(), out.size(), true);
                    continue;
                }
            }
            out.write(b);
        }
        return new Result(out.toByteArray(), out.size(), false);
    }
}
