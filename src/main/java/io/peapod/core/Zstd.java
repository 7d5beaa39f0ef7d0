package io.peapod.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * zstd streams through zstd-jni. Only this class names the library, and only code that met a zstd
 * stream (or was asked for one) calls it, so other commands never load it or its native code.
 * The build extracts the native library with libpeapod ({@code target/native}); without it
 * zstd-jni extracts its own copy to a temp directory on first use.
 */
final class Zstd {
    private Zstd() {}

    static {
        String dir = System.getProperty("peapod.native.dir");
        if (dir != null && System.getProperty("ZstdNativePath") == null) {
            try (var files = Files.newDirectoryStream(Path.of(dir), "libzstd-jni-*.so")) {
                for (Path p : files) {
                    System.setProperty("ZstdNativePath", p.toString());
                    break;
                }
            } catch (IOException | RuntimeException ignored) {
                // zstd-jni finds its library itself
            }
        }
    }

    static InputStream decompressing(InputStream in) throws IOException {
        return new com.github.luben.zstd.ZstdInputStream(in);
    }

    static OutputStream compressing(OutputStream out) throws IOException {
        // Level 3 is zstd's default, and what containers/image uses.
        return new com.github.luben.zstd.ZstdOutputStream(out, 3);
    }
}
