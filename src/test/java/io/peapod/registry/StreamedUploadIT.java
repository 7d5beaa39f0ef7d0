package io.peapod.registry;

import io.peapod.image.Descriptor;
import io.peapod.image.MediaTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RegistryDestination#putStreamed}: a blob whose digest is known only once it is written goes to
 * a real registry while it is written; a cut upload is sent again from the spool file; a failing
 * writer fails the upload with its own error; no spool file is left behind either way.
 */
class StreamedUploadIT {
    private static RegistryServer server;
    private static Path temp;

    @BeforeAll
    static void start() throws IOException {
        server = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        temp = Files.createTempDirectory("peapod-streamed-");
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        try (var s = Files.walk(temp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static RegistryDestination destination(String registryHost, String repository) {
        RegistryOptions options = RegistryOptions.defaults().withCertsDirRoots(List.of()).withInsecure(true)
                .withRetries(2, Duration.ofMillis(50));
        List<String> recorded = new ArrayList<>();
        return new RegistryDestination(() -> RegistryClient.open(registryHost, options), repository, "1",
                "docker://" + registryHost + "/" + repository + ":1", new RegistryDestination.BlobLocations() {
                    @Override
                    public List<String> repositoriesWith(String digest) {
                        return List.of();
                    }

                    @Override
                    public void record(String digest, String repo) {
                        recorded.add(digest);
                    }
                }, temp);
    }

    private static byte[] noise(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<String> spoolFiles() throws IOException {
        try (var s = Files.list(temp)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] fetch(String repository, String digest, long size) throws IOException {
        Path file = temp.resolve("fetched");
        try (RegistryClient c = RegistryClient.open(server.host(), RegistryOptions.defaults()
                .withCertsDirRoots(List.of()).withInsecure(true))) {
            c.blob(repository, digest, size, new FileBlobSink(file));
        }
        try {
            return Files.readAllBytes(file);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theBlobArrivesWithTheDigestOfWhatWasWritten() throws Exception {
        byte[] data = noise(5 << 20);
        Descriptor d;
        try (RegistryDestination dest = destination(server.host(), "streamed/ok")) {
            d = dest.putStreamed(MediaTypes.OCI_LAYER_GZIP, out -> {
                for (int off = 0; off < data.length; off += 100_000) {   // written in pieces, as a compressor does
                    out.write(data, off, Math.min(100_000, data.length - off));
                }
            });
            assertThat(dest.hasBlob(d)).isTrue();
        }
        assertThat(d.digest()).isEqualTo(sha256(data));
        assertThat(d.size()).isEqualTo(data.length);
        assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
        assertThat(fetch("streamed/ok", d.digest(), d.size())).isEqualTo(data);
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aCutUploadIsSentAgainFromTheSpoolFile() throws Exception {
        byte[] data = noise(3 << 20);
        Path proxyDir = Files.createTempDirectory("peapod-streamed-proxy-");
        try (FaultProxy proxy = FaultProxy.start(server.host(), proxyDir)) {
            proxy.fail("PATCH", "/v2/streamed/cut/blobs/uploads/", FaultProxy.Fault.CLOSE, 1);
            int[] writes = {0};
            Descriptor d;
            try (RegistryDestination dest = destination(proxy.host(), "streamed/cut")) {
                d = dest.putStreamed(MediaTypes.OCI_LAYER_GZIP, out -> {
                    writes[0]++;
                    out.write(data);
                });
            }
            assertThat(writes[0]).as("the content is written once").isEqualTo(1);
            // the cut PATCH, then a new session for the spooled copy (3 MiB: one PUT)
            assertThat(proxy.seen().stream().filter(s -> s.method().equals("POST")).count()).isEqualTo(2);
            assertThat(fetch("streamed/cut", d.digest(), d.size())).isEqualTo(data);
        }
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aWriterThatFailsFailsTheUploadWithItsOwnError() throws Exception {
        try (RegistryDestination dest = destination(server.host(), "streamed/broken")) {
            assertThatThrownBy(() -> dest.putStreamed(MediaTypes.OCI_LAYER_GZIP, out -> {
                out.write(noise(1 << 20));
                throw new IOException("layer sha256:abc no longer matches its digest");
            })).isInstanceOf(IOException.class).hasMessage("layer sha256:abc no longer matches its digest");
        }
        try (RegistryClient c = RegistryClient.open(server.host(), RegistryOptions.defaults()
                .withCertsDirRoots(List.of()).withInsecure(true))) {
            assertThat(c.tags("streamed/broken")).isEmpty();
        } catch (RegistryException e) {
            assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND);   // no such repository: nothing landed
        }
        assertThat(spoolFiles()).isEmpty();
    }
}
