package io.peapod.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The hard RLIMIT_NOFILE of this process, which bounds what containers may be given. */
final class NofileLimit {
    private NofileLimit() {}

    static long hard() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.trim().split("\\s+");
                    String hard = f[4];
                    return hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
