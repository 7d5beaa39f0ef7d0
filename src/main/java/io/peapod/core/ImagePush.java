package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.PushOptions;
import io.peapod.image.Descriptor;
import io.peapod.image.ImageDestination;
import io.peapod.image.ImageException;
import io.peapod.image.ImageReference;
import io.peapod.image.ImageTransports;
import io.peapod.image.Manifest;
import io.peapod.image.MediaTypes;
import io.peapod.image.ReferenceException;
import io.peapod.image.TransportReference;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Push: a stored image to an {@link ImageDestination}. Layers leave the store as their exact tar
 * (checked against the diff id on the way, see {@code LayerStore.writeTar}); when the destination
 * wants them compressed, each is compressed into a temp file first, so its digest is known before the
 * destination sees a byte (a registry needs it for the upload, a layout names the file by it). The
 * manifest is converted to the asked-for type (config and layer media types with it) and written only
 * after every blob landed; the destination makes the image visible on commit.
 */
final class ImagePush {
    private final Store store;
    private final ImageService service;
    private final ImageStore images;
    private final BlobInfoCache cache;

    ImagePush(Store store, ImageService service) {
        this.store = store;
        this.service = service;
        this.images = new ImageStore(store);
        this.cache = new BlobInfoCache(store.graphRoot());
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
        ImageRow img = ImageLookup.find(o.image(), service.rows());
        String dest = o.destination();
        if (!TransportReference.hasTransport(dest)) {
            // As libimage: no known transport means a registry name; if it is not one either, the
            // transport parser's error is the one shown.
            try {
                ImageReference.parse(dest);
            } catch (ReferenceException e) {
                if (dest.contains(":")) {
                    TransportReference.parse(dest);
                }
                throw new EngineException(e.getMessage());
            }
            throw new EngineException(ImageTransports.NO_REGISTRY);
        }
        TransportReference ref = TransportReference.parse(dest);
        if (ref.transport() == TransportReference.Transport.CONTAINERS_STORAGE) {
            service.tag(img.id(), List.of(ref.path()));
            writeDigestFile(o, img.digest());
            return img.digest();
        }
        String localName = img.names().isEmpty() ? null : ImageLookup.nameMatching(o.image(), img);
        try (ImageDestination destination = ImageTransports.openDestination(ref, localName)) {
            String manifestType = manifestType(requestedType, img, destination);
            MediaTypes.Compression compression = switch (destination.layerCompression()) {
                case DECOMPRESS -> MediaTypes.Compression.NONE;
                case COMPRESS -> asked == null ? MediaTypes.Compression.GZIP : asked;
                // dir: keeps what the store has (uncompressed) unless --compress asks otherwise, as podman
                case PRESERVE -> !o.compress() ? MediaTypes.Compression.NONE : asked == null ? MediaTypes.Compression.GZIP : asked;
            };
            MediaTypes.layerType(manifestType, compression);   // refuses zstd in docker v2s2 before any work
            progress.start();
            List<Descriptor> layers = new ArrayList<>();
            for (LayerRow layer : images.layers(img)) {
                layers.add(pushLayer(layer, manifestType, compression, destination, progress));
            }
            Descriptor config = new Descriptor(MediaTypes.configType(manifestType), "sha256:" + img.id(), img.config().length);
            progress.config(config.digest());
            if (!destination.hasBlob(config)) {
                destination.putBlob(config, out -> out.write(img.config()));
            }
            Manifest manifest = Manifest.build(manifestType, config, layers);
            progress.finish();
            destination.putManifest(manifest);
            destination.commit();
            writeDigestFile(o, manifest.digest());
            new Events(store.options().runRoot()).image("push", img.id(), ref.toString());
            return manifest.digest();
        } catch (ImageException e) {
            throw new EngineException(e.getMessage());
        }
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

    private Descriptor pushLayer(LayerRow layer, String manifestType, MediaTypes.Compression compression,
                                 ImageDestination destination, CopyProgress progress) throws IOException {
        String mediaType = MediaTypes.layerType(manifestType, compression);
        progress.blobStarting(layer.diffId());
        if (compression == MediaTypes.Compression.NONE) {
            Descriptor d = new Descriptor(mediaType, layer.diffId(), layer.size());
            if (destination.hasBlob(d)) {
                progress.blobSkipped(layer.diffId());
            } else {
                destination.putBlob(d, out -> store.layers().writeTar(layer.id(), out));
                progress.blobDone(layer.diffId());
            }
            return d;
        }
        Descriptor known = cache.find(layer.diffId(), compression, mediaType);
        if (known != null && destination.hasBlob(known)) {
            progress.blobSkipped(layer.diffId());
            return known;
        }
        Path tmp = Files.createTempFile(tempDir(), "peapod-push-", ".blob");
        try {
            MessageDigest sha = Digests.sha256();
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024);
                 OutputStream compressed = Compression.compressing(new DigestOutputStream(file, sha), compression)) {
                store.layers().writeTar(layer.id(), compressed);
            }
            Descriptor d = new Descriptor(mediaType, "sha256:" + HexFormat.of().formatHex(sha.digest()), Files.size(tmp));
            if (!destination.hasBlob(d)) {
                destination.putBlob(d, out -> {
                    try (InputStream in = Files.newInputStream(tmp)) {
                        in.transferTo(out);
                    }
                });
            }
            cache.record(layer.diffId(), compression, d);
            progress.blobDone(layer.diffId());
            return d;
        } finally {
            Files.deleteIfExists(tmp);
        }
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
