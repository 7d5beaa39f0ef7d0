package io.peapod.core;

import io.peapod.config.StorageConfig;
import io.peapod.engine.EngineException;
import io.peapod.engine.EngineOptions;
import io.peapod.engine.HistoryEntry;
import io.peapod.engine.ImageEngine;
import io.peapod.engine.ImageSummary;
import io.peapod.engine.ImportOptions;
import io.peapod.engine.RemoveReport;
import io.peapod.engine.SaveOptions;
import io.peapod.engine.SystemEngine;
import io.peapod.image.ImageException;
import io.peapod.image.Json;
import io.peapod.image.ReferenceException;
import io.peapod.state.StateException;
import io.peapod.storage.LayerException;
import io.peapod.storage.Store;
import io.peapod.storage.StoreOptions;
import io.peapod.storage.StorageException;
import io.peapod.sys.SysException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The local engine: images and system operations on this host's store. The store is opened on
 * first use, so commands that need none (version, help) never pay for SQLite.
 */
public final class LocalEngine implements ImageEngine, SystemEngine, AutoCloseable {
    private final EngineOptions options;
    private final StoreOptions storeOptions;
    private Store store;

    public LocalEngine(EngineOptions options) {
        this.options = options;
        StorageConfig config = StorageConfig.load(System.getenv(), false);
        this.storeOptions = new StoreOptions(
                options.root().isEmpty() ? config.graphRoot() : Path.of(options.root()),
                options.runRoot().isEmpty() ? config.runRoot() : Path.of(options.runRoot()),
                options.storageDriver().isEmpty() ? nullToEmpty(config.driver()) : options.storageDriver());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public EngineOptions options() {
        return options;
    }

    StoreOptions storeOptions() {
        return storeOptions;
    }

    private java.util.concurrent.FutureTask<Store> opening;

    /**
     * Starts opening the store on a second thread. Opening sqlite-jdbc costs tens of milliseconds of
     * one-time initialisation; the calling thread meanwhile gets on with its own (flags, JSON, templates).
     */
    public void openInBackground() {
        if (store == null && opening == null) {
            opening = new java.util.concurrent.FutureTask<>(() -> Store.open(storeOptions));
            Thread.ofPlatform().daemon().name("peapod-store-open").start(opening);
        }
    }

    private Store store() {
        if (store == null) {
            if (opening != null) {
                Json.warmUp();   // JSON's first use costs too: pay it while the store opens
                try {
                    store = opening.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new StorageException(e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineException("interrupted while opening the store");
                } finally {
                    opening = null;
                }
            } else {
                store = Store.open(storeOptions);
            }
        }
        return store;
    }

    private ImageService images() {
        return new ImageService(store());
    }

    /** Runs {@code op}, turning the lower layers' failures into messages for the user. */
    private static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (EngineException e) {
            throw e;
        } catch (ImageException | StorageException | LayerException | StateException | SysException
                 | ReferenceException e) {
            throw new EngineException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new EngineException(e.getCause().getMessage());
        }
    }

    @Override
    public List<ImageSummary> list(boolean all) {
        return call(() -> images().list(all));
    }

    @Override
    public Map<String, Object> inspect(String nameOrId) {
        return call(() -> images().inspect(nameOrId));
    }

    @Override
    public boolean exists(String nameOrId) {
        return call(() -> ImageLookup.findOrNull(nameOrId, images().rows()) != null);
    }

    @Override
    public List<io.peapod.engine.LayerSummary> layers(String nameOrId) {
        return call(() -> images().layerSummaries(nameOrId));
    }

    @Override
    public List<HistoryEntry> history(String nameOrId) {
        return call(() -> images().history(nameOrId));
    }

    @Override
    public List<String> load(Path input, InputStream stdin) {
        return call(() -> new ImageTransfer(store(), images()).load(input, stdin));
    }

    @Override
    public void save(SaveOptions opts, OutputStream stdout) {
        call(() -> {
            try {
                new ImageTransfer(store(), images()).save(opts, stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    @Override
    public String importImage(ImportOptions opts, InputStream stdin) {
        return call(() -> {
            try {
                return new ImageTransfer(store(), images()).importImage(opts, stdin);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void tag(String nameOrId, List<String> names) {
        call(() -> {
            images().tag(nameOrId, names);
            return null;
        });
    }

    @Override
    public void untag(String nameOrId, List<String> names) {
        call(() -> {
            images().untag(nameOrId, names);
            return null;
        });
    }

    @Override
    public RemoveReport remove(List<String> namesOrIds, boolean force, boolean all) {
        return call(() -> images().remove(namesOrIds, force, all));
    }

    @Override
    public List<String> prune(boolean all) {
        return call(() -> images().prune(all));
    }

    @Override
    public Map<String, Object> info() {
        return call(() -> new HostInfo(this, store()).document());
    }

    @Override
    public List<String> check() {
        return call(() -> store().check());
    }

    @Override
    public List<DiskUsage> diskUsage() {
        return call(() -> {
            List<ImageSummary> all = images().list(true);
            long size = all.stream().mapToLong(ImageSummary::Size).sum();
            long reclaimable = all.stream().filter(ImageSummary::Dangling).mapToLong(ImageSummary::Size).sum();
            return List.of(new DiskUsage("Images", all.size(), 0, size, reclaimable),
                    new DiskUsage("Containers", 0, 0, 0, 0),
                    new DiskUsage("Local Volumes", 0, 0, 0, 0));
        });
    }

    @Override
    public void reset() {
        call(() -> {
            Store s = store();
            s.write(() -> {
                images().removeAllForReset();
                s.forgetDriver();   // after a reset the next command may choose another driver, as with podman
                return null;
            });
            return null;
        });
    }

    @Override
    public void close() {
        if (opening != null) {
            try {
                store = opening.get();
            } catch (Exception e) {
                // the command never needed the store, and it failed to open: nothing to close
            }
        }
        if (store != null) {
            store.close();
        }
    }
}
