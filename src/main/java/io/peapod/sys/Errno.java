package io.peapod.sys;

/** The errno values callers commonly branch on (Linux x86_64 numbering), for {@link SysException#errno()}. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9, ECHILD = 10,
            EAGAIN = 11, EWOULDBLOCK = EAGAIN, ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17,
            EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENOSPC = 28, EROFS = 30,
            ERANGE = 34, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENODATA = 61, EOPNOTSUPP = 95,
            ENOTSUP = EOPNOTSUPP, ETIMEDOUT = 110;
}
