package io.peapod.storage;

import io.peapod.state.Database;
import io.peapod.state.Metadata;
import io.peapod.sys.FileLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * One store: a graph root holding the database and the layer directories of one driver, and a run
 * root for locks.
 *
 * <p>Concurrency: readers never lock (SQLite WAL gives them a consistent snapshot, and nothing
 * becomes visible in the database before its files are complete). Writers run inside
 * {@link #write}, which holds an exclusive flock on {@code storage.lock} for the whole operation,
 * so parallel invocations serialise their changes instead of corrupting each other.
 *
 * <p>Crash safety: files are written under {@code <driver>/.tmp-*} and renamed into place before
 * their row is inserted; rows are deleted before their files. Whatever a killed process left
 * behind is therefore either a temp directory or a directory without a row, and {@link #write}
 * removes both before doing anything else.
 */
public final class Store implements AutoCloseable {
    static final String TMP_PREFIX = ".tmp-";

    private static final java.util.concurrent.atomic.AtomicLong STAGING = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A fresh name for a staging directory. Writers hold the store lock, so our pid and a counter are
     * unique enough; UUID.randomUUID would set up SecureRandom's providers, tens of ms in a fresh JVM.
     */
    static String stagingName() {
        return TMP_PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + STAGING.incrementAndGet();
    }

    private final StoreOptions options;
    private final Database db;
    private Driver driver;          // null until the store has layers or a driver was requested
    private boolean driverStored;   // the database records the driver
    private boolean cleaned;
    private boolean imagesChanged;  // during this write: the image snapshot was removed and is due again
    private java.util.function.Supplier<List<ImageSnapshot.Entry>> snapshotSource;

    private Store(StoreOptions options, Database db, Driver driver, boolean driverStored) {
        this.options = options;
        this.db = db;
        this.driver = driver;
        this.driverStored = driverStored;
    }

    public static Store open(StoreOptions options) {
        if (!requestedDriverKnown(options.driver())) {
            throw new StorageException("failed to GetDriver graph " + options.driver() + " " + options.graphRoot()
                    + ": driver not supported");
        }
        try {
            Files.createDirectories(options.graphRoot());
            Files.createDirectories(options.runRoot());
        } catch (IOException e) {
            throw new StorageException("creating store directories: " + e.getMessage(), e);
        }
        Database db = Database.open(options.graphRoot().resolve("peapod.db"));
        String stored = db.read(c -> Metadata.setting(c, "driver"));
        String requested = options.driver() == null ? "" : options.driver();
        if (stored != null && !requested.isEmpty() && !Driver.named(requested).name().equals(stored)) {
            db.close();
            throw new StorageException("database storage graph driver \"" + stored
                    + "\" does not match our storage graph driver \"" + Driver.named(requested).name()
                    + "\": database configuration mismatch");
        }
        Driver driver = stored != null ? Driver.named(stored) : requested.isEmpty() ? null : Driver.named(requested);
        return new Store(options, db, driver, stored != null);
    }

    private static boolean requestedDriverKnown(String driver) {
        return driver == null || driver.isEmpty() || driver.equals("overlay") || driver.equals("overlay2")
                || driver.equals("vfs");
    }

    public StoreOptions options() {
        return options;
    }

    public Database db() {
        return db;
    }

    /** The driver in use: the stored one, else the requested one, else what this host supports. */
    public Driver driver() {
        if (driver == null) {
            driver = Overlay.usableAt(options.graphRoot()) ? new Overlay() : new Vfs();
        }
        return driver;
    }

    public Path graphRoot() {
        return options.graphRoot();
    }

    /** Where the driver keeps its layers. */
    public Path driverRoot() {
        return options.graphRoot().resolve(driver().name());
    }

    public LayerStore layers() {
        return new LayerStore(this);
    }

    /** Runs {@code work} holding the store's exclusive lock, after removing what crashed writers left. */
    public <T> T write(Callable<T> work) {
        try (FileLock lock = FileLock.exclusive(options.runRoot().resolve("storage.lock"))) {
            if (!cleaned) {
                if (!driverStored) {
                    persistDriver();
                }
                // Only a writer that died under the lock leaves debris, and then its line is still in
                // the lock file: no directory listings and queries on every command.
                if (lock.previousHolderVanished()) {
                    removeLeftovers();
                    new ContainerLayers(this).removeLeftovers();
                    new VolumeStore(this).removeLeftovers();
                }
                cleaned = true;
            }
            try {
                return work.call();
            } finally {
                writeImageSnapshot();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /**
     * Who renders the image snapshot (see {@link ImageSnapshot}): the engine, which knows what
     * {@code image inspect} shows. Without one, a write that changes images leaves no snapshot and
     * readers use the database.
     */
    public void snapshotImagesWith(java.util.function.Supplier<List<ImageSnapshot.Entry>> source) {
        this.snapshotSource = source;
    }

    /** Called before any change to the images: the snapshot no longer holds from here on. */
    void imagesChanging() {
        if (!imagesChanged) {
            ImageSnapshot.invalidate(graphRoot());
            imagesChanged = true;
        }
    }

    private void writeImageSnapshot() {
        if (!imagesChanged || snapshotSource == null) {
            return;
        }
        imagesChanged = false;
        try {
            ImageSnapshot.write(graphRoot(), driver().name(), snapshotSource.get());
        } catch (IOException | RuntimeException e) {
            // Only a speed-up: without the file, readers ask the database.
            ImageSnapshot.invalidate(graphRoot());
        }
    }

    private void persistDriver() {
        String name = driver().name();
        db.transaction(c -> {
            if (Metadata.setting(c, "driver") == null) {
                Metadata.putSetting(c, "driver", name);
            }
            return null;
        });
        driverStored = true;
    }

    /** Temp directories and layer directories without a database row: debris of an interrupted write. */
    private void removeLeftovers() throws IOException {
        Path root = driverRoot();
        if (!Files.isDirectory(root)) {
            return;
        }
        Set<String> known = new HashSet<>(db.read(c -> Metadata.layers(c).stream().map(l -> l.id()).toList()));
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(TMP_PREFIX) || !known.contains(name)) {
                    Mounts.unmountAllUnder(dir);
                    LayerApplier.deleteTree(dir);
                }
            }
        }
    }

    /** Forgets which driver the (now empty) store was made with. Must run inside {@link #write}. */
    public void forgetDriver() throws IOException {
        db.transaction(c -> {
            Metadata.deleteSetting(c, "driver");
            return null;
        });
        LayerApplier.deleteTree(driverRoot());
        driver = null;
        driverStored = false;
    }

    /** Problems that make the store inconsistent: rows without files, files without rows, broken links. */
    public List<String> check() {
        return new StoreCheck(this).run();
    }

    @Override
    public void close() {
        db.close();
    }
}
