package io.peapod.registry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A registry that misbehaves, through {@link FaultProxy} in front of the real one: transient
 * failures are retried and downloads resume; bad data is an error and never reaches a commit.
 */
class FaultInjectionIT {
    static RegistryServer server;
    static TestImages image;
    static java.nio.file.Path certs;

    @BeforeAll
    static void setUp() throws Exception {
        server = RegistryServer.start(RegistryServer.Mode.BASIC);
        image = TestImages.oci(200_000, 7);
        certs = java.nio.file.Files.createTempDirectory(server.dir(), "proxy-certs");
        TestCertificates.makeServerCertificate(certs);
        try (RegistryClient c = RegistryClient.open(server.host(), options())) {
            image.push(c, "lib/app", "v1", 0);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (server != null) server.close();
    }

    private static RegistryOptions options() {
        return RegistryOptions.defaults().withCertsDirRoots(List.of()).withInsecure(true)
                .withCredentials(new Credentials(RegistryServer.USER, RegistryServer.PASSWORD))
                .withRetries(2, Duration.ofMillis(20));
    }

    private static FaultProxy proxy() throws Exception {
        return new FaultProxy(server.host(), new Credentials(RegistryServer.USER, RegistryServer.PASSWORD), certs);
    }

    private static long count(FaultProxy p, String method, String pathPart) {
        return p.seen().stream().filter(s -> s.method().equals(method) && s.path().contains(pathPart)).count();
    }

    @Test
    void a500OnceThenSuccessIsRetried() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/manifests/", FaultProxy.Fault.STATUS_500, 1)
                .fail("GET", "/blobs/", FaultProxy.Fault.STATUS_500, 1);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            assertThat(c.manifest("lib/app", "v1").bytes()).isEqualTo(image.manifest());
            MemorySink sink = new MemorySink();
            c.blob("lib/app", image.layerDigest(), image.layer().length, sink);
            assertThat(sink.committed()).isEqualTo(image.layer());
            assertThat(count(p, "GET", "/manifests/v1")).isEqualTo(2);
        }
    }

    @Test
    void a500EveryTimeIsAnErrorAfterBoundedRetries() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/blobs/", FaultProxy.Fault.STATUS_500, 100);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            MemorySink sink = new MemorySink();
            assertThatThrownBy(() -> c.blob("lib/app", image.layerDigest(), image.layer().length, sink))
                    .hasMessage("reading blob " + image.layerDigest()
                            + ": Error fetching blob: invalid status code from registry 500 (Internal Server Error)");
            assertThat(sink.committed()).isNull();
            assertThat(sink.discarded).isTrue();
            // bounded: (retries + 1) attempts of the download, each with (retries + 1) sends at most
            assertThat(count(p, "GET", "/blobs/")).isBetween(3L, 9L);
        }
    }

    @Test
    void aTruncatedBlobResumesWithARangeRequest() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/blobs/", FaultProxy.Fault.TRUNCATE, 1);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            MemorySink sink = new MemorySink();
            c.blob("lib/app", image.layerDigest(), image.layer().length, sink);
            assertThat(sink.committed()).isEqualTo(image.layer());
            // The proxy sent half the blob before dropping the connection; the rest is asked for from where it stopped
            // (what arrived of that half before the drop).
            assertThat(p.seen()).anyMatch(s -> s.path().contains("/blobs/") && s.range() != null
                    && s.range().matches("bytes=\\d+-")
                    && Long.parseLong(s.range().substring(6, s.range().length() - 1)) > 0
                    && Long.parseLong(s.range().substring(6, s.range().length() - 1)) <= image.layer().length / 2);
        }
    }

    @Test
    void aBlobTruncatedEveryTimeIsNeverCommitted() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/blobs/", FaultProxy.Fault.TRUNCATE, 100);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            MemorySink sink = new MemorySink();
            assertThatThrownBy(() -> c.blob("lib/app", image.layerDigest(), image.layer().length, sink))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("reading blob " + image.layerDigest());
            assertThat(sink.committed()).isNull();
            assertThat(sink.discarded).isTrue();
        }
    }

    @Test
    void aConnectionThatGoesSilentIsAbandonedAndResumed() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/blobs/", FaultProxy.Fault.STALL, 1);
             RegistryClient c = RegistryClient.open(p.host(), options().withIdleTimeout(Duration.ofSeconds(1)))) {
            MemorySink sink = new MemorySink();
            c.blob("lib/app", image.layerDigest(), image.layer().length, sink);
            assertThat(sink.committed()).isEqualTo(image.layer());
            assertThat(p.seen()).anyMatch(s -> s.range() != null);
        }
    }

    @Test
    void aCorruptBlobFailsTheDigestCheck() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/blobs/", FaultProxy.Fault.CORRUPT, 1);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            MemorySink sink = new MemorySink();
            assertThatThrownBy(() -> c.blob("lib/app", image.layerDigest(), image.layer().length, sink))
                    .hasMessageStartingWith("reading blob " + image.layerDigest() + " from " + p.host()
                            + "/lib/app: Digest did not match, expected " + image.layerDigest() + ", got sha256:")
                    .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.INVALID);
            assertThat(sink.committed()).isNull();
            assertThat(sink.discarded).isTrue();
        }
    }

    @Test
    void aBlobOfAnotherSizeIsRefused() throws Exception {
        try (FaultProxy p = proxy(); RegistryClient c = RegistryClient.open(p.host(), options())) {
            MemorySink shorter = new MemorySink();
            assertThatThrownBy(() -> c.blob("lib/app", image.layerDigest(), image.layer().length - 1, shorter))
                    .hasMessageContaining("the registry sent more than the expected " + (image.layer().length - 1) + " bytes");
            assertThat(shorter.committed()).isNull();
            MemorySink longer = new MemorySink();
            assertThatThrownBy(() -> c.blob("lib/app", image.layerDigest(), image.layer().length + 1, longer))
                    .hasMessageContaining("the blob has " + image.layer().length + " bytes, expected " + (image.layer().length + 1));
            assertThat(longer.committed()).isNull();
        }
    }

    @Test
    void aClosedConnectionIsRetried() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/blobs/", FaultProxy.Fault.CLOSE, 1)
                .fail("GET", "/manifests/", FaultProxy.Fault.CLOSE, 1);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            assertThat(c.manifest("lib/app", "v1").bytes()).isEqualTo(image.manifest());
            MemorySink sink = new MemorySink();
            c.blob("lib/app", image.layerDigest(), image.layer().length, sink);
            assertThat(sink.committed()).isEqualTo(image.layer());
        }
    }

    @Test
    void aMissingBlobIsNamedAsPodmanNamesIt() throws Exception {
        String absent = Digests.sha256("not pushed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (FaultProxy p = proxy(); RegistryClient c = RegistryClient.open(p.host(), options())) {
            MemorySink sink = new MemorySink();
            assertThatThrownBy(() -> c.blob("lib/app", absent, 10, sink))
                    .hasMessage("reading blob " + absent + ": Error fetching blob: invalid status code from registry 404 (Not Found)")
                    .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.NOT_FOUND);
            assertThat(sink.committed()).isNull();
            assertThat(count(p, "GET", "/blobs/")).isEqualTo(1);   // a 404 is not retried
        }
    }

    @Test
    void aCorruptManifestByDigestIsRefused() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/manifests/", FaultProxy.Fault.CORRUPT, 1);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            assertThatThrownBy(() -> c.manifest("lib/app", image.manifestDigest()))
                    .hasMessageStartingWith("reading manifest " + image.manifestDigest() + " in " + p.host() + "/lib/app: ");
        }
    }

    @Test
    void redirectsToBlobStorageDoNotCarryTheRegistryCredentials() throws Exception {
        try (FaultProxy p = proxy().fail("GET", "/blobs/", FaultProxy.Fault.REDIRECT, 1);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            MemorySink sink = new MemorySink();
            c.blob("lib/app", image.layerDigest(), image.layer().length, sink);
            assertThat(sink.committed()).isEqualTo(image.layer());
            assertThat(p.seen()).anyMatch(s -> s.path().startsWith("/v2/lib/app/blobs/") && s.authorized());
            assertThat(p.seen()).filteredOn(s -> s.path().startsWith("/storage/")).hasSize(1)
                    .allMatch(s -> !s.authorized());
        }
    }

    @Test
    void anUploadAnsweredWith500OnceIsRetried() throws Exception {
        TestImages other = TestImages.oci(5_000, 8);
        try (FaultProxy p = proxy().fail("PUT", "/blobs/uploads/", FaultProxy.Fault.STATUS_500, 1);
             RegistryClient c = RegistryClient.open(p.host(), options())) {
            c.upload("lib/up", other.layerDigest(), other.layer().length, BlobSource.of(other.layer()), 0);
            assertThat(c.hasBlob("lib/up", other.layerDigest())).isTrue();
            assertThat(count(p, "PUT", "/blobs/uploads/")).isEqualTo(2);
        }
    }
}
