/**
 * The only place that calls libc, through java.lang.foreign: {@link io.peapod.sys.LibC} (mount,
 * umount2, mknod, xattrs, lchown, chmod, utimensat, statfs, uids), {@link io.peapod.sys.FileLock}
 * (flock) and {@link io.peapod.sys.Spawn} (posix_spawn with extra file descriptors, pipes,
 * waitpid, kill). Failures are {@link io.peapod.sys.SysException}s carrying errno
 * ({@link io.peapod.sys.Errno}).
 */
package io.peapod.sys;
