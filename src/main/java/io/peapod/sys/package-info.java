/**
 * The only place that calls libc. Through java.lang.foreign: {@link io.peapod.sys.LibC} (mount,
 * umount2, mknod, xattrs, lchown, chmod, utimensat, statfs, uids), {@link io.peapod.sys.SeqpacketSocket}
 * (conmon's attach socket), {@link io.peapod.sys.Terminal} and the bulk commands' libcrypto and ISA-L
 * ({@link io.peapod.sys.NativeSha256}, {@link io.peapod.sys.IsalDeflater}). Through libpeapod, a small JNI library
 * whose first call costs a fresh JVM no FFM set-up: {@link io.peapod.sys.Jni} (mount, spawn with extra
 * file descriptors, pipes, waitpid, network namespaces, a port's bind test, runc's exec fifo), for the calls of a
 * container's start and stop, and {@link io.peapod.sys.ChildProcess} (helper programs run to their end through it).
 * Failures are {@link io.peapod.sys.SysException}s carrying errno ({@link io.peapod.sys.Errno}).
 */
package io.peapod.sys;
