package io.peapod.sys;

import static io.peapod.sys.Native.C_INT;
import static io.peapod.sys.Native.C_LONG;
import static io.peapod.sys.Native.C_POINTER;
import static io.peapod.sys.Native.errnoCall;
import static io.peapod.sys.Native.errnoState;
import static io.peapod.sys.Native.unchecked;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The user's terminal: whether a descriptor is one, its window size, and raw mode (so that every
 * key, Ctrl-C included, goes to the container's own terminal) with the saved settings restored after.
 */
public final class Terminal {
    private Terminal() {}

    /** sizeof(struct termios) on x86_64 glibc: four tcflag_t, c_line, c_cc[32], two speeds. */
    private static final int TERMIOS_SIZE = 60;
    private static final long IFLAG = 0, OFLAG = 4, CFLAG = 8, LFLAG = 12, CC = 17;
    private static final int VTIME = 5, VMIN = 6, TCSANOW = 0;
    private static final long TIOCGWINSZ = 0x5413;

    private static final class Isatty {
        static final MethodHandle H = Native.plainCall("isatty", FunctionDescriptor.of(C_INT, C_INT));
    }

    private static final class Tcgetattr {
        static final MethodHandle H = errnoCall("tcgetattr", FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
    }

    private static final class Tcsetattr {
        static final MethodHandle H = errnoCall("tcsetattr", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER));
    }

    private static final class Ioctl {
        static final MethodHandle H = errnoCall("ioctl", FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER),
                Linker.Option.firstVariadicArg(2));
    }

    /** The rows and columns of a terminal window. */
    public record Size(int rows, int columns) {}

    /** The settings {@link #makeRaw} replaced, for {@link #restore}. */
    public static final class Saved {
        private final int fd;
        private final byte[] termios;

        private Saved(int fd, byte[] termios) {
            this.fd = fd;
            this.termios = termios;
        }
    }

    public static boolean isatty(int fd) {
        try {
            return (int) Isatty.H.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The window size of the terminal on {@code fd}; empty when it is not a terminal. */
    public static Optional<Size> size(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment ws = a.allocate(8, 2);   // struct winsize: ws_row, ws_col, ws_xpixel, ws_ypixel
            int r = (int) Ioctl.H.invokeExact(st, fd, TIOCGWINSZ, ws);
            if (r < 0) return Optional.empty();
            return Optional.of(new Size(Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0)),
                    Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2))));
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * Puts the terminal on {@code fd} in raw mode, as cfmakeraw(3) does (done here on the bytes to
     * spare a downcall): no echo, no line editing, no signals from keys, no output processing.
     */
    public static Saved makeRaw(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = errnoState(a);
            MemorySegment t = a.allocate(TERMIOS_SIZE, 4);
            int r = (int) Tcgetattr.H.invokeExact(st, fd, t);
            Native.check(r, st, "tcgetattr", "fd " + fd);
            Saved saved = new Saved(fd, t.toArray(ValueLayout.JAVA_BYTE));
            int iflag = t.get(ValueLayout.JAVA_INT, IFLAG), oflag = t.get(ValueLayout.JAVA_INT, OFLAG);
            int cflag = t.get(ValueLayout.JAVA_INT, CFLAG), lflag = t.get(ValueLayout.JAVA_INT, LFLAG);
            // IGNBRK BRKINT PARMRK ISTRIP INLCR IGNCR ICRNL IXON
            iflag &= ~(01 | 02 | 010 | 040 | 0100 | 0200 | 0400 | 02000);
            oflag &= ~01;                                   // OPOST
            lflag &= ~(010 | 0100 | 02 | 01 | 0100000);     // ECHO ECHONL ICANON ISIG IEXTEN
            cflag &= ~(060 | 0400);                         // CSIZE PARENB
            cflag |= 060;                                   // CS8
            t.set(ValueLayout.JAVA_INT, IFLAG, iflag);
            t.set(ValueLayout.JAVA_INT, OFLAG, oflag);
            t.set(ValueLayout.JAVA_INT, CFLAG, cflag);
            t.set(ValueLayout.JAVA_INT, LFLAG, lflag);
            t.set(ValueLayout.JAVA_BYTE, CC + VMIN, (byte) 1);
            t.set(ValueLayout.JAVA_BYTE, CC + VTIME, (byte) 0);
            set(st, fd, t);
            return saved;
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** Puts back the settings {@link #makeRaw} replaced. */
    public static void restore(Saved saved) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS_SIZE, 4);
            MemorySegment.copy(saved.termios, 0, t, ValueLayout.JAVA_BYTE, 0, TERMIOS_SIZE);
            set(errnoState(a), saved.fd, t);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static void set(MemorySegment st, int fd, MemorySegment termios) throws Throwable {
        while (true) {
            int r = (int) Tcsetattr.H.invokeExact(st, fd, TCSANOW, termios);
            if (r == 0) return;
            if (Native.errno(st) != Errno.EINTR) throw Native.error("tcsetattr", Native.errno(st), "fd " + fd);
        }
    }
}
