package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.PullOptions;
import io.peapod.image.Descriptor;
import io.peapod.image.ImageException;
import io.peapod.image.ImageReference;
import io.peapod.image.ImageSource;
import io.peapod.image.ImageTransports;
import io.peapod.image.Json;
import io.peapod.image.Manifest;
import io.peapod.image.MediaTypes;
import io.peapod.image.Platform;
import io.peapod.image.ReferenceException;
import io.peapod.image.TransportReference;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.LayerStore;
import io.peapod.storage.Store;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pull: an {@link ImageSource} into the store. Every blob is checked against its digest and size as
 * it streams by; layers are unpacked while they are read (no copy of the blob is kept), into staging
 * directories, in parallel when the driver's layers are independent (overlay) and the source can serve
 * several blobs at once. Only when every layer is staged and verified does the image go in, in one step
 * ({@link ImageStore#addPulled}): a failure or an interrupt leaves staging directories at most, which the
 * next writer removes. Layers whose chain is already stored are not read at all.
 *
 * <p>Push, the other direction, is {@link ImagePush}.
 */
final class ImageCopy {
    /** Layers unpacked at once: this engine's hosts have few cores, and unpacking is CPU and disk bound. */
    private static final int PARALLEL_LAYERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /** A config blob is JSON of a few kilobytes; anything this large is not one. */
    private static final long MAX_CONFIG = 32L << 20;

    private final Store store;
    private final ImageService service;
    private final ImageStore images;

    Store store() {
        return store;
    }

    ImageCopy(Store store, ImageService service) {
        this.store = store;
        this.service = service;
        this.images = new ImageStore(store);
    }

    // ---- pull ----------------------------------------------------------------------------------

    List<String> pull(PullOptions o, CopyProgress progress) throws IOException {
        String input = o.reference();
        if (!TransportReference.hasTransport(input)) {
            try {
                ImageReference.parse(input);
            } catch (ReferenceException e) {
                throw new EngineException(e.getMessage());
            }
            throw new EngineException(ImageTransports.NO_REGISTRY);   // RegistryPull handles registry names
        }
        TransportReference ref = TransportReference.parse(input);
        if (o.allTags() && ref.transport() != TransportReference.Transport.DOCKER) {
            throw new EngineException("pulling all tags is not supported for " + ref.transport().prefix + " transport");
        }
        if (!o.platform().isEmpty() && (!o.arch().isEmpty() || !o.os().isEmpty())) {
            throw new EngineException("--platform option can not be specified with --arch or --os");
        }
        Platform wanted = Platform.wanted(o.platform(), o.os(), o.arch(), o.variant());
        if (ref.transport() == TransportReference.Transport.CONTAINERS_STORAGE) {
            return List.of(ImageLookup.find(ref.path(), service.rows()).id());
        }
        List<ImageSource> sources = ImageTransports.openSources(ref);
        List<String> ids = new ArrayList<>();
        try {
            for (ImageSource src : sources) {
                ids.add(pullOne(src, () -> namesFor(ref, src), ref.toString(), wanted, progress));
            }
        } finally {
            for (ImageSource src : sources) {
                src.close();
            }
        }
        return ids;
    }

    /**
     * Copies the image {@code src} names (the instance {@code wanted} chooses from an index) into the store
     * and returns its id; {@code names} gives the names it is stored under, {@code eventName} is the pull
     * event's name.
     */
    String pullOne(ImageSource src, java.util.function.Supplier<List<String>> namesOf, String eventName, Platform wanted,
                   CopyProgress progress) throws IOException {
        Manifest manifest = src.manifest();
        // podman records the index's digest as the image's, and both in RepoDigests (see ImageService.repoDigests)
        String indexDigest = manifest.isIndex() ? manifest.digest() : null;
        if (manifest.isIndex()) {
            Descriptor instance;
            try {
                instance = wanted.choose(manifest.instances(), MediaTypes.OCI_INDEX.equals(manifest.mediaType()));
            } catch (ImageException e) {
                throw new EngineException("choosing an image from manifest list " + src.describe() + ": " + e.getMessage());
            }
            manifest = src.instance(instance);
            if (!manifest.digest().equals(instance.digest())) {
                throw new EngineException("manifest " + instance.digest() + " in " + src.describe()
                        + " does not match its digest (got " + manifest.digest() + ")");
            }
            if (manifest.isIndex()) {
                throw new EngineException("nested manifest lists are not supported: " + src.describe());
            }
        }
        progress.start();
        byte[] config = readConfig(src, manifest.config());
        Map<String, Object> configDoc = Json.object(config, "image config");
        List<Object> diffIds = Json.list(Json.map(configDoc.get("rootfs")).get("diff_ids"));
        Platform image = new Platform(Json.string(configDoc.get("os")), Json.string(configDoc.get("architecture")),
                Json.string(configDoc.get("variant")));
        if (!wanted.accepts(image)) {
            progress.warn("image platform (" + goPlatform(image) + ") does not match the expected platform ("
                    + goPlatform(wanted) + ")");
        }
        if (diffIds.size() != manifest.layers().size()) {
            throw new EngineException("image config lists " + diffIds.size() + " layers but the manifest has "
                    + manifest.layers().size());
        }
        String id = Digests.hex(Digests.of(config));
        List<String> names = namesOf.get();
        Manifest toStore = manifest;
        List<String> chain = chainIds(diffIds);
        String topLayer = chain.isEmpty() ? null : chain.getLast();
        return store.write(() -> {
            List<Pulled> pulled = pullLayers(src, toStore, diffIds, chain, progress);
            progress.config(toStore.config().digest());
            Manifest recorded = src.layerDigestsAreDiffIds() ? withActualDigests(toStore, pulled) : toStore;
            progress.finish();
            List<LayerStore.Staged> staged = new ArrayList<>();
            List<LayerRow> blobs = new ArrayList<>();
            for (Pulled p : pulled) {
                if (p.staged() != null) {
                    staged.add(p.staged());
                    blobs.add(new LayerRow(null, null, null, p.digest(), p.size(), 0, 0));
                }
            }
            long now = System.currentTimeMillis() * 1_000_000L;
            images.addPulled(staged, blobs, new ImageRow(id, topLayer,
                    indexDigest != null ? indexDigest : recorded.digest(), recorded.raw(),
                    recorded.mediaType(), config, Times.parseNanos(Json.string(configDoc.get("created"))), now, names));
            new Events(store.options().runRoot()).image(Events.PULL, id, eventName);
            return id;
        });
    }

    /** How Go's %v prints an OCI platform struct: {arch os osversion [features] variant}. */
    private static String goPlatform(Platform p) {
        return "{" + p.architecture() + " " + p.os() + "  [] " + p.variant() + "}";
    }

    /** podman's (libimage's) names for an image pulled from a local transport. */
    private static List<String> namesFor(TransportReference ref, ImageSource src) {
        List<String> names = new ArrayList<>();
        switch (ref.transport()) {
            case OCI -> {
                String path = ref.path().replaceFirst("^/+", "");
                addName(names, () -> ImageReference.normalizeForLocal("localhost/" + path).toString());
            }
            case OCI_ARCHIVE -> {
                for (String n : src.names()) {
                    addName(names, () -> ImageReference.normalizeForLocal(n).toString());
                }
            }
            case DOCKER_ARCHIVE -> {
                for (String n : src.names()) {
                    addName(names, () -> Names.fromArchive(n));
                }
            }
            default -> { }   // dir: the image is known by its id only
        }
        return names;
    }

    private static void addName(List<String> names, java.util.function.Supplier<String> name) {
        try {
            String n = name.get();
            if (n != null && !names.contains(n)) {
                names.add(n);
            }
        } catch (ReferenceException e) {
            // a path or annotation that is no valid image name: the image stays nameless, as with dir:
        }
    }

    private static List<String> chainIds(List<Object> diffIds) {
        List<String> chain = new ArrayList<>();
        String parent = null;
        for (Object d : diffIds) {
            String diffId = d.toString();
            if (!diffId.startsWith("sha256:") || !diffId.substring(7).matches("[a-f0-9]{64}")) {
                throw new EngineException("invalid diff id \"" + diffId + "\" in image config");
            }
            String c = Digests.chainId(parent, diffId);
            chain.add(Digests.hex(c));
            parent = c;
        }
        return chain;
    }

    private static byte[] readConfig(ImageSource src, Descriptor d) throws IOException {
        if (d.size() > MAX_CONFIG) {
            throw new EngineException("config blob " + d.digest() + " is too large (" + d.size() + " bytes)");
        }
        byte[] data;
        try (InputStream in = src.blob(d)) {
            data = in.readNBytes((int) MAX_CONFIG + 1);
        }
        checkBlob(d, Digests.of(data), data.length);
        return data;
    }

    private static void checkBlob(Descriptor d, String gotDigest, long gotSize) {
        if (d.digest() != null && !d.digest().equals(gotDigest)) {
            throw new EngineException("reading blob " + d.digest() + ": Digest did not match, expected "
                    + d.digest() + ", got " + gotDigest);
        }
        if (d.size() >= 0 && d.size() != gotSize) {
            throw new EngineException("reading blob " + d.digest() + ": size did not match, expected "
                    + d.size() + " bytes, got " + gotSize);
        }
    }

    /**
     * One layer of the pull.
     *
     * @param staged the unpacked layer, or null when its chain was already stored
     * @param digest the blob's digest as read (null when skipped)
     */
    private record Pulled(LayerStore.Staged staged, String digest, long size) {}

    private List<Pulled> pullLayers(ImageSource src, Manifest m, List<Object> diffIds, List<String> chain,
                                    CopyProgress progress) throws IOException {
        LayerStore layers = store.layers();
        int n = m.layers().size();
        Pulled[] done = new Pulled[n];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (layers.find(chain.get(i)) != null) {
                progress.blobSkipped(m.layers().get(i).digest());
                done[i] = new Pulled(null, null, -1);
            } else {
                todo.add(i);
            }
        }
        boolean checkDigest = !src.layerDigestsAreDiffIds();
        boolean parallel = todo.size() > 1 && PARALLEL_LAYERS > 1 && src.concurrentBlobs()
                && store.driver().independentLayers();
        try {
            if (parallel) {
                ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_LAYERS, r -> {
                    Thread t = new Thread(r, "peapod-pull");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    // No cancelling: a layer being unpacked finishes and is collected (then discarded), so no
                    // staging directory is left unaccounted for; layers not yet started are skipped after a failure.
                    java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
                    List<Future<Pulled>> futures = new ArrayList<>();
                    for (int i : todo) {
                        String parent = i == 0 ? null : chain.get(i - 1);
                        Descriptor d = m.layers().get(i);
                        String diffId = diffIds.get(i).toString();
                        futures.add(pool.submit(() -> {
                            if (failed.get()) {
                                return null;
                            }
                            try {
                                return stageLayer(src, d, parent, null, diffId, checkDigest, progress);
                            } catch (IOException | RuntimeException e) {
                                failed.set(true);
                                throw e;
                            }
                        }));
                    }
                    Throwable failure = null;
                    for (int k = 0; k < todo.size(); k++) {
                        try {
                            done[todo.get(k)] = futures.get(k).get();
                        } catch (ExecutionException e) {
                            if (failure == null) {
                                failure = e.getCause();
                            }
                        }
                    }
                    if (failure instanceof IOException io) {
                        throw io;
                    }
                    if (failure instanceof RuntimeException re) {
                        throw re;
                    }
                    if (failure != null) {
                        throw new EngineException(String.valueOf(failure));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineException("interrupted while pulling");
                } finally {
                    pool.shutdown();
                    try {
                        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            } else {
                // One after another: a vfs layer starts as a copy of its parent, which may itself be staged.
                for (int i : todo) {
                    String parent = i == 0 ? null : chain.get(i - 1);
                    Path parentDiff = i > 0 && done[i - 1] != null && done[i - 1].staged() != null
                            ? done[i - 1].staged().dir().resolve("diff") : null;
                    done[i] = stageLayer(src, m.layers().get(i), parent, parentDiff, diffIds.get(i).toString(),
                            checkDigest, progress);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Pulled p : done) {
                if (p != null && p.staged() != null) {
                    layers.discard(p.staged());
                }
            }
            throw e;
        }
        return List.of(done);
    }

    private Pulled stageLayer(ImageSource src, Descriptor d, String parent, Path parentDiff, String diffId,
                              boolean checkDigest, CopyProgress progress) throws IOException {
        progress.blobStarting(d.digest());
        LayerStore layers = store.layers();
        try (InputStream raw = src.blob(d)) {
            HashingInputStream hashing = new HashingInputStream(raw);
            // The hash sits below the buffer: decompress() peeks with mark/reset, which must not hash twice.
            BufferedInputStream blob = new BufferedInputStream(hashing, 256 * 1024);
            InputStream tar = ReadAhead.start(Compression.decompress(blob), "peapod-inflate");
            LayerStore.Staged staged;
            try {
                staged = layers.stage(tar, parent, parentDiff, diffId);
                tar.transferTo(OutputStream.nullOutputStream());   // the inflating thread is done with blob
            } finally {
                tar.close();
            }
            try {
                blob.transferTo(OutputStream.nullOutputStream());   // a compressor's trailer, padding
                if (checkDigest) {
                    checkBlob(d, hashing.digest(), hashing.count());
                }
            } catch (IOException | RuntimeException e) {
                layers.discard(staged);
                throw e;
            }
            progress.blobDone(d.digest());
            return new Pulled(staged, hashing.digest(), hashing.count());
        } catch (io.peapod.storage.tar.TarFormatException e) {
            throw new EngineException("layer " + d.digest() + " of " + src.describe() + " is not a valid tar: " + e.getMessage());
        }
    }

    /** The docker-archive manifest with each layer's digest and size as read, as containers/image records it. */
    private static Manifest withActualDigests(Manifest m, List<Pulled> pulled) {
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < m.layers().size(); i++) {
            Descriptor d = m.layers().get(i);
            Pulled p = pulled.get(i);
            layers.add(p.digest() == null ? d : new Descriptor(d.mediaType(), p.digest(), p.size()));
        }
        return Manifest.build(m.mediaType(), m.config(), layers);
    }

    /** Counts and hashes what is read through it. */
    static final class HashingInputStream extends FilterInputStream {
        private final MessageDigest sha = Digests.sha256();
        private long count;
        private String digest;

        HashingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                sha.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                sha.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        String digest() {
            if (digest == null) {
                digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
            }
            return digest;
        }

        long count() {
            return count;
        }
    }
}
