package io.peapod.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * zstd decompression through zstd-jni, in a class of its own so that only a zstd context or ADD source loads the
 * library; like {@code core.Zstd}, it uses the native library the build extracted into target/native.
 */
final class ZstdStreams {
    private ZstdStreams() {
    }

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
}
