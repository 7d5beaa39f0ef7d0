package io.peapod.sys;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A short-lived helper program (netavark, runc's subcommands) run to its end through libpeapod's spawn: one vfork
 * and exec, where ProcessBuilder adds its jspawnhelper's exec (~3 ms here) and reads stderr on the common
 * fork-join pool (a worker thread started). Its input is written whole before the output is read, so it must fit
 * a pipe (64 KB), which the JSON these helpers take always does.
 */
public final class ChildProcess {
    private ChildProcess() {}

    /** How the program ended: its exit code (128 + signal when killed) and everything it wrote. */
    public record Result(int exitCode, byte[] stdout, byte[] stderr) {}

    /**
     * Runs {@code argv} (its first word a path to the program: no PATH search) with this process's environment,
     * {@code input} (or nothing) on its stdin. Past {@code timeoutMillis} without its output ending, it is killed and
     * {@link SysException} with ETIMEDOUT thrown; so is a program that cannot be started.
     */
    public static Result run(List<String> argv, byte[] input, int timeoutMillis) {
        List<Integer> opened = new ArrayList<>();
        try {
            int[] in = Jni.pipe();
            opened.add(in[0]);
            opened.add(in[1]);
            int[] out = Jni.pipe();
            opened.add(out[0]);
            opened.add(out[1]);
            int[] err = Jni.pipe();
            opened.add(err[0]);
            opened.add(err[1]);
            int pid = Jni.spawn(argv, System.getenv(), List.of(in[0], out[1], err[1]), false);
            for (int childEnd : List.of(in[0], out[1], err[1])) {
                close(opened, childEnd);   // the child's copies are its own: its exit ends our reads
            }
            FutureTask<byte[]> errors = new FutureTask<>(() -> readAll(err[0], -1));
            Thread.ofPlatform().daemon().name("child-stderr").start(errors);
            try {
                if (input != null && input.length > 0) {
                    Jni.write(in[1], input);
                }
            } catch (SysException e) {
                // EPIPE: it exited without reading its input; its exit code and stderr say why
            }
            close(opened, in[1]);
            byte[] stdout = readAll(out[0], timeoutMillis);
            if (stdout == null) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                Jni.waitFor(pid);
                try {
                    errors.get(1, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException stillHeld) {
                    opened.remove(Integer.valueOf(err[0]));   // a descendant holds it: leaked, not closed under the reader
                }
                throw new SysException(argv.getFirst(), Errno.ETIMEDOUT, "timed out after " + timeoutMillis + " ms");
            }
            byte[] stderr = errors.get();
            return new Result(Jni.waitFor(pid), stdout, stderr);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SysException s ? s : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SysException(argv.getFirst(), Errno.EINTR, "interrupted");
        } finally {
            for (int fd : List.copyOf(opened)) {
                close(opened, fd);
            }
        }
    }

    /** Everything until end of file; null when {@code timeoutMillis} (-1: no limit) passed first. */
    private static byte[] readAll(int fd, int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            int wait = timeoutMillis < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            int n = Jni.read(fd, buffer, wait);
            if (n == 0) {
                return bytes.toByteArray();
            }
            if (n < 0) {
                return null;   // the time ran out
            }
            bytes.write(buffer, 0, n);
        }
    }

    private static void close(List<Integer> opened, int fd) {
        if (opened.remove(Integer.valueOf(fd))) {
            try {
                Jni.close(fd);
            } catch (SysException ignored) {
                // a descriptor that will not close leaks no process: nothing more to do
            }
        }
    }
}
