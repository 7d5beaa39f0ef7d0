package io.peapod.storage;

/** A layer could not be applied or read back: a damaged, hostile or unsupported tar. */
public final class LayerException extends RuntimeException {
    public LayerException(String message) {
        super(message);
    }
}
