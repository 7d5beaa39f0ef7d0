package io.peapod.engine;

import java.util.List;
import java.util.Map;

/** What can be done with volumes (Podman's volume half of ContainerEngine). Failures are {@link EngineException}s. */
public interface VolumeEngine {
    /** Creates a volume; returns its name (generated when none was given). */
    String createVolume(VolumeCreateOptions options);

    /**
     * The volumes that match any of {@code filters} (podman ORs volume filters), or all without
     * filters, as {@code volume inspect} documents sorted by name.
     */
    List<Map<String, Object>> listVolumes(List<String> filters);

    /** Podman's {@code volume inspect} document, as an ordered map. */
    Map<String, Object> inspectVolume(String name);

    boolean volumeExists(String name);

    /**
     * Removes the volume. {@code force} first removes the containers using it (stopping running ones
     * with {@code timeoutSeconds}); without it a volume in use is refused (exit code 2).
     */
    void removeVolume(String name, boolean force, int timeoutSeconds);

    /** Removes the volumes no container uses that match any of {@code filters} (label, until). */
    List<PrunedVolume> pruneVolumes(List<String> filters);

    /** What {@code volume create} was asked for; a blank name asks for a generated one. */
    record VolumeCreateOptions(String name, String driver, Map<String, String> labels, Map<String, String> options) {}

    /** A volume {@code prune} removed, with the bytes it held. */
    record PrunedVolume(String name, long size) {}
}
