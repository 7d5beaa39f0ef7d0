package io.peapod.core;

import io.peapod.image.ArchiveWriter;
import io.peapod.image.Json;
import io.peapod.state.LayerRow;
import io.peapod.storage.Digests;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * An image made from a container's layers ({@code commit}, each step of {@code build}): its id (the digest of
 * its config), the config's bytes and its manifest in the format asked for, ready for the image store.
 */
record CommittedImage(String id, byte[] config, byte[] manifest, String manifestType) {
    static CommittedImage of(Map<String, Object> config, List<LayerRow> chain, boolean docker) {
        return of(config, chain, docker, Map.of());
    }

    /** As above; an OCI manifest gets {@code annotations} (build's {@code --annotation}s and base image ones). */
    static CommittedImage of(Map<String, Object> config, List<LayerRow> chain, boolean docker, Map<String, String> annotations) {
        byte[] configBytes = Json.bytes(config);
        String id = Digests.hex(Digests.of(configBytes));
        String manifestType = docker ? ArchiveWriter.DOCKER_MANIFEST : ArchiveWriter.OCI_MANIFEST;
        io.peapod.image.SavedImage shape = ImageTransfer.savedShape(id, configBytes, chain);
        shape = new io.peapod.image.SavedImage(shape.id(), shape.config(), shape.names(), shape.layers(),
                docker ? Map.of() : annotations);
        byte[] manifest = ArchiveWriter.manifest(shape, manifestType,
                docker ? ArchiveWriter.DOCKER_CONFIG : ArchiveWriter.OCI_CONFIG,
                docker ? ArchiveWriter.DOCKER_LAYER : ArchiveWriter.OCI_LAYER);
        return new CommittedImage(id, configBytes, manifest, manifestType);
    }

    /** What buildah prints while it writes the image (podman commit and build show the same lines). */
    void printCopyLines(List<LayerRow> chain, PrintStream out) {
        out.println("Getting image source signatures");
        for (LayerRow l : chain) {
            out.println("Copying blob " + l.diffId());
        }
        out.println("Copying config sha256:" + id);
        out.println("Writing manifest to image destination");
        out.println("Storing signatures");
        out.flush();
    }
}
