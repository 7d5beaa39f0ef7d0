package io.peapod.storage;

import io.peapod.state.LayerRow;
import io.peapod.state.Metadata;
import io.peapod.storage.tar.CountingInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Layers on disk: {@code <graphroot>/<driver>/<chain-id>/diff} holds the unpacked layer and
 * {@code skeleton.gz} the tar's headers, so the exact tar can be handed out again on save.
 * Layers are named by ChainID, so two images with the same base share its layers.
 */
public final class LayerStore {
    private final Store store;

    LayerStore(Store store) {
        this.store = store;
    }

    public LayerRow find(String id) {
        return store.db().read(c -> Metadata.layer(c, id));
    }

    /** The unpacked contents of layer {@code id} (its changes for overlay, a full tree for vfs). */
    public Path diffDir(String id) {
        return store.driverRoot().resolve(id).resolve("diff");
    }

    private Path skeletonFile(String id) {
        return store.driverRoot().resolve(id).resolve("skeleton.gz");
    }

    /**
     * Unpacks the uncompressed tar {@code tar} as a new layer on top of {@code parentId} (null for a
     * base layer) and records it, or returns the existing layer when the same chain is already stored.
     * The layer becomes visible only once complete and, when {@code expectedDiffId} is given, verified.
     * Must run inside {@link Store#write}.
     */
    public LayerRow put(InputStream tar, String parentId, String expectedDiffId,
                        String compressedDigest, long compressedSize) throws IOException {
        if (expectedDiffId != null) {
            LayerRow existing = find(Digests.hex(Digests.chainId(
                    parentId == null ? null : "sha256:" + parentId, expectedDiffId)));
            if (existing != null) {
                return existing;
            }
        }
        Staged staged = stage(tar, parentId, expectedDiffId);
        return commit(staged, compressedDigest, compressedSize);
    }

    /**
     * A layer unpacked and verified in a staging directory, not yet visible: {@link #commit} renames it
     * into place and records it, {@link #discard} drops it.
     *
     * @param size bytes of the uncompressed tar
     */
    public record Staged(Path dir, String id, String parentId, String diffId, long size) {}

    /**
     * Unpacks {@code tar} into a staging directory and checks its diff id. Touches no database row, so
     * with a driver whose layers do not depend on their parent's files ({@link Driver#independentLayers})
     * several layers can be staged at once; otherwise the parent must be committed first.
     */
    public Staged stage(InputStream tar, String parentId, String expectedDiffId) throws IOException {
        return stage(tar, parentId, null, expectedDiffId);
    }

    /**
     * As {@link #stage(InputStream, String, String)}, with the parent's files at {@code parentDiff}
     * (a parent that is itself only staged) instead of its stored place.
     */
    public Staged stage(InputStream tar, String parentId, Path parentDiff, String expectedDiffId) throws IOException {
        Driver driver = store.driver();
        Path staging = store.driverRoot().resolve(Store.stagingName());
        Path diff = staging.resolve("diff");
        try {
            Files.createDirectories(diff);
            driver.prepare(diff, parentDiff != null ? parentDiff : parentId == null ? null : diffDir(parentId));
            MessageDigest sha = Digests.sha256();
            CountingInputStream counted = new CountingInputStream(new BufferedInputStream(tar, 256 * 1024));
            try (OutputStream skel = new BufferedOutputStream(
                    new GZIPOutputStream(Files.newOutputStream(staging.resolve("skeleton.gz")), 64 * 1024) {
                        { def.setLevel(Deflater.BEST_SPEED); }
                    })) {
                LayerApplier.apply(new DigestInputStream(counted, sha), diff, driver.whiteouts(), skel);
            }
            String diffId = "sha256:" + HexFormat.of().formatHex(sha.digest());
            if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
                throw new LayerException("layer digest mismatch: expected " + expectedDiffId + ", got " + diffId);
            }
            String id = Digests.hex(Digests.chainId(parentId == null ? null : "sha256:" + parentId, diffId));
            return new Staged(staging, id, parentId, diffId, counted.count());
        } catch (IOException | RuntimeException e) {
            LayerApplier.deleteTree(staging);
            throw e;
        }
    }

    /** Makes a staged layer visible: renamed into place, then recorded. Must run inside {@link Store#write}. */
    public LayerRow commit(Staged staged, String compressedDigest, long compressedSize) throws IOException {
        try {
            LayerRow existing = find(staged.id());
            if (existing != null) {
                LayerApplier.deleteTree(staged.dir());
                return existing;
            }
            LayerRow row = new LayerRow(staged.id(), staged.parentId(), staged.diffId(), compressedDigest, compressedSize,
                    staged.size(), System.currentTimeMillis() * 1_000_000L);
            Files.move(staged.dir(), store.driverRoot().resolve(staged.id()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            store.db().transaction(c -> {
                Metadata.insertLayer(c, row);
                return null;
            });
            return row;
        } catch (IOException | RuntimeException e) {
            LayerApplier.deleteTree(staged.dir());
            throw e;
        }
    }

    /** Drops a staged layer that will not be committed. */
    public void discard(Staged staged) throws IOException {
        LayerApplier.deleteTree(staged.dir());
    }

    /** Writes layer {@code id}'s tar exactly as it was stored, checking its digest on the way. */
    public void writeTar(String id, OutputStream out) throws IOException {
        LayerRow row = find(id);
        if (row == null) {
            throw new StorageException("layer " + id + " not known");
        }
        Path diff = diffDir(id);
        MessageDigest sha = Digests.sha256();
        OutputStream hashing = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sha.update(b, off, len);
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                sha.update((byte) b);
                out.write(b);
            }
        };
        try (InputStream skel = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(skeletonFile(id)), 64 * 1024))) {
            io.peapod.storage.tar.TarSkeleton.replay(skel, rel -> diff.resolve(rel), hashing);
        }
        hashing.flush();
        String got = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (!got.equals(row.diffId())) {
            throw new StorageException("layer " + id + " no longer matches its digest " + row.diffId()
                    + " (got " + got + "): the store is damaged");
        }
    }

    /** Deletes the layer's row, then its files. Must run inside {@link Store#write}. */
    public void remove(String id) throws IOException {
        store.db().transaction(c -> {
            Metadata.deleteLayer(c, id);
            return null;
        });
        Path dir = store.driverRoot().resolve(id);
        Mounts.unmountAllUnder(dir);
        LayerApplier.deleteTree(dir);
    }
}
