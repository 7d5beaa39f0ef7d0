package io.peapod.registry;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against Debian's real docker-registry on 127.0.0.1, in each authentication and TLS mode. */
class RegistryClientIT {
    private static final Credentials GOOD = new Credentials(RegistryServer.USER, RegistryServer.PASSWORD);

    private static RegistryOptions options() {
        return RegistryOptions.defaults().withCertsDirRoots(List.of()).withRetries(2, Duration.ofMillis(50));
    }

    /** Push with the client, then read everything back: manifests by tag and digest, HEADs, blobs, tags, mounts. */
    private static void roundTrip(RegistryClient client, Path serverDir) throws Exception {
        Path scratch = Files.createTempDirectory(serverDir, "scratch");
        TestImages image = TestImages.oci(300_000, 1);
        assertThat(client.hasBlob("lib/app", image.layerDigest())).isFalse();
        image.push(client, "lib/app", "v1", 64 * 1024);   // the layer in five PATCH chunks
        client.putManifest("lib/app", "v2", image.mediaType(), image.manifest());

        Manifest byTag = client.manifest("lib/app", "v1");
        assertThat(byTag.mediaType()).isEqualTo(Manifest.OCI_MANIFEST);
        assertThat(byTag.bytes()).isEqualTo(image.manifest());
        assertThat(byTag.digest()).isEqualTo(image.manifestDigest());
        assertThat(client.manifest("lib/app", image.manifestDigest()).bytes()).isEqualTo(image.manifest());

        Optional<Descriptor> head = client.headManifest("lib/app", "v1");
        assertThat(head).get().extracting(Descriptor::digest).isEqualTo(image.manifestDigest());
        assertThat(head.get().size()).isEqualTo(image.manifest().length);
        assertThat(client.headManifest("lib/app", "nope")).isEmpty();

        assertThat(client.hasBlob("lib/app", image.layerDigest())).isTrue();
        Path file = scratch.resolve("layer");
        client.blob("lib/app", image.layerDigest(), image.layer().length, new FileBlobSink(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(image.layer());
        try (var left = Files.list(scratch)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("layer");
        }

        assertThat(client.tags("lib/app")).containsExactlyInAnyOrder("v1", "v2");

        // A Docker schema 2 image pushed in one PUT per blob.
        TestImages docker = TestImages.docker(10_000, 2);
        docker.push(client, "lib/other", "latest", 0);
        Manifest d = client.manifest("lib/other", "latest");
        assertThat(d.mediaType()).isEqualTo(Manifest.DOCKER_V2S2);
        assertThat(d.bytes()).isEqualTo(docker.manifest());

        // Mounting: the layer of lib/app appears in lib/copy without an upload.
        assertThat(client.hasBlob("lib/copy", image.layerDigest())).isFalse();
        assertThat(client.mount("lib/copy", image.layerDigest(), "lib/app")).isTrue();
        assertThat(client.hasBlob("lib/copy", image.layerDigest())).isTrue();
        // A blob the source repository does not have is not mounted: the caller uploads it.
        assertThat(client.mount("lib/copy", docker.layerDigest(), "lib/app")).isFalse();

        assertThatThrownBy(() -> client.manifest("lib/app", "missing"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("reading manifest missing in " + client.registry() + "/lib/app: manifest unknown: manifest unknown")
                .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.NOT_FOUND);
    }

    @Test
    void anonymousPlainHttp() throws Exception {
        try (RegistryServer server = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
             RegistryClient client = RegistryClient.open(server.host(), options().withInsecure(true))) {
            assertThat(client.scheme()).isEqualTo("http");
            client.checkAuth();
            roundTrip(client, server.dir());
            assertThat(client.catalog()).contains("lib/app", "lib/other", "lib/copy");
        }
    }

    @Test
    void plainHttpIsRefusedUnlessTheRegistryIsInsecure() throws Exception {
        try (RegistryServer server = RegistryServer.start(RegistryServer.Mode.ANONYMOUS)) {
            assertThatThrownBy(() -> RegistryClient.open(server.host(), options()))
                    .hasMessage("pinging container registry " + server.host() + ": Get \"https://" + server.host()
                            + "/v2/\": http: server gave HTTP response to HTTPS client");
        }
    }

    @Test
    void refusedConnectionIsNamedAsPodmanNamesIt() throws Exception {
        int port = RegistryServer.freePort();
        assertThatThrownBy(() -> RegistryClient.open("127.0.0.1:" + port, options().withInsecure(true)))
                .hasMessage("pinging container registry 127.0.0.1:" + port + ": Get \"http://127.0.0.1:" + port
                        + "/v2/\": dial tcp 127.0.0.1:" + port + ": connect: connection refused");
    }

    @Test
    void tagsAndCatalogFollowPagination() throws Exception {
        try (RegistryServer server = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
             RegistryClient client = RegistryClient.open(server.host(), options().withInsecure(true))) {
            TestImages image = TestImages.oci(100, 3);
            image.push(client, "many", "t0", 0);
            List<String> expected = new ArrayList<>(List.of("t0"));
            for (int i = 1; i < 7; i++) {
                client.putManifest("many", "t" + i, image.mediaType(), image.manifest());
                expected.add("t" + i);
            }
            // The registry pages only when asked (?n=); the Link header then leads to the next page.
            assertThat(client.tags("many")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(RegistryClient.nextLink(List.of("</v2/many/tags/list?last=t1&n=2>; rel=\"next\"")))
                    .isEqualTo("/v2/many/tags/list?last=t1&n=2");
        }
    }

    @Test
    void basicAuth() throws Exception {
        try (RegistryServer server = RegistryServer.start(RegistryServer.Mode.BASIC)) {
            try (RegistryClient client = RegistryClient.open(server.host(), options().withInsecure(true).withCredentials(GOOD))) {
                client.checkAuth();
                roundTrip(client, server.dir());
            }
            try (RegistryClient wrong = RegistryClient.open(server.host(),
                    options().withInsecure(true).withCredentials(new Credentials(RegistryServer.USER, "wrong")))) {
                assertThatThrownBy(wrong::checkAuth).isInstanceOf(RegistryException.class)
                        .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.UNAUTHORIZED);
            }
            try (RegistryClient anonymous = RegistryClient.open(server.host(), options().withInsecure(true))) {
                assertThatThrownBy(() -> anonymous.manifest("lib/app", "v1"))
                        .hasMessage("reading manifest v1 in " + server.host() + "/lib/app: unauthorized: authentication required");
            }
        }
    }

    @Test
    void tlsWithTheCaInCertsD() throws Exception {
        try (RegistryServer server = RegistryServer.start(RegistryServer.Mode.TLS)) {
            RegistryOptions viaCertsD = options().withCertsDirRoots(List.of(server.dir().resolve("nowhere"), server.certsDirRoot()));
            assertThat(TlsSetup.certificateDirectory(server.host(), viaCertsD))
                    .isEqualTo(server.certsDirRoot().resolve(server.host()));
            try (RegistryClient client = RegistryClient.open(server.host(), viaCertsD)) {
                assertThat(client.scheme()).isEqualTo("https");
                roundTrip(client, server.dir());
            }
            // --cert-dir: the directory itself holds ca.crt.
            try (RegistryClient client = RegistryClient.open(server.host(),
                    options().withCertDir(server.certsDirRoot().resolve(server.host())))) {
                assertThat(client.tags("lib/app")).contains("v1");
            }
            // Without the CA the certificate is refused, in Go's words.
            assertThatThrownBy(() -> RegistryClient.open(server.host(), options()))
                    .hasMessage("pinging container registry " + server.host() + ": Get \"https://" + server.host()
                            + "/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
            // tls-verify=false: HTTPS without verification (no fallback to HTTP needed).
            try (RegistryClient client = RegistryClient.open(server.host(), options().withInsecure(true))) {
                assertThat(client.scheme()).isEqualTo("https");
                assertThat(client.tags("lib/app")).contains("v1");
            }
        }
    }

    @Test
    void bearerTokensFromALocalIssuer() throws Exception {
        try (RegistryServer server = RegistryServer.start(RegistryServer.Mode.TOKEN)) {
            TokenIssuer issuer = server.issuer();
            try (RegistryClient client = RegistryClient.open(server.host(), options().withInsecure(true).withCredentials(GOOD))) {
                client.checkAuth();
                roundTrip(client, server.dir());
                int before = issuer.requests().size();
                for (int i = 0; i < 3; i++) {
                    client.manifest("lib/app", "v1");
                }
                // One token for repository:lib/app:pull, then the cache.
                assertThat(issuer.requests().size() - before).isLessThanOrEqualTo(1);
                assertThat(issuer.requests()).allMatch(r -> r.user().equals(RegistryServer.USER));
                assertThat(issuer.requests()).anyMatch(r -> r.scopes().containsAll(
                        List.of("repository:lib/copy:pull,push", "repository:lib/app:pull")));
            }
            // No credentials: an anonymous token, which this issuer grants pull with but not push.
            try (RegistryClient anonymous = RegistryClient.open(server.host(), options().withInsecure(true))) {
                assertThat(anonymous.manifest("lib/app", "v1").mediaType()).isEqualTo(Manifest.OCI_MANIFEST);
                assertThat(issuer.requests().getLast().user()).isEmpty();
                TestImages image = TestImages.oci(50, 9);
                assertThatThrownBy(() -> anonymous.upload("lib/app", image.layerDigest(), image.layer().length,
                        BlobSource.of(image.layer()), 0))
                        .hasMessageStartingWith("initiating layer upload to /v2/lib/app/blobs/uploads/ in " + server.host() + ": ")
                        .hasMessageContaining("unauthorized");
            }
            try (RegistryClient wrong = RegistryClient.open(server.host(),
                    options().withInsecure(true).withCredentials(new Credentials(RegistryServer.USER, "wrong")))) {
                assertThatThrownBy(wrong::checkAuth)
                        .hasMessageStartingWith("unable to retrieve auth token: invalid username/password: ")
                        .hasMessageNotContaining("wrong")
                        .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.UNAUTHORIZED);
            }
        }
    }

    @Test
    void clientCertificateFromCertsD() throws Exception {
        try (RegistryServer server = RegistryServer.start(RegistryServer.Mode.MUTUAL_TLS)) {
            Path hostDir = server.certsDirRoot().resolve(server.host());
            try (RegistryClient client = RegistryClient.open(server.host(), options().withCertDir(hostDir))) {
                TestImages image = TestImages.oci(1000, 4);
                image.push(client, "lib/mtls", "v1", 0);
                assertThat(client.manifest("lib/mtls", "v1").bytes()).isEqualTo(image.manifest());
            }
            // Without the client certificate the registry ends the handshake.
            Path caOnly = Files.createDirectories(server.dir().resolve("ca-only"));
            Files.copy(hostDir.resolve("ca.crt"), caOnly.resolve("ca.crt"));
            assertThatThrownBy(() -> RegistryClient.open(server.host(), options().withCertDir(caOnly)))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("pinging container registry " + server.host() + ": Get \"https://" + server.host() + "/v2/\": ");
        }
    }
}
