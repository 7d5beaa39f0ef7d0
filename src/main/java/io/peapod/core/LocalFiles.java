package io.peapod.core;

import io.peapod.engine.FilesEngine;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** The local {@link FilesEngine}: each call on this host's store, errors turned into the user's messages. */
final class LocalFiles implements FilesEngine {
    private final LocalEngine engine;

    LocalFiles(LocalEngine engine) {
        this.engine = engine;
    }

    private ContainerFiles files() {
        return new ContainerFiles(engine.containers());
    }

    @Override
    public void copy(CopyRequest request, InputStream stdin, OutputStream stdout) {
        LocalEngine.blocking(() -> {
            files().copy(request, stdin, stdout);
            return null;
        });
    }

    @Override
    public List<Change> diff(String containerOrImage, String other) {
        return LocalEngine.blocking(() -> new FilesystemChanges(engine.containers(), engine.images()).diff(containerOrImage, other));
    }

    @Override
    public void export(String container, Path output, OutputStream stdout) {
        LocalEngine.blocking(() -> {
            new ContainerExport(files()).export(container, output, stdout);
            return null;
        });
    }

    @Override
    public String mount(String container) {
        return LocalEngine.blocking(() -> new ContainerMounts(engine.containers()).mount(container));
    }

    @Override
    public List<MountedContainer> mounted() {
        return LocalEngine.blocking(() -> new ContainerMounts(engine.containers()).mounted());
    }

    @Override
    public String unmount(String container, boolean force) {
        return LocalEngine.blocking(() -> new ContainerMounts(engine.containers()).unmount(container, force));
    }

    @Override
    public List<String> unmountAll(boolean force) {
        return LocalEngine.blocking(() -> new ContainerMounts(engine.containers()).unmountAll(force));
    }

    @Override
    public String commit(CommitOptions options, java.io.PrintStream progress) {
        return LocalEngine.blocking(() -> new ContainerCommit(engine.containers(), engine.images()).commit(options, progress));
    }
}
