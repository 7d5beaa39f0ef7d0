package io.peapod.core.registries;

import io.peapod.sys.Terminal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's terminal for a {@link SelectPrompt}: keys from stdin in raw mode (so Ctrl-C arrives as a byte,
 * as readline has it under promptui), the prompt on stdout. {@link #close} puts the saved settings back;
 * a shutdown hook does it too when the process is ended (SIGTERM) while the prompt waits.
 */
public final class TtyPromptTerminal implements PromptTerminal, AutoCloseable {
    private final FileInputStream in = new FileInputStream(FileDescriptor.in);
    private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
    private final Terminal.Saved saved;
    private final Thread restoreOnExit;

    private TtyPromptTerminal() {
        saved = Terminal.makeRaw(0);
        restoreOnExit = new Thread(() -> Terminal.restore(saved));
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    /**
     * Whether podman would prompt here: stdin and stdout both terminals. Read from /proc, not through
     * a libc call: every pull asks, and a native call costs a fresh JVM tens of milliseconds.
     */
    public static boolean available() {
        return isTerminal(0) && isTerminal(1);
    }

    /** Puts stdin's terminal in raw mode until {@link #close}. */
    public static TtyPromptTerminal open() {
        return new TtyPromptTerminal();
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        Terminal.restore(saved);
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook restores again, which is harmless
        }
    }
}
