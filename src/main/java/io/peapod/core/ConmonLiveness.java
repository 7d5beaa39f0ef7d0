package io.peapod.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a running container's conmon is still there. conmon writes the exit file and runs the exit
 * command; once it is gone (killed, OOM, host trouble) nothing ever will, so the container must be
 * recovered by whoever notices. A pid alone could have been reused by now, so the process must also
 * still be conmon for this very container: its command line names the binary and the container id
 * ({@code -c ID}). That check needs no start time in the database and is one small /proc read.
 */
final class ConmonLiveness {
    private ConmonLiveness() {}

    /** False only when {@code conmonPid} is known and is no longer conmon for {@code containerId}. */
    static boolean alive(int conmonPid, String containerId) {
        if (conmonPid <= 0) {
            return true;   // not recorded: nothing to judge by, so trust the exit file as before
        }
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc", Integer.toString(conmonPid), "cmdline"));
        } catch (IOException gone) {
            return false;
        }
        // NUL-separated argv; a zombie or a kernel thread has an empty one.
        String[] argv = new String(cmdline, StandardCharsets.UTF_8).split("\0");
        if (argv.length == 0 || !argv[0].endsWith("conmon")) {
            return false;
        }
        for (String arg : argv) {
            if (arg.equals(containerId)) {
                return true;
            }
        }
        return false;
    }
}
