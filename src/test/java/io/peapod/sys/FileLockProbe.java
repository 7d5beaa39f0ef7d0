package io.peapod.sys;

import java.nio.file.Path;

/** A second process for FileLockTest: "try PATH" exits 0 if it got the lock, 1 if not; "hold PATH" holds it until stdin closes. */
public final class FileLockProbe {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        if (args[0].equals("try")) {
            try (FileLock lock = FileLock.tryExclusive(path)) {
                System.exit(lock == null ? 1 : 0);
            }
        }
        try (FileLock lock = FileLock.exclusive(path)) {
            System.out.println("locked");
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
