package io.peapod.storage;

/** The store cannot do what was asked (a missing layer, a driver mismatch, a damaged store). */
public final class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
