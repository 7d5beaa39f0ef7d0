package io.peapod.core.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hard limits of the engine process, which bound what a container can be given: runc sets the
 * container's rlimits from inside, without CAP_SYS_RESOURCE on hosts like this one, so a hard limit
 * above ours fails at start with "error setting rlimit type 7: operation not permitted" (seen with
 * podman 4.3.1 here, whose default of 1048576 does exactly that).
 * {@link Long#MAX_VALUE} stands for "unlimited".
 */
public record HostLimits(long nofileHard, long nprocHard) {

    public static HostLimits read() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses /proc/self/limits: "Max open files  20000  20000  files". */
    static HostLimits parse(List<String> lines) {
        long nofile = Long.MAX_VALUE;
        long nproc = Long.MAX_VALUE;
        for (String line : lines) {
            if (line.startsWith("Max open files")) {
                nofile = hardColumn(line.substring("Max open files".length()));
            } else if (line.startsWith("Max processes")) {
                nproc = hardColumn(line.substring("Max processes".length()));
            }
        }
        return new HostLimits(nofile, nproc);
    }

    private static long hardColumn(String rest) {
        String[] cols = rest.trim().split("\\s+");
        return cols[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(cols[1]);
    }
}
