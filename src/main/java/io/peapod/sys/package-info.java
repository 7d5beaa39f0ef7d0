/**
 * The only place that calls libc, through java.lang.foreign: mount, umount2, flock, mknod, xattrs,
 * lchown, utimensat, statfs, posix_spawn with extra file descriptors.
 */
package io.peapod.sys;
