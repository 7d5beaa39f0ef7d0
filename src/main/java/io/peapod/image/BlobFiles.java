package io.peapod.image;

import io.peapod.storage.Digests;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Writing blobs into directories: through a temp file, checked against the descriptor, then renamed. */
final class BlobFiles {
    private BlobFiles() {}

    static void write(Path target, Descriptor d, SavedImage.Content content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().threadId());
        try {
            try (CheckingOutputStream out = new CheckingOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024))) {
                content.writeTo(out);
                out.flush();
                out.check(d);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    static void writeBytes(Path target, byte[] data) throws IOException {
        write(target, new Descriptor(null, Digests.of(data), data.length), out -> out.write(data));
    }

    /** Hashes and counts what passes, so a blob is checked as it is written. */
    static final class CheckingOutputStream extends FilterOutputStream {
        private final MessageDigest sha = Digests.sha256();
        private long count;

        CheckingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            sha.update((byte) b);
            count++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sha.update(b, off, len);
            count += len;
            out.write(b, off, len);
        }

        void check(Descriptor d) {
            String got = "sha256:" + HexFormat.of().formatHex(sha.digest());
            if (d.digest() != null && !got.equals(d.digest())) {
                throw new ImageException("blob " + d.digest() + " was written with digest " + got);
            }
            if (d.size() >= 0 && count != d.size()) {
                throw new ImageException("blob " + d.digest() + " was written with " + count + " bytes, expected " + d.size());
            }
        }
    }
}
