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
}
