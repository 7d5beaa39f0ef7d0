package io.peapod.sys;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The FFM plumbing shared by the sys classes: looking up libc symbols, building downcall handles
 * that capture errno, C strings and turning a failed call into a {@link SysException}.
 *
 * <p>Nothing here creates a downcall handle eagerly. Each CLI invocation is a fresh JVM: the linker
 * and the first handle cost tens of milliseconds, and each handle of a not-yet-seen native
 * signature ~20 ms more (handles of an already-seen signature reuse the generated code and cost
 * well under 1 ms). So callers keep each handle in its own holder class and the JVM creates it on
 * first use only (class initialisation is lazy and thread-safe), and a command that never mounts
 * never pays for mount.
 *
 * <p>This is the one class that uses restricted FFM methods; the launcher grants native access
 * (Enable-Native-Access in the manifest, --enable-native-access for tests).
 */
@SuppressWarnings("restricted")
final class Native {
    private Native() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** errno must be captured by the linker: the JVM may clobber it between the call and our read. */
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(PathElement.groupElement("errno"));

    static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    /** A handle for a call that reports failure through errno; its first parameter is the capture segment. */
    static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** A handle for a call that cannot fail or returns its error number directly (posix_spawn*). */
    static MethodHandle plainCall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** A handle for a symbol that older glibc versions may lack. */
    static Optional<MethodHandle> optionalCall(String name, FunctionDescriptor fd) {
        return LIBC.find(name).map(addr -> LINKER.downcallHandle(addr, fd));
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc lacks " + name));
    }

    /** Scratch space the linker writes errno into; pass it as the handle's first argument. */
    static MemorySegment errnoState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    static int errno(MemorySegment state) {
        return state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    /** A NUL-terminated UTF-8 copy of {@code s}, or NULL for a null string. */
    static MemorySegment cstr(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    static MemorySegment cstr(Arena arena, Path p) {
        return arena.allocateFrom(p.toString());
    }

    /** The exception for a failed call; {@code subject} (usually the path) leads the detail text. */
    static SysException error(String call, int errno, Object subject) {
        String text = strerror(errno);
        return new SysException(call, errno, subject == null ? text : subject + ": " + text);
    }

    /** Throws the errno-based exception when a libc return value signals failure (-1). */
    static void check(long result, MemorySegment state, String call, Object subject) {
        if (result < 0) throw error(call, errno(state), subject);
    }

    private static final class Strerror {
        static final MethodHandle H = plainCall("strerror", FunctionDescriptor.of(C_POINTER, C_INT));
    }

    /** strerror(3): glibc returns static text for known numbers and a thread-local buffer otherwise. */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.H.invokeExact(errno);
            return text.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /**
     * {@code invokeExact} declares Throwable; downcalls only throw what we throw ourselves or JVM
     * errors, so rethrow those as they are and wrap anything else.
     */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
