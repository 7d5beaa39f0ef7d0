package io.peapod.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.security.MessageDigestSpi;
import java.security.Provider;
import java.security.Security;
import java.util.List;

/**
 * SHA-256 from OpenSSL's libcrypto (EVP), installed as the first provider for "SHA-256" in commands
 * that hash layers ({@link #install}). Why: those commands run with C1 only (the launcher's choice:
 * C2's compile threads cost more CPU than they save there), and only C2 turns the JDK's SHA-256 into the
 * CPU's SHA instructions; in C1 code it does ~80 MB/s, libcrypto ~1 GB/s. Heap arrays are passed to
 * libcrypto directly (a critical call), without a copy.
 */
public final class NativeSha256 extends MessageDigestSpi {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;

    /** The calls, or null when libcrypto cannot be loaded (then nothing is installed). */
    private record Calls(MethodHandle newCtx, MethodHandle freeCtx, MemorySegment sha256, MethodHandle init,
                         MethodHandle update, MethodHandle fin) {}

    private static Calls calls;

    private final MemorySegment ctx;
    private final MemorySegment out = Arena.ofAuto().allocate(32);
    private final byte[] one = new byte[1];

    private NativeSha256() {
        try {
            ctx = (MemorySegment) calls.newCtx().invokeExact();
            if (ctx.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("EVP_MD_CTX_new failed");
            }
            MethodHandle free = calls.freeCtx();
            MemorySegment c = ctx;
            CLEANER.register(this, () -> {
                try {
                    free.invokeExact(c);
                } catch (Throwable ignored) {
                    // process exit or an already freed context: nothing to do
                }
            });
            engineReset();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Puts libcrypto's SHA-256 first for {@code MessageDigest.getInstance("SHA-256")}; returns false
     * (and changes nothing) when libcrypto is not there.
     */
    public static synchronized boolean install() {
        if (calls != null) {
            return true;
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
            MemorySegment md = (MemorySegment) linker.downcallHandle(crypto.find("EVP_sha256").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            calls = new Calls(
                    linker.downcallHandle(crypto.find("EVP_MD_CTX_new").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS)),
                    linker.downcallHandle(crypto.find("EVP_MD_CTX_free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)),
                    md,
                    linker.downcallHandle(crypto.find("EVP_DigestInit_ex").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS)),
                    linker.downcallHandle(crypto.find("EVP_DigestUpdate").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, SIZE_T),
                            Linker.Option.critical(true)),
                    linker.downcallHandle(crypto.find("EVP_DigestFinal_ex").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS)));
        } catch (Throwable t) {
            return false;   // no libcrypto 3 here: the JDK's SHA-256 it is
        }
        Security.insertProviderAt(new LibcryptoProvider(), 1);
        return true;
    }

    /** The provider holding the one service: a subclass, as {@code putService} is protected. */
    private static final class LibcryptoProvider extends Provider {
        LibcryptoProvider() {
            super("PeapodLibcrypto", "1", "SHA-256 from libcrypto");
            putService(new Service(this, "MessageDigest", "SHA-256", NativeSha256.class.getName(),
                    List.of("SHA256", "2.16.840.1.101.3.4.2.1"), null) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new NativeSha256();
                }
            });
        }
    }

    @Override
    protected void engineUpdate(byte input) {
        one[0] = input;
        engineUpdate(one, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (len == 0) {
            return;
        }
        try {
            check((int) calls.update().invokeExact(ctx, MemorySegment.ofArray(input).asSlice(offset, len), (long) len),
                    "EVP_DigestUpdate");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    protected byte[] engineDigest() {
        try {
            check((int) calls.fin().invokeExact(ctx, out, MemorySegment.NULL), "EVP_DigestFinal_ex");
            byte[] digest = out.toArray(ValueLayout.JAVA_BYTE);
            engineReset();
            return digest;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    protected void engineReset() {
        try {
            check((int) calls.init().invokeExact(ctx, calls.sha256(), MemorySegment.NULL), "EVP_DigestInit_ex");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    private static void check(int ok, String call) {
        if (ok != 1) {
            throw new IllegalStateException(call + " failed");
        }
    }
}
