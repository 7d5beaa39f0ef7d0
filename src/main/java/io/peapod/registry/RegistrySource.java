package io.peapod.registry;

import io.peapod.image.Descriptor;
import io.peapod.image.ImageException;
import io.peapod.image.ImageSource;
import io.peapod.image.Manifest;

import java.io.IOException;
import java.io.InputStream;

/**
 * An image in a registry ({@code docker://HOST/REPOSITORY:TAG} or {@code @DIGEST}) as an
 * {@link ImageSource}: the manifest or index as the registry sends it (exact bytes, checked against
 * the digest when asked for by digest), instances by digest, and blobs as streams that deliver bytes
 * while they download ({@link BlobStream}), so several layers unpack while they arrive. The client
 * verifies each blob too and resumes broken transfers; a download error surfaces from the stream as
 * an {@link IOException} whose message is the client's (podman's) wording, see {@link #registryError}.
 *
 * <p>The source owns the client: closing the source closes it.
 */
public final class RegistrySource implements ImageSource {
    private final RegistryClient client;
    private final String repository;
    private final String reference;
    private final String describe;
    private Manifest top;

    /**
     * @param repository the repository path within the registry ({@code library/alpine})
     * @param reference  a tag or a digest
     * @param describe   the reference for messages ({@code docker://HOST/REPO:TAG})
     */
    public RegistrySource(RegistryClient client, String repository, String reference, String describe) {
        this.client = client;
        this.repository = repository;
        this.reference = reference;
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    public RegistryClient client() {
        return client;
    }

    /** The repository path within the registry the blobs are read from (a mirror's, when one served the image). */
    public String repository() {
        return repository;
    }

    @Override
    public Manifest manifest() {
        if (top == null) {
            top = parse(client.manifest(repository, reference));
        }
        return top;
    }

    @Override
    public Manifest instance(Descriptor instance) {
        return parse(client.manifest(repository, instance.digest()));
    }

    private static Manifest parse(io.peapod.registry.Manifest m) {
        try {
            return Manifest.parse(m.bytes(), m.mediaType());
        } catch (ImageException | IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Kind.INVALID, "parsing manifest " + m.digest() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream blob(Descriptor d) {
        return BlobStream.start(client, repository, d.digest(), d.size());
    }

    @Override
    public boolean concurrentBlobs() {
        return true;
    }

    /** The registry error behind an exception a blob stream threw, or null when it came from elsewhere. */
    public static RegistryException registryError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BlobStream.Failure f) {
                return f.error();
            }
            if (c instanceof RegistryException r) {
                return r;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
