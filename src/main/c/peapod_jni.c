/*
 * libpeapod: the system calls of a container's start and stop, for io.peapod.sys.Jni.
 *
 * Why JNI and not java.lang.foreign: a fresh JVM's first FFM downcall spins the linker, a stub and
 * their LambdaForms (~60 ms here, even with the AOT cache), and every peapod command is a fresh JVM.
 * So the container path ran mount(8), umount(8), ip(8) and a sh + perl pipeline around conmon
 * instead, ~5-12 ms a process. A JNI library costs one dlopen (~1 ms) and then plain calls.
 *
 * Every function returns a non-negative result or -errno; the Java side words the error.
 * Built by Maven (pom.xml, exec-maven-plugin) with gcc into target/native/libpeapod.so.
 */
#define _GNU_SOURCE
#include <jni.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A Java string as a C string (NULL for a null reference); release with release_str. */
static const char *chars(JNIEnv *env, jstring s) {
    return s == NULL ? NULL : (*env)->GetStringUTFChars(env, s, NULL);
}

static void release_str(JNIEnv *env, jstring s, const char *c) {
    if (s != NULL && c != NULL) {
        (*env)->ReleaseStringUTFChars(env, s, c);
    }
}

JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_mount0(JNIEnv *env, jclass cls, jstring source, jstring target,
                                                    jstring type, jlong flags, jstring data) {
    const char *src = chars(env, source), *tgt = chars(env, target), *fs = chars(env, type), *d = chars(env, data);
    int rc = mount(src, tgt, fs, (unsigned long) flags, d) == 0 ? 0 : -errno;
    release_str(env, source, src);
    release_str(env, target, tgt);
    release_str(env, type, fs);
    release_str(env, data, d);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_umount20(JNIEnv *env, jclass cls, jstring target, jint flags) {
    const char *tgt = chars(env, target);
    int rc = umount2(tgt, flags) == 0 ? 0 : -errno;
    release_str(env, target, tgt);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_open0(JNIEnv *env, jclass cls, jstring path, jint flags, jint mode) {
    const char *p = chars(env, path);
    int fd = open(p, flags | O_CLOEXEC, mode);
    int rc = fd >= 0 ? fd : -errno;
    release_str(env, path, p);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_close0(JNIEnv *env, jclass cls, jint fd) {
    return close(fd) == 0 ? 0 : -errno;
}

/* A pipe, both ends close-on-exec: ends[0] reads, ends[1] writes. */
JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_pipe0(JNIEnv *env, jclass cls, jintArray ends) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        return -errno;
    }
    jint out[2] = {fds[0], fds[1]};
    (*env)->SetIntArrayRegion(env, ends, 0, 2, out);
    return 0;
}

JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_write0(JNIEnv *env, jclass cls, jint fd, jbyteArray bytes) {
    jsize n = (*env)->GetArrayLength(env, bytes);
    jbyte *b = (*env)->GetByteArrayElements(env, bytes, NULL);
    ssize_t done = 0;
    int rc = 0;
    while (done < n) {
        ssize_t w = write(fd, b + done, n - done);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            rc = -errno;
            break;
        }
        done += w;
    }
    (*env)->ReleaseByteArrayElements(env, bytes, b, JNI_ABORT);
    return rc < 0 ? rc : (jint) done;
}

/* Reads up to the array's length; waits at most timeoutMillis (-1: no limit). 0 is end of file. */
JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_read0(JNIEnv *env, jclass cls, jint fd, jbyteArray into,
                                                   jint timeoutMillis) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int ready;
    do {
        ready = poll(&p, 1, timeoutMillis);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        return -errno;
    }
    if (ready == 0) {
        return -ETIMEDOUT;
    }
    jsize n = (*env)->GetArrayLength(env, into);
    char buf[4096];
    if (n > (jsize) sizeof buf) {
        n = sizeof buf;
    }
    ssize_t r;
    do {
        r = read(fd, buf, n);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        return -errno;
    }
    (*env)->SetByteArrayRegion(env, into, 0, (jsize) r, (const jbyte *) buf);
    return (jint) r;
}

/* The process's exit status as waitpid(2) reports it (WEXITSTATUS and friends decode it in Java). */
JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_waitpid0(JNIEnv *env, jclass cls, jint pid) {
    int status;
    pid_t r;
    do {
        r = waitpid(pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    return r < 0 ? -errno : status;
}

/* A NULL-terminated copy of a String[]; free with free_strings. */
static char **strings(JNIEnv *env, jobjectArray array) {
    jsize n = (*env)->GetArrayLength(env, array);
    char **out = calloc(n + 1, sizeof(char *));
    if (out == NULL) {
        return NULL;
    }
    for (jsize i = 0; i < n; i++) {
        jstring s = (jstring) (*env)->GetObjectArrayElement(env, array, i);
        const char *c = chars(env, s);
        out[i] = c == NULL ? NULL : strdup(c);
        release_str(env, s, c);
        (*env)->DeleteLocalRef(env, s);
        if (out[i] == NULL) {
            for (jsize j = 0; j < i; j++) {
                free(out[j]);
            }
            free(out);
            return NULL;
        }
    }
    return out;
}

static void free_strings(char **s) {
    if (s != NULL) {
        for (char **p = s; *p != NULL; p++) {
            free(*p);
        }
        free(s);
    }
}

/* The most descriptors a child is given (stdio, conmon's two pipes, socket activation's listeners). */
#define MAX_FDS 16
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* The kernel's struct sigaction on x86_64 and aarch64: handler, flags, restorer, an 8-byte mask. */
struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    unsigned long mask;
};

/*
 * Starts path with argv and envp, its descriptor i being the parent's fds[i] (so fds[0..2] are its
 * stdio), all other descriptors closed, every signal at its default disposition and none blocked,
 * in a new session when asked. Returns the pid, or -errno when the exec failed.
 *
 * vfork: the child borrows the parent's memory until it execs, so it only makes system calls. glibc's
 * posix_spawn would leave its two internal signals (32, 33) ignored in the child, which then stay
 * ignored in conmon and the container; here the raw rt_sigaction resets them with the rest.
 */
JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_spawn0(JNIEnv *env, jclass cls, jstring path, jobjectArray argv,
                                                    jobjectArray envp, jintArray fds, jboolean newSession) {
    const char *file = chars(env, path);
    char **args = strings(env, argv), **environment = strings(env, envp);
    jsize nfds = (*env)->GetArrayLength(env, fds);
    jint *map = (*env)->GetIntArrayElements(env, fds, NULL);
    int result;
    if (file == NULL || args == NULL || environment == NULL || map == NULL) {
        result = -ENOMEM;
        goto out;
    }
    if (nfds > MAX_FDS) {
        result = -EINVAL;
        goto out;
    }
    int moved[MAX_FDS];
    volatile int exec_errno = 0;
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved);   /* no JVM signal handler may run in the borrowed memory */
    pid_t pid = vfork();
    if (pid == 0) {
        struct kernel_sigaction dfl = {0};
        for (int sig = 1; sig < 65; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) {
                syscall(SYS_rt_sigaction, sig, &dfl, NULL, 8);
            }
        }
        if (newSession && setsid() < 0) {
            exec_errno = errno;
            _exit(127);
        }
        /* Out of the way first, so that mapping descriptor i cannot overwrite a source still needed. */
        int low = nfds < 3 ? 3 : nfds;
        for (jsize i = 0; i < nfds; i++) {
            moved[i] = fcntl(map[i], F_DUPFD_CLOEXEC, low + 64);
            if (moved[i] < 0) {
                exec_errno = errno;
                _exit(127);
            }
        }
        for (jsize i = 0; i < nfds; i++) {
            if (dup2(moved[i], i) < 0) {   /* dup2 leaves descriptor i open across exec */
                exec_errno = errno;
                _exit(127);
            }
        }
        /* Closed at exec (so that an exec error can still be told): the JVM opens many without O_CLOEXEC. */
        if (syscall(SYS_close_range, nfds, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
            for (int fd = nfds; fd < 65536; fd++) {
                fcntl(fd, F_SETFD, FD_CLOEXEC);
            }
        }
        unsigned long none = 0;
        syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
        execve(file, args, environment);
        exec_errno = errno;
        _exit(127);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (pid < 0) {
        result = -fork_errno;
    } else if (exec_errno != 0) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        result = -exec_errno;
    } else {
        result = pid;
    }
out:
    if (map != NULL) {
        (*env)->ReleaseIntArrayElements(env, fds, map, JNI_ABORT);
    }
    free_strings(args);
    free_strings(environment);
    release_str(env, path, file);
    return result;
}

/* ip netns add's mount point: /run/netns made a shared mount, binding it on itself the first time. */
static int shared_netns_dir(const char *dir) {
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        return -errno;
    }
    for (int bound = 0;; bound = 1) {
        if (mount("", dir, "none", MS_SHARED | MS_REC, NULL) == 0) {
            return 0;
        }
        if (errno != EINVAL || bound) {
            return -errno;
        }
        if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) != 0) {
            return -errno;
        }
    }
}

struct netns_request {
    const char *path;
    int result;
};

/* On a thread of its own: a new network namespace for this thread only, bind-mounted at path. */
static void *make_netns(void *arg) {
    struct netns_request *r = arg;
    if (unshare(CLONE_NEWNET) != 0) {
        r->result = -errno;
        return NULL;
    }
    r->result = mount("/proc/thread-self/ns/net", r->path, "none", MS_BIND, NULL) == 0 ? 0 : -errno;
    return NULL;   /* the thread ends; the bind mount keeps the namespace */
}

/*
 * What `ip netns add` does: a new, empty network namespace (a loopback, down) kept at dir/name.
 * The JVM's own threads keep theirs: the namespace is made on a short-lived thread.
 */
JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_netnsAdd0(JNIEnv *env, jclass cls, jstring directory, jstring path) {
    const char *dir = chars(env, directory), *p = chars(env, path);
    int rc = shared_netns_dir(dir);
    if (rc == 0) {
        int fd = open(p, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
        if (fd < 0) {
            rc = -errno;
        } else {
            close(fd);
            struct netns_request r = {.path = p, .result = -EINVAL};
            pthread_t t;
            int err = pthread_create(&t, NULL, make_netns, &r);
            if (err != 0) {
                rc = -err;
            } else {
                pthread_join(t, NULL);
                rc = r.result;
            }
            if (rc != 0) {
                unlink(p);
            }
        }
    }
    release_str(env, directory, dir);
    release_str(env, path, p);
    return rc;
}

/*
 * Whether a socket of type (SOCK_STREAM or SOCK_DGRAM) can be bound to ip:port (an IPv4 or IPv6 literal; ""
 * for every address, dual-stack where the host has IPv6); the socket is closed again at once. 0 or -errno.
 * The JDK's ServerSocket would do the same but first sets up its socket classes (~5 ms in a fresh JVM).
 */
JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_bindTest0(JNIEnv *env, jclass cls, jstring address, jint port, jint type) {
    const char *ip = chars(env, address);
    struct sockaddr_storage sa;
    memset(&sa, 0, sizeof sa);
    struct sockaddr_in *v4 = (struct sockaddr_in *) &sa;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &sa;
    socklen_t len;
    int rc = 0;
    if (ip[0] == '\0' || strchr(ip, ':') != NULL) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t) port);
        v6->sin6_addr = in6addr_any;
        len = sizeof *v6;
        if (ip[0] != '\0' && inet_pton(AF_INET6, ip, &v6->sin6_addr) != 1) {
            rc = -EINVAL;
        }
    } else {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t) port);
        len = sizeof *v4;
        if (inet_pton(AF_INET, ip, &v4->sin_addr) != 1) {
            rc = -EINVAL;
        }
    }
    if (rc == 0) {
        int fd = socket(sa.ss_family, type | SOCK_CLOEXEC, 0);
        if (fd < 0 && errno == EAFNOSUPPORT && ip[0] == '\0') {   /* no IPv6 here: every IPv4 address */
            memset(&sa, 0, sizeof sa);
            v4->sin_family = AF_INET;
            v4->sin_port = htons((uint16_t) port);
            len = sizeof *v4;
            fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
        }
        if (fd < 0) {
            rc = -errno;
        } else {
            int on = 1, off = 0;
            if (type == SOCK_STREAM) {
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);   /* as a listener would: TIME_WAIT is no clash */
            }
            if (sa.ss_family == AF_INET6 && ip[0] == '\0') {
                setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
            }
            rc = bind(fd, (struct sockaddr *) &sa, len) == 0 ? 0 : -errno;
            close(fd);
        }
    }
    release_str(env, address, ip);
    return rc;
}

/* Whether process pid is gone: no such process, or a zombie its parent has yet to reap. */
static int process_gone(int pid) {
    if (kill(pid, 0) != 0 && errno == ESRCH) {
        return 1;
    }
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 1;
    }
    ssize_t n = read(fd, stat, sizeof stat - 1);
    close(fd);
    if (n <= 0) {
        return 1;
    }
    stat[n] = '\0';
    const char *close_paren = strrchr(stat, ')');
    return close_paren != NULL && close_paren[1] == ' ' && (close_paren[2] == 'Z' || close_paren[2] == 'X');
}

/*
 * What `runc start` does for a created container: open its exec fifo for reading, which lets the waiting
 * init process write to it and exec the container's process; read to the end (the write end closes at that
 * exec) and remove the fifo, which is how runc tells "running" from "created" afterwards.
 * 0 on success; -ENOENT without a fifo, -ESRCH when the init process died before writing anything (nothing
 * was changed in either case); -EIO when the fifo could not be removed after the process had started.
 */
JNIEXPORT jint JNICALL Java_io_peapod_sys_Jni_releaseExecFifo0(JNIEnv *env, jclass cls, jstring fifo, jint initPid) {
    const char *path = chars(env, fifo);
    int rc = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
    } else {
        char buf[64];
        long got = 0;
        int idle = 0;
        for (;;) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n > 0) {
                got += n;
                continue;
            }
            if (n == 0 && got > 0) {
                break;   /* the init process wrote, then exec'd (or died): its end is closed */
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && errno != EAGAIN) {
                rc = -errno;
                break;
            }
            /* nothing yet (no writer, or one that has not written): wait, and watch the init process */
            if (n < 0) {
                struct pollfd p = {.fd = fd, .events = POLLIN};
                poll(&p, 1, 50);
            } else {
                struct timespec pause = {.tv_sec = 0, .tv_nsec = 1000000};
                nanosleep(&pause, NULL);
            }
            if (++idle % 50 == 0 && got == 0 && process_gone(initPid)) {
                rc = -ESRCH;
                break;
            }
        }
        close(fd);
        if (rc == 0 && unlink(path) != 0) {
            rc = -EIO;
        }
    }
    release_str(env, fifo, path);
    return rc;
}

JNIEXPORT jstring JNICALL Java_io_peapod_sys_Jni_strerror0(JNIEnv *env, jclass cls, jint err) {
    char buf[256];
    const char *text = strerror_r(err, buf, sizeof buf);
    return (*env)->NewStringUTF(env, text);
}
