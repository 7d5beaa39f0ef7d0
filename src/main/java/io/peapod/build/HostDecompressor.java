package io.peapod.build;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * bzip2 and xz decompression through the host's {@code bzip2}/{@code xz} programs ({@code -d -c -q}), as
 * containers/storage does for xz (podman runs {@code xz -d -c -q} too); the JDK has neither format, and a Java
 * decoder would mean three more jars on every command's class path (commons-compress needs commons-io) for a
 * rare ADD. Nothing is loaded or started until such an archive is met. The compressed bytes are fed from a
 * thread of our own; a failure of the program (its exit status and stderr) surfaces as an {@link IOException}
 * at the end of the stream, as a truncated gzip stream would.
 */
final class HostDecompressor {
    private HostDecompressor() {
    }

    /** The decompressed stream of {@code in} ({@code format} "bzip2" or "xz"); closing it stops the program. */
    static InputStream open(InputStream in, String format) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(format, "-d", "-c", "-q").start();
        } catch (IOException e) {
            in.close();
            // Go's wording (exec.LookPath), as podman reports a missing xz
            throw new IOException("exec: \"" + format + "\": executable file not found in $PATH", e);
        }
        Thread feeder = new Thread(() -> {
            try (in; OutputStream to = p.getOutputStream()) {
                in.transferTo(to);
            } catch (IOException e) {
                // the program stopped reading (it failed, or the reader closed early): its status tells
            }
        }, "peapod-" + format + "-feed");
        feeder.setDaemon(true);
        feeder.start();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream e = p.getErrorStream()) {
                e.transferTo(errors);
            } catch (IOException ignored) {
                // nothing more to say
            }
        }, "peapod-" + format + "-stderr");
        drain.setDaemon(true);
        drain.start();
        return new FilterInputStream(p.getInputStream()) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    check();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    check();
                }
                return n;
            }

            /** At the end of the output: the program's exit status, as containers/storage's cmdStream reports it. */
            private void check() throws IOException {
                if (checked) {
                    return;
                }
                checked = true;
                try {
                    int code = p.waitFor();
                    drain.join();
                    if (code != 0) {
                        throw new IOException("exit status " + code + ": "
                                + errors.toString(StandardCharsets.UTF_8).strip());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException(format + " interrupted");
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    p.destroy();
                }
            }
        };
    }
}
