package io.peapod.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Moving files and filesystems in and out of containers: cp, diff, export, mount/unmount, commit.
 * Failures are {@link EngineException}s.
 */
public interface FilesEngine {
    /**
     * One {@code cp}: a container's path (container non-empty) or a host path ("-": the standard
     * streams) on each side, as {@code [CONTAINER:]PATH} was split.
     *
     * @param chown     {@code --archive}: files copied into a container belong to its user
     * @param overwrite {@code --overwrite}: a directory may replace a file and the other way round
     */
    record CopyRequest(String sourceContainer, String sourcePath, String destContainer, String destPath,
                       boolean chown, boolean overwrite) {}

    void copy(CopyRequest request, InputStream stdin, OutputStream stdout);

    /** One line of {@code diff}: kind "A", "C" or "D" and the path as the container sees it. */
    record Change(String kind, String path) {}

    /**
     * The changes of a container's or an image's filesystem against its parent layer, or against
     * {@code other} (a container or an image) when it is not null.
     */
    List<Change> diff(String containerOrImage, String other);

    /** {@code export}: the container's filesystem as a tar, to {@code output} (written whole or not at all) or to {@code stdout}. */
    void export(String container, Path output, OutputStream stdout);

    /** Mounts the container's root filesystem (counting one more user of it); returns where. */
    String mount(String container);

    /** A mounted container, as {@code mount} without arguments lists it. */
    record MountedContainer(String id, List<String> names, String mountPoint) {}

    List<MountedContainer> mounted();

    /** Lets one user of the container's mount go ({@code force}: all); returns the container's id. */
    String unmount(String container, boolean force);

    /** Every container that is mounted, each let go once (or fully with {@code force}); returns their ids. */
    List<String> unmountAll(boolean force);

    /**
     * {@code commit}.
     *
     * @param changes   {@code -c/--change} instructions
     * @param format    "oci" or "docker"
     * @param iidFile   where to write the new image's id, or null
     */
    record CommitOptions(String container, String reference, String message, String author, List<String> changes,
                         String format, boolean pause, boolean squash, Path iidFile, boolean includeVolumes) {}

    /** Makes an image of the container's changes on top of its image; returns the new image's id. */
    String commit(CommitOptions options, java.io.PrintStream progress);
}
