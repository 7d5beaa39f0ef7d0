package io.peapod.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A blob written to {@code target}: into a temporary file beside it, renamed into place on
 * {@link #commit()} and deleted on {@link #discard()}, so {@code target} exists only complete.
 */
public final class FileBlobSink implements BlobSink {
    private final Path target;
    private final Path temp;
    private OutputStream out;

    public FileBlobSink(Path target) {
        this.target = target;
        this.temp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().threadId());
    }

    @Override
    public void reset() throws IOException {
        if (out != null) {
            out.close();
        }
        out = Files.newOutputStream(temp);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
    }

    @Override
    public void commit() throws IOException {
        out.close();
        out = null;
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void discard() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the file goes anyway
        }
        out = null;
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more to do: it never became the target
        }
    }
}
