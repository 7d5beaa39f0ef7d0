package io.peapod.cli;

/** Wrong arguments for a command: printed as {@code Error: ...} plus the pointer to --help, exit 125. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
