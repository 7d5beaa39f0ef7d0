package io.peapod.sys;

/** A failed libc call: the call's name, its errno and strerror's text. */
public final class SysException extends RuntimeException {
    private final int errno;

    public SysException(String call, int errno, String detail) {
        super(call + ": " + detail);
        this.errno = errno;
    }

    public int errno() { return errno; }
}
