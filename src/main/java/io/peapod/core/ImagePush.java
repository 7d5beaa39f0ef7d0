package io.peapod.core;

import io.peapod.config.RegistriesConf;
import io.peapod.config.RegistriesConfException;
import io.peapod.core.registries.RegistriesPolicy;
import io.peapod.engine.EngineException;
import io.peapod.engine.EngineOptions;
import io.peapod.engine.PushOptions;
import io.peapod.engine.RegistryFlags;
import io.peapod.image.Descriptor;
import io.peapod.image.ImageDestination;
import io.peapod.image.ImageException;
import io.peapod.image.ImageReference;
import io.peapod.image.ImageTransports;
import io.peapod.image.Manifest;
import io.peapod.image.MediaTypes;
import io.peapod.image.ReferenceException;
import io.peapod.image.TransportReference;
import io.peapod.registry.RegistryClient;
import io.peapod.registry.RegistryDestination;
import io.peapod.registry.RegistryException;
import io.peapod.registry.RegistryOptions;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Push: a stored image to an {@link ImageDestination}. Layers leave the store as their exact tar
 * (checked against the diff id on the way, see {@code LayerStore.writeTar}); when the destination
 * wants them compressed, a registry gets each while it is compressed (the digest closes the upload);
 * other destinations get it compressed into a temp file first, as a layout names the file by its digest. The
 * manifest is converted to the asked-for type (config and layer media types with it) and written only
 * after every blob landed; the destination makes the image visible on commit.
 *
 * <p>To a registry ({@code docker://}, or any name without a transport), containers/image's order is
 * kept: the layer's own digest is asked for first, then the compressed blob the blob info cache knows
 * for it (which the registry may mount from another of its repositories), and only then is the layer
 * compressed and uploaded; errors carry containers/image's context ({@code trying to reuse blob ...
 * at destination}, {@code writing blob}, {@code writing manifest}).
 */
final class ImagePush {
    /** libimage's retries of a whole copy after a network failure, and its fixed delay between them. */
    static final int COPY_RETRIES = 3;
    private static final long RETRY_DELAY_MS = 1000;

    private final Store store;
    private final ImageService service;
    private final ImageStore images;
    private final BlobInfoCache cache;
    private final EngineOptions engineOptions;
    private final PrintStream err;

    /** {@code err}: where logrus-style warnings and debug lines go (stderr). */
    ImagePush(Store store, ImageService service, EngineOptions engineOptions, PrintStream err) {
        this.store = store;
        this.service = service;
        this.images = new ImageStore(store);
        this.cache = new BlobInfoCache(store.graphRoot());
        this.engineOptions = engineOptions;
        this.err = err;
    }

    String push(PushOptions o, CopyProgress progress) throws IOException {
        String format = o.format() == null ? "" : o.format();
        String requestedType = switch (format) {
            case "" -> null;
            case "oci" -> MediaTypes.OCI_MANIFEST;
            case "v2s2", "docker" -> MediaTypes.DOCKER_MANIFEST;
            case "v2s1" -> throw new EngineException("pushing docker schema 1 manifests (--format v2s1) is not supported");
            default -> throw new EngineException("unknown format \"" + format
                    + "\". Choose on of the supported formats: 'oci', 'v2s1', or 'v2s2'");
        };
        String compressionName = o.compressionFormat() == null ? "" : o.compressionFormat();
        MediaTypes.Compression asked = switch (compressionName) {
            case "" -> null;
            case "gzip" -> MediaTypes.Compression.GZIP;
            case "zstd" -> MediaTypes.Compression.ZSTD;
            default -> throw new EngineException("unsupported compression format " + compressionName);
        };
        if (!o.registry().authFile().isEmpty() && !Files.exists(Path.of(o.registry().authFile()))) {
            // podman checks --authfile first, whatever the destination
            throw new EngineException("stat " + o.registry().authFile() + ": no such file or directory");
        }
        ImageRow img = ImageLookup.find(o.image(), service.rows());
        TransportReference ref = destinationOf(o.destination());
        if (ref.transport() == TransportReference.Transport.CONTAINERS_STORAGE) {
            service.tag(img.id(), List.of(ref.path()));
            writeDigestFile(o, img.digest());
            return img.digest();
        }
        if (ref.transport() == TransportReference.Transport.DOCKER) {
            return pushToRegistry(o, img, ImageReference.normalizeDockerHub(ref.path()), requestedType, asked, progress);
        }
        String localName = img.names().isEmpty() ? null : ImageLookup.nameMatching(o.image(), img);
        try (ImageDestination destination = ImageTransports.openDestination(ref, localName)) {
            return copy(o, img, ref.toString(), destination, requestedType, asked, progress);
        } catch (ImageException e) {
            throw new EngineException(e.getMessage());
        }
    }

    /**
     * As libimage: a destination with a known transport is that transport's; anything else names a
     * registry ({@code docker://} is implied), and when it is not a valid name either, the transport
     * parser's error is the one shown.
     */
    static TransportReference destinationOf(String dest) {
        if (TransportReference.hasTransport(dest)) {
            return TransportReference.parse(dest);
        }
        try {
            ImageReference.parse(dest);
        } catch (ReferenceException e) {
            TransportReference.parse(dest);   // throws: no transport, or an unknown one
            throw new EngineException(e.getMessage());
        }
        return TransportReference.parse("docker://" + dest);
    }

    /**
     * A push to a registry: registries.conf's {@code blocked} refuses it before anything is read, its
     * {@code insecure} (unless {@code --tls-verify} says otherwise) allows plain HTTP and unverified
     * TLS; credentials from {@code --creds} or the auth files. As libimage, a copy that fails on the
     * network (a refused or dropped connection) is tried again, up to {@link #COPY_RETRIES} times, a
     * warning before each attempt.
     */
    private String pushToRegistry(PushOptions o, ImageRow img, ImageReference named, String requestedType,
                                  MediaTypes.Compression asked, CopyProgress progress) throws IOException {
        String describe = "docker://" + named;
        if (named.hasDigest() && !named.digest().equals(img.digest())) {
            // containers/image: a digested destination takes the source's manifest unchanged, or nothing
            throw new EngineException("Digest of source image's manifest would not match destination reference");
        }
        for (int attempt = 1; ; attempt++) {
            try (RegistryDestination destination = openRegistry(named, o.registry())) {
                return copy(o, img, describe, destination, requestedType, asked, progress);
            } catch (RegistryException e) {
                if (attempt > COPY_RETRIES || !isRetryable(e)) {
                    throw new EngineException(e.getMessage());
                }
                warn("Failed, retrying in 1s ... (" + attempt + "/" + COPY_RETRIES + "). Error: " + e.getMessage());
                sleep(RETRY_DELAY_MS);
            } catch (ImageException e) {
                throw new EngineException(e.getMessage());
            }
        }
    }

    /**
     * The registry destination for {@code named} (a tag or digest reference): registries.conf's
     * {@code blocked} refuses it before anything is sent, its {@code insecure} (unless
     * {@code --tls-verify} says otherwise) allows plain HTTP and unverified TLS; credentials from
     * {@code --creds} or the auth files. The registry is contacted on first use.
     */
    RegistryDestination openRegistry(ImageReference named, RegistryFlags flags) throws IOException {
        String describe = "docker://" + named;
        RegistriesConf conf;
        try {
            conf = RegistriesPolicy.loadConf(System.getenv(), isRoot());
        } catch (RegistriesConfException e) {
            throw new EngineException(e.getMessage());
        }
        RegistriesConf.Access access = new RegistriesPolicy(conf).registryFor(named.name());
        if (access.blocked()) {
            throw new EngineException("initializing destination " + describe + ": " + access.blockedError());
        }
        RegistryOptions options = RegistryAccess.forProcess(engineOptions, flags, err).options(named.name(), access.insecure());
        String reference = named.hasDigest() ? named.digest() : named.tag();
        return new RegistryDestination(() -> RegistryClient.open(named.domain(), options), named.path(), reference,
                describe, cache.locationsOn(named.domain()), tempDir());
    }

    /**
     * c/common's retry.isRetryable, for what reaches here: a connection refused, reset or cut short;
     * never an unknown host, a TLS failure or an answer of the registry (401, 404, a bad digest).
     */
    static boolean isRetryable(RegistryException e) {
        if (e.kind() != RegistryException.Kind.TRANSPORT) {
            return false;
        }
        if (!(e.getCause() instanceof java.io.IOException)) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof javax.net.ssl.SSLException) {
                return false;
            }
        }
        return true;
    }

    /** Copies the image to {@code destination}; returns the manifest digest. */
    private String copy(PushOptions o, ImageRow img, String describe, ImageDestination destination, String requestedType,
                        MediaTypes.Compression asked, CopyProgress progress) throws IOException {
        String manifestType = manifestType(requestedType, img, destination);
        MediaTypes.Compression compression = switch (destination.layerCompression()) {
            case DECOMPRESS -> MediaTypes.Compression.NONE;
            case COMPRESS -> asked == null ? MediaTypes.Compression.GZIP : asked;
            // dir: keeps what the store has (uncompressed) unless --compress asks otherwise, as podman
            case PRESERVE -> !o.compress() ? MediaTypes.Compression.NONE : asked == null ? MediaTypes.Compression.GZIP : asked;
        };
        List<LayerRow> layerRows = images.layers(img);
        boolean zstdInDocker = compression == MediaTypes.Compression.ZSTD && MediaTypes.isDocker(manifestType);
        if (zstdInDocker && layerRows.isEmpty()) {
            MediaTypes.layerType(manifestType, compression);   // throws
        }
        progress.start();
        if (zstdInDocker) {
            // podman finds out when it writes the manifest, naming the first compressed layer; Peapod
            // compresses that one layer to name it too, but sends nothing.
            progress.blobStarting(layerRows.getFirst().diffId());
            throw new EngineException("creating an updated image manifest: preparing updated manifest, layer \""
                    + compressedDigest(layerRows.getFirst(), compression) + "\": zstd compression is not supported for type \""
                    + MediaTypes.DOCKER_LAYER + "\"");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (LayerRow layer : layerRows) {
            layers.add(pushLayer(layer, manifestType, compression, destination, progress));
        }
        Descriptor config = new Descriptor(MediaTypes.configType(manifestType), "sha256:" + img.id(), img.config().length);
        progress.config(config.digest());
        try {
            if (!destination.hasBlob(config)) {
                destination.putBlob(config, out -> out.write(img.config()));
            }
        } catch (RegistryException e) {
            throw context("writing blob", e);
        }
        // an OCI image's manifest annotations (a build's --annotation) go along, as containers/image keeps them
        Manifest manifest = Manifest.build(manifestType, config, layers, Manifest.annotationsOf(img.manifest()));
        progress.finish();
        try {
            destination.putManifest(manifest);
            destination.commit();
        } catch (RegistryException e) {
            throw context("writing manifest", e);
        }
        writeDigestFile(o, manifest.digest());
        new Events(store.options().runRoot()).image("push", img.id(), describe);
        return manifest.digest();
    }

    /** The asked-for type; else the image's own when the destination takes it; else the one it takes. */
    private static String manifestType(String requested, ImageRow img, ImageDestination destination) {
        if (requested != null) {
            if (destination.supportsManifestType(requested)) {
                return requested;
            }
            if (destination.supportsManifestType(MediaTypes.DOCKER_MANIFEST)) {
                // docker-archive: containers/image's wording when it is handed an OCI manifest
                throw new EngineException("writing manifest: Unsupported manifest type, need a Docker schema 2 manifest");
            }
            return MediaTypes.OCI_MANIFEST;   // an OCI layout converts, as podman does
        }
        String own = MediaTypes.DOCKER_MANIFEST.equals(img.manifestType()) ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        if (destination.supportsManifestType(own)) {
            return own;
        }
        return own.equals(MediaTypes.OCI_MANIFEST) ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
    }

    /**
     * One layer (also for manifest push's local instances), as containers/image copies it: first the
     * blobs the destination may already have (the layer as it is, then the compressed blob this layer
     * became last time, which a registry may mount from another repository), else the layer compressed
     * and sent.
     */
    Descriptor pushLayer(LayerRow layer, String manifestType, MediaTypes.Compression compression,
                                 ImageDestination destination, CopyProgress progress) throws IOException {
        String mediaType = MediaTypes.layerType(manifestType, compression);
        progress.blobStarting(layer.diffId());
        if (compression == MediaTypes.Compression.NONE) {
            Descriptor d = new Descriptor(mediaType, layer.diffId(), layer.size());
            if (reuse(destination, d, layer)) {
                progress.blobReused(d.digest());
            } else {
                try {
                    destination.putBlob(d, out -> store.layers().writeTar(layer.id(), out));
                } catch (RegistryException e) {
                    throw context("writing blob", e);
                }
                progress.blobDone(layer.diffId());
            }
            return d;
        }
        if (destination instanceof RegistryDestination) {
            // containers/image asks a registry for the layer's own digest first
            Descriptor plain = new Descriptor(MediaTypes.layerType(manifestType, MediaTypes.Compression.NONE),
                    layer.diffId(), layer.size());
            if (reuse(destination, plain, layer)) {
                progress.blobReused(plain.digest());
                return plain;
            }
        }
        Descriptor known = cache.find(layer.diffId(), compression, mediaType);
        if (known != null && reuse(destination, known, layer)) {
            progress.blobReused(known.digest());
            return known;
        }
        if (destination instanceof RegistryDestination registry) {
            // compressed while it is sent: the digest is only known at the end, as with podman
            Descriptor d;
            try {
                d = registry.putStreamed(mediaType, out -> {
                    try (OutputStream compressed = Compression.compressing(out, compression)) {
                        store.layers().writeTar(layer.id(), compressed);
                    }
                });
            } catch (RegistryException e) {
                throw context("writing blob", e);
            }
            cache.record(layer.diffId(), compression, d);
            progress.blobDone(layer.diffId());
            return d;
        }
        Path tmp = Files.createTempFile(tempDir(), "peapod-push-", ".blob");
        try {
            Descriptor d = compress(layer, compression, mediaType, tmp);
            try {
                if (!destination.hasBlob(d)) {
                    destination.putBlob(d, tmp);
                }
            } catch (RegistryException e) {
                throw context("writing blob", e);
            }
            cache.record(layer.diffId(), compression, d);
            progress.blobDone(layer.diffId());
            return d;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether the destination has (or could mount) {@code d}; failures worded as containers/image's. */
    private static boolean reuse(ImageDestination destination, Descriptor d, LayerRow layer) throws IOException {
        try {
            return destination.hasBlob(d);
        } catch (RegistryException e) {
            throw context("trying to reuse blob " + layer.diffId() + " at destination", e);
        }
    }

    private Descriptor compress(LayerRow layer, MediaTypes.Compression compression, String mediaType, Path tmp)
            throws IOException {
        MessageDigest sha = Digests.sha256();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024);
             OutputStream compressed = Compression.compressing(new DigestOutputStream(file, sha), compression)) {
            store.layers().writeTar(layer.id(), compressed);
        }
        return new Descriptor(mediaType, "sha256:" + HexFormat.of().formatHex(sha.digest()), Files.size(tmp));
    }

    /** The digest {@code layer} gets compressed with {@code compression} (from the cache, else by compressing it). */
    private String compressedDigest(LayerRow layer, MediaTypes.Compression compression) throws IOException {
        Descriptor known = cache.find(layer.diffId(), compression, MediaTypes.OCI_LAYER_ZSTD);
        if (known != null) {
            return known.digest();
        }
        Path tmp = Files.createTempFile(tempDir(), "peapod-push-", ".blob");
        try {
            Descriptor d = compress(layer, compression, MediaTypes.OCI_LAYER_ZSTD, tmp);
            cache.record(layer.diffId(), compression, d);
            return d.digest();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The same failure with {@code what + ": "} in front, as Go's {@code fmt.Errorf("%s: %w")}. */
    private static RegistryException context(String what, RegistryException e) {
        return new RegistryException(e.kind(), what + ": " + e.getMessage(), e.getCause());
    }

    /** A logrus warning line, as podman prints it on stderr when stderr is not a terminal. */
    private void warn(String message) {
        err.println("time=\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\" level=warning msg=\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        err.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void writeDigestFile(PushOptions o, String digest) throws IOException {
        if (o.digestFile() != null && !o.digestFile().isEmpty()) {
            Files.writeString(Path.of(o.digestFile()), digest, StandardCharsets.US_ASCII);
        }
    }

    private static Path tempDir() throws IOException {
        String dir = System.getenv("TMPDIR");
        Path p = Path.of(dir == null || dir.isEmpty() ? "/var/tmp" : dir);
        Files.createDirectories(p);
        return p;
    }
}
