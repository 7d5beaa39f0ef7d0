package io.peapod.sys;

/** A failed libc call: the call's name, its errno and strerror's text. */
public final class SysException extends RuntimeException {
    private final String call;
    private final int errno;

    public SysException(String call, int errno, String detail) {
        super(call + ": " + detail);
        this.call = call;
        this.errno = errno;
    }

    /** The libc function that failed, e.g. {@code "mount"}. */
    public String call() { return call; }

    /** The errno value; see {@link Errno} for the common ones. */
    public int errno() { return errno; }
}
