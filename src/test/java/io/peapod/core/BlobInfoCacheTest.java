package io.peapod.core;

import io.peapod.image.Descriptor;
import io.peapod.image.MediaTypes;
import io.peapod.registry.RegistryDestination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BlobInfoCacheTest {
    private static final String BLOB = "sha256:" + "a".repeat(64);
    private static final String DIFF = "sha256:" + "b".repeat(64);

    @Test
    void locationsArePerRegistryNewestFirstWithoutDuplicates(@TempDir Path root) {
        BlobInfoCache cache = new BlobInfoCache(root);
        assertThat(cache.repositoriesWith("r.example:5000", BLOB)).isEmpty();
        cache.recordLocation("r.example:5000", "lib/one", BLOB);
        cache.recordLocation("other.example", "lib/one", BLOB);
        cache.recordLocation("r.example:5000", "lib/two", BLOB);
        cache.recordLocation("r.example:5000", "lib/one", BLOB);
        assertThat(cache.repositoriesWith("r.example:5000", BLOB)).containsExactly("lib/one", "lib/two");
        assertThat(cache.repositoriesWith("other.example", BLOB)).containsExactly("lib/one");
        // as the registry destination sees it
        RegistryDestination.BlobLocations on = cache.locationsOn("other.example");
        on.record(BLOB, "ns/three");
        assertThat(on.repositoriesWith(BLOB)).containsExactly("ns/three", "lib/one");
    }

    @Test
    void aBoundedListAndDamagedFilesAreOnlyHints(@TempDir Path root) throws Exception {
        BlobInfoCache cache = new BlobInfoCache(root);
        for (int i = 0; i < 40; i++) {
            cache.recordLocation("r", "repo" + i, BLOB);
        }
        assertThat(cache.repositoriesWith("r", BLOB)).hasSize(16).first().isEqualTo("repo39");
        cache.recordLocation("r", "has space", BLOB);   // not recordable: ignored
        assertThat(cache.repositoriesWith("r", BLOB)).doesNotContain("has space");
        Files.writeString(root.resolve("blob-info-cache").resolve("a".repeat(64) + ".locations"), "garbage\n");
        assertThat(cache.repositoriesWith("r", BLOB)).isEmpty();
    }

    @Test
    void compressedDigestsAndLocationsAreClearedTogether(@TempDir Path root) throws Exception {
        BlobInfoCache cache = new BlobInfoCache(root);
        cache.record(DIFF, MediaTypes.Compression.GZIP, new Descriptor(MediaTypes.OCI_LAYER_GZIP, BLOB, 42));
        cache.recordLocation("r", "lib/x", BLOB);
        assertThat(cache.find(DIFF, MediaTypes.Compression.GZIP, MediaTypes.OCI_LAYER_GZIP).digest()).isEqualTo(BLOB);
        assertThat(cache.find(DIFF, MediaTypes.Compression.ZSTD, MediaTypes.OCI_LAYER_ZSTD)).isNull();
        BlobInfoCache.clear(root);
        assertThat(root.resolve("blob-info-cache")).doesNotExist();
        assertThat(cache.repositoriesWith("r", BLOB)).isEmpty();
    }

    @Test
    void aPullRecordsEveryBlobsLocationAndEachCompressedLayersDiffId(@TempDir Path root) {
        BlobInfoCache cache = new BlobInfoCache(root);
        String config = "sha256:" + "c".repeat(64);
        String gz = "sha256:" + "1".repeat(64);
        String zst = "sha256:" + "2".repeat(64);
        String plain = "sha256:" + "3".repeat(64);
        String diffGz = "sha256:" + "4".repeat(64);
        String diffZst = "sha256:" + "5".repeat(64);
        io.peapod.image.Manifest m = io.peapod.image.Manifest.build(MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, config, 10),
                java.util.List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, gz, 100),
                        new Descriptor(MediaTypes.OCI_LAYER_ZSTD, zst, 200),
                        new Descriptor(MediaTypes.OCI_LAYER, plain, 300)));
        cache.recordPulled("r.example:5000", "lib/src", m, java.util.List.of(diffGz, diffZst, plain));
        for (String d : java.util.List.of(config, gz, zst, plain)) {
            assertThat(cache.repositoriesWith("r.example:5000", d)).containsExactly("lib/src");
        }
        Descriptor found = cache.find(diffGz, MediaTypes.Compression.GZIP, "application/vnd.docker.image.rootfs.diff.tar.gzip");
        assertThat(found.digest()).isEqualTo(gz);
        assertThat(found.size()).isEqualTo(100);
        assertThat(found.mediaType()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");   // as the push asks for it
        assertThat(cache.find(diffZst, MediaTypes.Compression.ZSTD, MediaTypes.OCI_LAYER_ZSTD).digest()).isEqualTo(zst);
        assertThat(cache.find(diffGz, MediaTypes.Compression.ZSTD, MediaTypes.OCI_LAYER_ZSTD)).isNull();
        // an uncompressed layer maps to nothing: push compresses it anyway
        assertThat(cache.find(plain, MediaTypes.Compression.GZIP, MediaTypes.OCI_LAYER_GZIP)).isNull();
        assertThat(cache.find(plain, MediaTypes.Compression.NONE, MediaTypes.OCI_LAYER)).isNull();
        // the docker media types name their compression too
        assertThat(BlobInfoCache.compressionOf("application/vnd.docker.image.rootfs.diff.tar.gzip")).isEqualTo(MediaTypes.Compression.GZIP);
        assertThat(BlobInfoCache.compressionOf(MediaTypes.DOCKER_LAYER)).isEqualTo(MediaTypes.Compression.NONE);
        // a persisted cache: another instance over the same root sees it
        assertThat(new BlobInfoCache(root).find(diffGz, MediaTypes.Compression.GZIP, MediaTypes.OCI_LAYER_GZIP).digest()).isEqualTo(gz);
    }
}
