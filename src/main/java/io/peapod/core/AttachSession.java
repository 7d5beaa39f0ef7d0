package io.peapod.core;

import io.peapod.core.conmon.AttachSocket;
import io.peapod.sys.SysException;
import io.peapod.sys.Terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Joins the user's stdio to a container through conmon's attach socket until the container's output
 * ends (it exited) or the user types the detach keys (libpod's attach with podman's terminal handling).
 *
 * <p>Output is copied on the calling thread; stdin on a daemon thread, through the detach-key matcher.
 * When our stdin is a terminal and the container has one, the terminal goes into raw mode for the
 * session (keys, Ctrl-C included, reach the container's terminal, which echoes them) and its window
 * size follows ours: once at the start, then on every SIGWINCH.
 */
final class AttachSession {
    /** How the session ended. */
    enum End { EXITED, DETACHED }

    /**
     * @param stdin      where the container's stdin comes from; null to send none
     * @param detachKeys the sequence that detaches; empty for none
     * @param terminal   the container has a terminal (conmon -t)
     * @param signals    forwards a signal name (e.g. "INT") to the container; null for no proxying
     */
    record Options(InputStream stdin, PrintStream out, PrintStream err, byte[] detachKeys, boolean terminal,
                   Consumer<String> signals) {}

    /** The signals podman's --sig-proxy forwards that the JVM lets us catch. */
    private static final List<String> PROXIED = List.of("INT", "TERM", "HUP", "USR1", "USR2");

    private final AttachSocket socket;
    private final Options options;
    private volatile boolean detached;

    private AttachSession(AttachSocket socket, Options options) {
        this.socket = socket;
        this.options = options;
    }

    static End run(AttachSocket socket, Options options) {
        return new AttachSession(socket, options).run();
    }

    private End run() {
        Terminal.Saved saved = null;
        List<Installed> handlers = new ArrayList<>();
        try {
            if (options.terminal() && Terminal.isatty(0)) {
                saved = Terminal.makeRaw(0);
                resize();
                handlers.add(handle("WINCH"));
            }
            if (options.signals() != null && !options.terminal()) {
                // With a terminal, Ctrl-C is a byte for the container's tty, not a signal for us.
                for (String s : PROXIED) handlers.add(handle(s));
            }
            if (options.stdin() != null) {
                Thread t = new Thread(this::copyStdin, "attach-stdin");
                t.setDaemon(true);   // blocked in read(0) when the container exits: must not keep us alive
                t.start();
            } else {
                // As podman: no input means an input that has ended (a -i container reads end of file).
                closeStdinQuietly();
            }
            copyOutput();
            return detached ? End.DETACHED : End.EXITED;
        } finally {
            for (Installed h : handlers) {
                if (h != null) h.restore();
            }
            if (saved != null) Terminal.restore(saved);
        }
    }

    private void copyOutput() {
        byte[] buf = new byte[AttachSocket.MAX_PACKET];
        while (!detached) {
            int n;
            try {
                n = socket.receive(buf);
            } catch (SysException e) {
                return;   // conmon went away: the container is gone
            }
            if (n <= 0) return;
            PrintStream target = buf[0] == AttachSocket.STDERR ? options.err() : options.out();
            target.write(buf, 1, n - 1);
            target.flush();
        }
    }

    private void copyStdin() {
        DetachMatcher matcher = new DetachMatcher(options.detachKeys());
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int n = options.stdin().read(buf);
                if (n < 0) {
                    closeStdinQuietly();
                    return;
                }
                DetachMatcher.Result r = matcher.feed(buf, n);
                if (r.length() > 0) socket.sendStdin(r.bytes(), 0, r.length());
                if (r.detach()) {
                    detached = true;
                    socket.hangUp();
                    return;
                }
            }
        } catch (IOException | SysException e) {
            // The connection is gone (the container exited) or our stdin failed: output decides the end.
        }
    }

    /**
     * Sends our terminal's size to a container that is about to start, as podman does: its process
     * then sees the right size from its first instruction on.
     */
    static void sendWindowSize(AttachSocket socket) {
        if (Terminal.isatty(0)) {
            new AttachSession(socket, null).resize();
        }
    }

    private void closeStdinQuietly() {
        try {
            socket.closeStdin();
        } catch (SysException e) {
            // conmon has gone already
        }
    }

    private void resize() {
        Terminal.size(0).ifPresent(s -> {
            try {
                socket.resize(s.rows(), s.columns());
            } catch (IOException e) {
                // conmon has gone: the container exited, the output loop ends on its own.
            }
        });
    }

    /**
     * Installs our handler for {@code name}; null when the JVM keeps that signal for itself. A named
     * class rather than a lambda: a lambda not seen in AOT training is spun at run time (measured:
     * the first sun.misc.Signal.handle costs ~40 ms with a lambda, ~4 ms with a class).
     */
    private Installed handle(String name) {
        try {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            return new Installed(signal, sun.misc.Signal.handle(signal, new Handler(this, name)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A replaced handler, to put back when the session ends. */
    private record Installed(sun.misc.Signal signal, sun.misc.SignalHandler previous) {
        void restore() {
            sun.misc.Signal.handle(signal, previous);
        }
    }

    /** SIGWINCH resizes the container's terminal; the others go to the container (--sig-proxy). */
    private static final class Handler implements sun.misc.SignalHandler {
        private final AttachSession session;
        private final String name;

        Handler(AttachSession session, String name) {
            this.session = session;
            this.name = name;
        }

        @Override
        public void handle(sun.misc.Signal signal) {
            if (name.equals("WINCH")) {
                session.resize();
            } else {
                session.options.signals().accept(name);
            }
        }
    }
}
