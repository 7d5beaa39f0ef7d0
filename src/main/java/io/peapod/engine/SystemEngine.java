package io.peapod.engine;

import java.util.List;
import java.util.Map;

/** Version, host information and store-wide operations (Podman's SystemEngine). */
public interface SystemEngine {
    /** {@code podman info}'s document as an ordered map. */
    Map<String, Object> info();

    /** Problems found comparing the database with the disk; empty when the store is consistent. */
    List<String> check();

    /** {@code system df}: one row per kind (Images, Containers, Local Volumes). */
    List<DiskUsage> diskUsage();

    /** Removes every image, layer and piece of state: {@code system reset}. */
    void reset();

    record DiskUsage(String Type, int Total, int Active, long Size, long Reclaimable) {}
}
