package io.peapod.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
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
    /**
     * Bytes hashed by the JDK before libcrypto is linked: making the downcall handles costs ~100 ms of
     * C1 time, which a command hashing only configs, manifests and cache keys (a cached build) never repays.
     */
    static final int SMALL = 256 * 1024;

    /** The calls, or null when libcrypto cannot be loaded (then nothing is installed). */
    private record Calls(MethodHandle newCtx, MethodHandle freeCtx, MemorySegment sha256, MethodHandle init,
                         MethodHandle update, MethodHandle fin) {}

    private static SymbolLookup crypto;
    private static Calls calls;
    private static boolean linkFailed;

    /** The native context once this digest has seen more than {@link #SMALL} bytes (null before). */
    private MemorySegment ctx;
    /** The JDK's digest: for short messages, and for all when libcrypto could not be linked. */
    private final MessageDigest jdk;
    private boolean jdkOnly;
    /** A short message so far (grown as needed: most digests are of a few hundred bytes). */
    private byte[] pending = new byte[1024];
    private int fill;
    private MemorySegment out;
    private final byte[] one = new byte[1];

    private NativeSha256() {
        try {
            jdk = MessageDigest.getInstance("SHA-256", "SUN");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Puts libcrypto's SHA-256 first for {@code MessageDigest.getInstance("SHA-256")}; returns false
     * (and changes nothing) when libcrypto is not there. Its calls are linked on the first long message.
     */
    public static synchronized boolean install() {
        if (crypto != null) {
            return true;
        }
        try {
            crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
        } catch (RuntimeException e) {
            return false;   // no libcrypto 3 here: the JDK's SHA-256 it is
        }
        Security.insertProviderAt(new LibcryptoProvider(), 1);
        return true;
    }

    /** The calls, linked on first use; null when that failed (the JDK's digest then does all the work). */
    private static synchronized Calls link() {
        if (calls != null || linkFailed) {
            return calls;
        }
        try {
            Linker linker = Linker.nativeLinker();
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
            linkFailed = true;
        }
        return calls;
    }

    /** A message longer than {@link #SMALL}: on to libcrypto (or the JDK), with what was kept so far. */
    private void goLong() throws Throwable {
        Calls c = link();
        if (c == null) {
            jdkOnly = true;
            jdk.update(pending, 0, fill);
        } else {
            MemorySegment made = (MemorySegment) c.newCtx().invokeExact();
            if (made.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("EVP_MD_CTX_new failed");
            }
            MethodHandle free = c.freeCtx();
            CLEANER.register(this, () -> {
                try {
                    free.invokeExact(made);
                } catch (Throwable ignored) {
                    // process exit or an already freed context: nothing to do
                }
            });
            ctx = made;
            out = Arena.ofAuto().allocate(32);
            check((int) c.init().invokeExact(ctx, c.sha256(), MemorySegment.NULL), "EVP_DigestInit_ex");
            nativeUpdate(pending, 0, fill);
        }
        fill = 0;
    }

    private void nativeUpdate(byte[] input, int offset, int len) throws Throwable {
        if (len > 0) {
            check((int) calls.update().invokeExact(ctx, MemorySegment.ofArray(input).asSlice(offset, len), (long) len),
                    "EVP_DigestUpdate");
        }
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
            if (ctx == null && !jdkOnly) {
                if (fill + len <= SMALL) {
                    if (fill + len > pending.length) {
                        pending = java.util.Arrays.copyOf(pending, Math.min(SMALL, Math.max(fill + len, 2 * pending.length)));
                    }
                    System.arraycopy(input, offset, pending, fill, len);
                    fill += len;
                    return;
                }
                goLong();
            }
            if (jdkOnly) {
                jdk.update(input, offset, len);
            } else {
                nativeUpdate(input, offset, len);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    protected byte[] engineDigest() {
        try {
            if (ctx == null) {   // a short message (or no libcrypto): the JDK's
                jdk.update(pending, 0, fill);
                fill = 0;
                return jdk.digest();
            }
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
        fill = 0;
        jdk.reset();
        if (ctx == null) {
            return;
        }
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
