package io.peapod.storage.tar;

import java.io.IOException;

/** The input is not a tar archive, or a damaged one. */
public final class TarFormatException extends IOException {
    public TarFormatException(String message) {
        super(message);
    }
}
