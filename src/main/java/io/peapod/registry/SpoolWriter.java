package io.peapod.registry;

import io.peapod.image.BytePipe;
import io.peapod.image.Descriptor;
import io.peapod.image.SavedImage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The writing half of {@link RegistryDestination#putStreamed}: runs a blob's content once, into an
 * {@link BytePipe} (the upload) and a spool file (for a retry) at the same time, hashing it on the
 * way; {@link #result} is its digest and size once it is written. A {@link #cancel cancelled} writer
 * stops at its next write.
 */
final class SpoolWriter implements Runnable {
    private final String mediaType;
    private final SavedImage.Content content;
    private final Path spool;
    private final BytePipe pipe;
    private final CompletableFuture<Descriptor> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private boolean uploading = true;

    SpoolWriter(String mediaType, SavedImage.Content content, Path spool, BytePipe pipe) {
        this.mediaType = mediaType;
        this.content = content;
        this.spool = spool;
        this.pipe = pipe;
    }

    @Override
    public void run() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");   // libcrypto's in bulk commands
            long[] size = {0};
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(spool), 256 * 1024)) {
                content.writeTo(new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (cancelled) {
                            throw new InterruptedIOException("the upload was given up");
                        }
                        sha.update(b, off, len);
                        file.write(b, off, len);
                        size[0] += len;
                        if (uploading) {
                            try {
                                pipe.sink.write(b, off, len);
                            } catch (BytePipe.Abandoned gone) {
                                uploading = false;   // the upload failed: the spool file is what counts now
                            }
                        }
                    }
                });
            }
            result.complete(new Descriptor(mediaType, "sha256:" + HexFormat.of().formatHex(sha.digest()), size[0]));
            if (uploading) {
                try {
                    pipe.sink.close();
                } catch (BytePipe.Abandoned gone) {
                    // the upload failed at its very end: the caller sends the spool file
                }
            }
        } catch (IOException | RuntimeException | Error | NoSuchAlgorithmException e) {
            result.completeExceptionally(e);   // first: the uploader checks it when the pipe fails
            pipe.fail(e);
        }
    }

    /** Whether the content failed (not: was cancelled after the upload failed). */
    boolean failed() {
        return result.isCompletedExceptionally() && !cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    /** The digest and size written; waits for the writer; rethrows the content's failure. */
    Descriptor result() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.LOCAL, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new WriteFailure(cause);
        }
    }

    /** The content could not be written; {@link #getCause()} says why. */
    static final class WriteFailure extends RuntimeException {
        WriteFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
