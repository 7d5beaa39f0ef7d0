package io.peapod.registry;

import io.peapod.image.BytePipe;
import io.peapod.image.Descriptor;
import io.peapod.image.ImageDestination;
import io.peapod.image.Manifest;
import io.peapod.image.MediaTypes;
import io.peapod.image.SavedImage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A repository of a registry as an image destination ({@code docker://HOST/REPO:TAG}), as
 * containers/image's docker destination: blobs the repository already has (HEAD) are not sent,
 * blobs another repository of the same registry is known to hold are mounted (no transfer), the
 * rest are uploaded; the manifest is put, under the tag or digest, only on {@link #commit}, so a
 * push that fails before leaves no tag behind (blobs already uploaded stay: they are unreferenced
 * and the registry's garbage collection removes them).
 *
 * <p>The registry is contacted lazily, on the first question: podman reports a registry that
 * cannot be reached while it tries to reuse the first layer, after the first progress line.
 */
public final class RegistryDestination implements ImageDestination {
    /** Blobs up to this size go in one PUT; larger ones in one streamed PATCH and a closing PUT, as podman does. */
    static final long MONOLITHIC_LIMIT = 4L << 20;

    /**
     * Where blobs were seen on this registry (containers/image's blob info cache, scoped to one
     * registry): repositories to mount from, and a place to record where blobs now are.
     */
    public interface BlobLocations {
        /** Repositories of this registry known to hold {@code digest}, most recent first. */
        List<String> repositoriesWith(String digest);

        /** {@code repository} of this registry now holds {@code digest}. */
        void record(String digest, String repository);
    }

    private final Supplier<RegistryClient> connect;
    private final String repository;
    private final String reference;
    private final String describe;
    private final BlobLocations locations;
    private final Path tempDir;
    private RegistryClient client;
    private Manifest manifest;

    /**
     * @param connect    opens the client (pinging the registry); called once, on first use
     * @param repository the repository path, without the registry
     * @param reference  the tag or digest the manifest is stored under
     * @param describe   {@code docker://HOST/REPO:TAG}
     * @param tempDir    where blobs handed over as a stream are spooled, so an upload can be retried
     */
    public RegistryDestination(Supplier<RegistryClient> connect, String repository, String reference, String describe,
                               BlobLocations locations, Path tempDir) {
        this.connect = connect;
        this.repository = repository;
        this.reference = reference;
        this.describe = describe;
        this.locations = locations;
        this.tempDir = tempDir;
    }

    private RegistryClient client() {
        if (client == null) {
            client = connect.get();
        }
        return client;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.COMPRESS;
    }

    @Override
    public boolean supportsManifestType(String mediaType) {
        return MediaTypes.DOCKER_MANIFEST.equals(mediaType) || MediaTypes.OCI_MANIFEST.equals(mediaType);
    }

    /**
     * Whether the repository has the blob, or now has it because another repository of the registry
     * that is known to hold it lent it (a cross-repository mount). A mount the registry refuses is
     * not an error: the blob is then uploaded.
     */
    @Override
    public boolean hasBlob(Descriptor d) {
        RegistryClient c = client();
        if (c.hasBlob(repository, d.digest())) {
            locations.record(d.digest(), repository);
            return true;
        }
        for (String from : locations.repositoriesWith(d.digest())) {
            if (from.equals(repository)) {
                continue;
            }
            try {
                if (c.mount(repository, d.digest(), from)) {
                    locations.record(d.digest(), repository);
                    return true;
                }
            } catch (RegistryException e) {
                // containers/image: "Error mounting, will try other candidates"
                continue;
            }
        }
        return false;
    }

    @Override
    public void putBlob(Descriptor d, SavedImage.Content content) throws IOException {
        if (d.size() >= 0 && d.size() <= MONOLITHIC_LIMIT) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream((int) d.size());
            content.writeTo(buf);
            upload(d, BlobSource.of(buf.toByteArray()));
            return;
        }
        Files.createDirectories(tempDir);
        Path tmp = Files.createTempFile(tempDir, "peapod-upload-", ".blob");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            putBlob(d, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Uploads a blob whose digest is not known before it is written (a layer being compressed), so
     * compressing and sending overlap: {@code content} runs on a thread of its own and its bytes go
     * both to the registry (one streamed PATCH) and to a spool file; the digest and size of what it
     * wrote close the upload. When the upload fails on the way (a dropped connection), the blob is sent
     * again from the spool file with the client's retries. A failure of {@code content} itself is
     * thrown as it is, and the upload it cut short stays an unfinished session the registry forgets.
     */
    public Descriptor putStreamed(String mediaType, SavedImage.Content content) throws IOException {
        Files.createDirectories(tempDir);
        Path spool = Files.createTempFile(tempDir, "peapod-upload-", ".blob");
        BytePipe pipe = new BytePipe();
        SpoolWriter writer = new SpoolWriter(mediaType, content, spool, pipe);
        Thread thread = Thread.ofPlatform().daemon().name("peapod-blob-writer").start(writer);
        try {
            try {
                client().uploadStream(repository, pipe.source, () -> writer.result().digest());
            } catch (RegistryException e) {
                pipe.abandon();
                if (!writer.failed() && e.kind() != RegistryException.Kind.TRANSPORT) {
                    throw e;
                }
                Descriptor d = writer.result();   // the writer's own failure comes first
                upload(d, BlobSource.of(spool));
                return d;
            }
            Descriptor d = writer.result();
            locations.record(d.digest(), repository);
            return d;
        } catch (SpoolWriter.WriteFailure e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e.getCause());
        } finally {
            pipe.abandon();
            writer.cancel();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(spool);
        }
    }

    /** Uploads straight from {@code file}, which an upload retry reads again from the start. */
    @Override
    public void putBlob(Descriptor d, Path file) {
        upload(d, BlobSource.of(file));
    }

    private void upload(Descriptor d, BlobSource source) {
        client().upload(repository, d.digest(), d.size(), source,
                d.size() > MONOLITHIC_LIMIT ? RegistryClient.STREAMED : 0);
        locations.record(d.digest(), repository);
    }

    /** Keeps the manifest; it is put on {@link #commit}, when every blob it names has landed. */
    @Override
    public void putManifest(Manifest m) {
        this.manifest = m;
    }

    /**
     * One image of a list: put under its digest at once (a registry keeps it untagged, and the list,
     * put on {@link #commit}, is what names it).
     */
    @Override
    public void putInstanceManifest(Manifest m) {
        client().putManifest(repository, m.digest(), m.mediaType(), m.raw());
    }

    /** Puts the manifest under the tag (or digest); from then on the image can be pulled. */
    @Override
    public void commit() {
        if (manifest == null) {
            throw new IllegalStateException("commit without a manifest");
        }
        client().putManifest(repository, reference, manifest.mediaType(), manifest.raw());
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
