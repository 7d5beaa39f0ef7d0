package io.peapod.core;

import io.peapod.config.StorageConfig;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.ContainerEngine;
import io.peapod.engine.ContainerSummary;
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
import io.peapod.state.Database;
import io.peapod.state.StateException;
import io.peapod.storage.LayerException;
import io.peapod.storage.ImageSnapshot;
import io.peapod.storage.Store;
import io.peapod.storage.StoreOptions;
import io.peapod.storage.StorageException;
import io.peapod.sys.FileLock;
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
public final class LocalEngine implements ImageEngine, ContainerEngine, SystemEngine, io.peapod.engine.VolumeEngine,
        io.peapod.engine.EventEngine, io.peapod.engine.RegistryEngine,
        io.peapod.engine.ManifestEngine, io.peapod.engine.NetworkEngine, io.peapod.engine.PodEngine,
        AutoCloseable {
    private final EngineOptions options;
    private final StoreOptions storeOptions;
    private Store store;

    public LocalEngine(EngineOptions options) {
        this.options = options;
        if (Boolean.getBoolean("peapod.bulk")) {
            // the launcher runs commands that move layers with C1 only: hash them with libcrypto
            io.peapod.sys.NativeSha256.install();
        }
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
     * Starts opening the store on a second thread (its lock files, the database and its schema check, the
     * classes they load); the calling thread meanwhile gets on with its own (flags, JSON, templates).
     */
    public void openInBackground() {
        if (store == null && opening == null) {
            opening = new java.util.concurrent.FutureTask<>(() -> Store.open(storeOptions));
            Thread.ofPlatform().daemon().name("peapod-store-open").start(opening);
        }
    }

    private boolean createExpected;

    @Override
    public void expectCreate() {
        createExpected = true;
    }

    @Override
    public void expectStart() {
        io.peapod.core.oci.SpecGenerator.prefetchDefaultSeccomp();
    }

    /**
     * containers.conf (~700 lines to parse) and the network configurations, read ahead for a create. A
     * failure is left for the create itself to report, where and as it always does.
     */
    private void readCreateInputs() {
        try {
            io.peapod.network.NetworkStore networks = networkStore();
            networks.find(networks.defaultName());
        } catch (RuntimeException later) {
            // reported by the create
        }
    }

    Store store() {
        if (store == null) {
            if (opening != null) {
                Json.warmUp();   // JSON's first use costs too: pay it while the store opens
                if (createExpected) {
                    readCreateInputs();   // would otherwise come after the opening, on the same thread
                }
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
            Store opened = store;
            opened.snapshotImagesWith(() -> new ImageService(opened).snapshotEntries());
        }
        return store;
    }

    ImageService images() {
        return new ImageService(store());
    }

    /** Runs {@code op}, turning the lower layers' failures into messages for the user. */
    static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (EngineException e) {
            throw e;
        } catch (ImageException | StorageException | LayerException | StateException | SysException
                 | io.peapod.core.conmon.ConmonException | io.peapod.core.oci.SpecException
                 | IllegalArgumentException e) {
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
        return call(() -> {
            ImageDocuments snapshot = snapshot();
            return snapshot != null ? snapshot.inspect(nameOrId) : images().inspect(nameOrId);
        });
    }

    @Override
    public boolean exists(String nameOrId) {
        return call(() -> {
            ImageDocuments snapshot = snapshot();
            if (snapshot != null) {
                return snapshot.exists(nameOrId);
            }
            List<io.peapod.state.ImageRow> rows = images().rows();
            io.peapod.state.ImageRow found = ImageLookup.findOrNull(nameOrId, rows);
            if (found != null && ManifestService.isList(found)) {
                // a list exists as an image when it has a local image for this platform, as in podman
                try {
                    ManifestService.localInstance(found, rows);
                } catch (EngineException e) {
                    return false;
                }
            }
            return found != null;
        });
    }

    private ImageDocuments snapshotDocuments;

    /**
     * The image snapshot, when the database has not been opened (a command that opens it gets the
     * same answers from there) and a current snapshot exists; else null.
     */
    private ImageDocuments snapshot() {
        if (snapshotDocuments == null && store == null && opening == null) {
            snapshotDocuments = ImageSnapshot.read(storeOptions.graphRoot(), storeOptions.driver())
                    .map(ImageDocuments::new).orElse(null);
        }
        return store == null && opening == null ? snapshotDocuments : null;
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
    public List<String> pull(io.peapod.engine.PullOptions opts, java.io.PrintStream progress) {
        return call(() -> {
            try {
                ImageCopy copy = new ImageCopy(store(), images());
                CopyProgress lines = CopyProgress.to(progress, opts.quiet(), opts.terminal());
                if (RegistryPull.handles(opts.reference())) {
                    return new RegistryPull(copy, images(), RegistryAccess.forProcess(options, opts.registry(), progress),
                            lines).pull(opts);
                }
                return copy.pull(opts, lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public String push(io.peapod.engine.PushOptions opts, java.io.PrintStream progress) {
        return call(() -> {
            try {
                return new ImagePush(store(), images(), options, System.err).push(opts, CopyProgress.to(progress, opts.quiet(), opts.terminal()));
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

    /** build ({@link BuildService}). */
    public io.peapod.engine.BuildEngine builds() {
        return (request, out, err) -> blocking(() -> new BuildService(this, request, out, err).build());
    }

    /** cp, diff, export, mount and commit ({@link LocalFiles}). */
    public io.peapod.engine.FilesEngine files() {
        return new LocalFiles(this);
    }

    // ---- containers ----------------------------------------------------------------------------

    ContainerService containers() {
        return new ContainerService(this, store(), images());
    }

    /** A warning for the user, as podman's logrus prints it on stderr. */
    void warn(String message) {
        System.err.println("time=\"" + new io.peapod.engine.Timestamp(System.currentTimeMillis() * 1_000_000L).rfc3339Nano()
                + "\" level=warning msg=\"" + message + "\"");
    }

    /** In a container's userdata: the exit of its current run was cleaned up by the process that stopped it. */
    static final String EXIT_HANDLED = "exit-handled";

    /**
     * What conmon runs when the container exits: this same peapod, on this same store, unless a
     * foreground {@code run} still holds {@code attachLock} (it records the exit itself, so a second
     * JVM would only compete for the store lock). The shell only reads who holds the lock
     * ({@link FileLock#HELD_BY_LIVE_PROCESS}): no process is started for the test.
     */
    List<String> exitCommand(String id, Path attachLock) {
        // Nothing to do either when the container is gone (its userdata with it) or when the process
        // that stopped it has cleaned up already (EXIT_HANDLED, next to attach.lock).
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                FileLock.HELD_BY_LIVE_PROCESS + "; held \"$0\" 2>/dev/null && exit 0; d=${0%/*}; "
                        + "[ -d \"$d\" ] && [ ! -e \"$d/" + EXIT_HANDLED + "\" ] || exit 0; exec \"$@\"",
                attachLock.toString()));
        cmd.add(System.getProperty("peapod.launcher", "peapod"));
        cmd.addAll(List.of("--root", storeOptions.graphRoot().toString(), "--runroot", storeOptions.runRoot().toString()));
        if (!options.storageDriver().isEmpty()) {
            cmd.addAll(List.of("--storage-driver", options.storageDriver()));
        }
        if (!options.runtime().isEmpty()) {
            cmd.addAll(List.of("--runtime", options.runtime()));
        }
        if (options.networkConfigDir() != null && !options.networkConfigDir().isEmpty()) {
            // as podman's: the cleanup takes the same netavark.lock as the commands that set the network up
            cmd.addAll(List.of("--network-config-dir", options.networkConfigDir()));
        }
        cmd.addAll(List.of("container", "cleanup", id));
        return cmd;
    }

    @FunctionalInterface
    interface Blocking<T> {
        T get() throws IOException, InterruptedException;
    }

    static <T> T blocking(Blocking<T> op) {
        return call(() -> {
            try {
                return op.get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted");
            }
        });
    }

    @Override
    public String create(ContainerCreateSpec spec) {
        return call(() -> {
            ContainerService c = containers();
            // --pod: the pod's refusals and namespaces first (podman's specgen does it before the container exists)
            return c.create(spec.pod() == null || spec.pod().isEmpty() ? spec : pods(c).member(spec));
        });
    }


    // ---- pods ----------------------------------------------------------------------------------

    private PodService pods(ContainerService c) {
        return new PodService(store(), c, images());
    }

    private PodService pods() {
        return pods(containers());
    }

    @Override
    public String createPod(io.peapod.engine.PodCreateSpec spec) {
        return blocking(() -> pods().create(spec));
    }

    @Override
    public List<io.peapod.engine.PodSummary> listPods() {
        return call(() -> pods().list());
    }

    @Override
    public Map<String, Object> inspectPod(String nameOrId) {
        return call(() -> pods().inspect(nameOrId));
    }

    @Override
    public boolean podExists(String nameOrId) {
        return call(() -> pods().findOrNull(nameOrId) != null);
    }

    @Override
    public String startPod(String nameOrId) {
        return blocking(() -> pods().start(nameOrId));
    }

    @Override
    public String stopPod(String nameOrId, int timeoutSeconds) {
        return blocking(() -> pods().stop(nameOrId, timeoutSeconds));
    }

    @Override
    public String removePod(String nameOrId, boolean force, int timeoutSeconds) {
        return blocking(() -> pods().remove(nameOrId, force, timeoutSeconds));
    }

    @Override
    public String killPod(String nameOrId, String signal) {
        return call(() -> pods().kill(nameOrId, signal));
    }

    @Override
    public String pausePod(String nameOrId) {
        return call(() -> pods().pause(nameOrId));
    }

    @Override
    public String unpausePod(String nameOrId) {
        return call(() -> pods().unpause(nameOrId));
    }

    @Override
    public String restartPod(String nameOrId) {
        return blocking(() -> pods().restart(nameOrId));
    }

    @Override
    public List<String> prunePods() {
        return blocking(() -> pods().prune());
    }

    @Override
    public String clonePod(String nameOrId, io.peapod.engine.PodCloneSpec spec) {
        return blocking(() -> {
            ContainerService c = containers();
            PodService pods = pods(c);
            io.peapod.state.PodRow original = pods.find(nameOrId);
            String id = new PodClone(store(), c, images(), events()).cloneOf(original, pods.members(original), spec);
            if (spec.destroy()) {
                pods.remove(original.id(), true, -1);   // before the start: the copy may publish the same ports
            }
            if (spec.start()) {
                pods.start(id);
            }
            return id;
        });
    }

    @Override
    public void followPodLogs(String nameOrId, Map<String, String> prefixes, LogOptions options,
                              java.io.PrintStream out, java.io.PrintStream err) {
        blocking(() -> {
            ContainerService c = containers();
            PodLogs.follow(c, pods(c).find(nameOrId), prefixes, options, out, err);
            return null;
        });
    }

    @Override
    public List<io.peapod.engine.ContainerStats> stats(List<String> namesOrIds, boolean latest) {
        return blocking(() -> ContainerStatsCollector.collect(containers(), namesOrIds, latest));
    }

    @Override
    public String start(String nameOrId) {
        return call(() -> containers().start(nameOrId));
    }

    @Override
    public int startAttached(String nameOrId, java.io.PrintStream out, java.io.PrintStream err) {
        return blocking(() -> {
            ContainerService c = containers();
            String pod = PodService.podOf(c, nameOrId);
            int code = c.startAttached(nameOrId, out, err);
            pods(c).applyExitPolicy(pod);
            return code;
        });
    }

    @Override
    public int startAttached(String nameOrId, AttachOptions options) {
        return blocking(() -> containers().startAttached(nameOrId, options));
    }

    @Override
    public int attach(String nameOrId, AttachOptions options) {
        return blocking(() -> containers().attach(nameOrId, options));
    }

    @Override
    public List<ContainerSummary> listContainers(boolean all) {
        return call(() -> containers().list(all));
    }

    @Override
    public List<io.peapod.engine.NetworkRequest.PortMapping> ports(String nameOrId) {
        return call(() -> containers().ports(nameOrId));
    }

    @Override
    public Map<String, Object> inspectContainer(String nameOrId) {
        return call(() -> containers().inspect(nameOrId));
    }

    @Override
    public boolean containerExists(String nameOrId) {
        return call(() -> containers().findOrNull(nameOrId) != null);
    }

    @Override
    public List<String> dependents(String nameOrId) {
        return call(() -> {
            ContainerService c = containers();
            return ContainerNamespaces.dependents(c.find(nameOrId), c.rows());
        });
    }

    @Override
    public String stop(String nameOrId, int timeoutSeconds) {
        return blocking(() -> {
            ContainerService c = containers();
            String pod = PodService.podOf(c, nameOrId);
            String id = c.stop(nameOrId, timeoutSeconds);
            pods(c).applyExitPolicy(pod);
            return id;
        });
    }

    @Override
    public String restart(String nameOrId, int timeoutSeconds) {
        return blocking(() -> containers().restart(nameOrId, timeoutSeconds));
    }

    @Override
    public String kill(String nameOrId, String signal) {
        return call(() -> containers().kill(nameOrId, signal));
    }

    @Override
    public void rename(String nameOrId, String newName) {
        call(() -> {
            containers().rename(nameOrId, newName);
            return null;
        });
    }

    @Override
    public int waitFor(String nameOrId) {
        return blocking(() -> containers().waitFor(nameOrId));
    }

    @Override
    public ContainerSummary.SizeInfo containerSize(String nameOrId) {
        return blocking(() -> containers().size(nameOrId));
    }

    @Override
    public List<String> pruneContainers(List<String> filters) {
        return blocking(() -> ContainerPrune.prune(containers(), filters));
    }

    @Override
    public int waitFor(String nameOrId, List<String> conditions, String interval) {
        return blocking(() -> ContainerWaits.waitFor(containers(), nameOrId, conditions, interval));
    }

    @Override
    public String removeContainer(String nameOrId, boolean force) {
        return removeContainer(nameOrId, force, false);
    }

    @Override
    public String removeContainer(String nameOrId, boolean force, boolean volumes) {
        return blocking(() -> {
            ContainerService c = containers();
            if (!force) {
                pods(c).refuseInfraRemoval(nameOrId);
            }
            return c.removeContainer(nameOrId, force, volumes);
        });
    }

    @Override
    public List<LogLine> logs(String nameOrId) {
        return call(() -> containers().logs(nameOrId));
    }

    @Override
    public void printLogs(String nameOrId, LogOptions options, java.io.PrintStream out, java.io.PrintStream err) {
        blocking(() -> {
            containers().printLogs(nameOrId, options, out, err);
            return null;
        });
    }

    @Override
    public void cleanup(String nameOrId) {
        blocking(() -> {
            ContainerService c = containers();
            String pod = PodService.podOf(c, nameOrId);
            c.cleanup(nameOrId, true);   // conmon's exit command: a restart by policy may wait (RestartRules)
            pods(c).applyExitPolicy(pod);   // conmon's exit command: the last container of an exit-policy-stop pod
            return null;
        });
    }

    @Override
    public int exec(io.peapod.engine.ExecSpec spec, OutputStream err) {
        return blocking(() -> new ExecService(containers()).run(spec, err));
    }

    @Override
    public String execDetached(io.peapod.engine.ExecSpec spec) {
        return blocking(() -> new ExecService(containers()).runDetached(spec));
    }

    @Override
    public String create(ContainerCreateSpec spec, io.peapod.engine.ContainerResources resources,
                         io.peapod.engine.UserNamespaceRequest userns, io.peapod.engine.NamespaceModes namespaces) {
        return call(() -> {
            ContainerService c = containers();
            return c.create(spec.pod() == null || spec.pod().isEmpty() ? spec : pods(c).member(spec), null, resources, userns,
                    namespaces);
        });
    }


    @Override
    public String update(String nameOrId, io.peapod.engine.ContainerResources changes) {
        return call(() -> ContainerUpdate.update(containers(), nameOrId, changes));
    }

    @Override
    public String pause(String nameOrId) {
        return call(() -> ContainerPause.pause(containers(), nameOrId));
    }

    @Override
    public String unpause(String nameOrId) {
        return call(() -> ContainerPause.unpause(containers(), nameOrId));
    }

    @Override
    public List<String> top(String nameOrId, List<String> descriptors) {
        return blocking(() -> ContainerTop.top(containers(), nameOrId, descriptors));
    }

    @Override
    public void events(EventOptions options, java.util.function.Consumer<io.peapod.engine.Event> sink) {
        call(() -> {
            new EventLog(storeOptions.runRoot()).read(options, sink);
            return null;
        });
    }

    /** The events log writer, for the services. */
    Events events() {
        return new Events(storeOptions.runRoot());
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
                    volumeUsage());
        });
    }

    @Override
    public void reset() {
        call(() -> {
            Store s = store();
            s.write(() -> {
                images().removeAllForReset();
                volumes().removeAllForReset();
                s.forgetDriver();   // after a reset the next command may choose another driver, as with podman
                BlobInfoCache.clear(s.graphRoot());
                return null;
            });
            return null;
        });
    }

    // ---- volumes -------------------------------------------------------------------------------

    private VolumeService volumes() {
        return new VolumeService(store());
    }

    private DiskUsage volumeUsage() {
        long[] u = volumes().usage();
        return new DiskUsage("Local Volumes", (int) u[0], (int) u[1], u[2], u[3]);
    }

    @Override
    public String createVolume(VolumeCreateOptions options) {
        return call(() -> volumes().create(options));
    }

    @Override
    public List<Map<String, Object>> listVolumes(List<String> filters) {
        return call(() -> volumes().list(filters));
    }

    @Override
    public Map<String, Object> inspectVolume(String name) {
        return call(() -> volumes().inspect(name));
    }

    @Override
    public boolean volumeExists(String name) {
        return call(() -> volumes().findOrNull(name) != null);
    }

    @Override
    public void removeVolume(String name, boolean force, int timeoutSeconds) {
        blocking(() -> {
            volumes().remove(name, force, timeoutSeconds, containers());
            return null;
        });
    }

    @Override
    public List<PrunedVolume> pruneVolumes(List<String> filters) {
        return call(() -> volumes().prune(filters));
    }

    private io.peapod.config.ContainersConf containersConf;

    /**
     * containers.conf as podman 4.3.1 reads it ($CONTAINERS_CONF alone, else the system files), read once per
     * engine. Its {@code [containers]} dns_servers, dns_searches, dns_options and base_hosts_file are the defaults
     * of a container's network files; a file podman would refuse fails as podman fails (logged, exit 1).
     */
    io.peapod.config.ContainersConf containersConf() {
        if (containersConf == null) {
            try {
                containersConf = io.peapod.config.ContainersConf.load(System.getenv());
            } catch (io.peapod.config.ContainersConfException e) {
                throw new io.peapod.engine.ConfigFileException(e.getMessage());
            }
        }
        return containersConf;
    }

    /**
     * Network configurations need no store: they live in podman's network config directory, which
     * --network-config-dir names as it does for podman (over containers.conf); containers.conf's [network]
     * table gives the default network and the subnet pools.
     */
    io.peapod.network.NetworkStore networkStore() {
        io.peapod.config.ContainersConf conf = containersConf();
        io.peapod.network.NetworkDefaults defaults = io.peapod.network.NetworkDefaults.of(conf);
        String dir = options.networkConfigDir();
        return new io.peapod.network.NetworkStore(dir == null || dir.isEmpty()
                ? io.peapod.network.NetworkStore.defaultDir(conf) : Path.of(dir), defaults);
    }

    @Override
    public Network createNetwork(NetworkCreateOptions options) {
        return call(() -> networkStore().create(options));
    }

    @Override
    public List<Network> listNetworks(List<String> filters) {
        // only the dangling filter needs the containers: a plain ls opens no store
        boolean dangling = filters.stream().anyMatch(f -> f.startsWith("dangling="));
        return call(() -> networkStore().list(filters, dangling ? attachments().inUse() : java.util.Set.of()));
    }

    @Override
    public Network inspectNetwork(String nameOrId) {
        return call(() -> networkStore().find(nameOrId));
    }

    @Override
    public boolean networkExists(String nameOrId) {
        try {
            inspectNetwork(nameOrId);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    @Override
    public String removeNetwork(String nameOrId) {
        return removeNetwork(nameOrId, false, 10);
    }

    private NetworkAttachments attachments() {
        return new NetworkAttachments(containers(), this::networkStore, events());
    }

    @Override
    public String removeNetwork(String nameOrId, boolean force, int timeoutSeconds) {
        return blocking(() -> attachments().remove(nameOrId, force, timeoutSeconds));
    }

    @Override
    public List<String> pruneNetworks(List<String> filters) {
        return call(() -> networkStore().prune(filters, attachments().inUse()));
    }

    @Override
    public void connectNetwork(String network, String container, ConnectOptions options) {
        call(() -> {
            attachments().connect(network, container, options);
            return null;
        });
    }

    @Override
    public void disconnectNetwork(String network, String container, boolean force) {
        call(() -> {
            attachments().disconnect(network, container, force);
            return null;
        });
    }

    @Override
    public List<ReloadResult> reloadNetworks(List<String> containers, boolean all) {
        return call(() -> attachments().reload(containers, all));
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

    // ---- registry credentials (login, logout): no store needed

    private RegistryLogins logins() {
        return new RegistryLogins(options, System.err);
    }

    @Override
    public StoredLogin storedLogin(LoginTarget target) {
        return logins().storedLogin(target);
    }

    @Override
    public boolean storedLoginValid(LoginTarget target) {
        return logins().storedLoginValid(target);
    }

    @Override
    public String login(LoginTarget target, String username, String password) {
        return logins().login(target, username, password);
    }

    @Override
    public String logout(LoginTarget target) {
        return logins().logout(target);
    }

    @Override
    public void logoutAll(String authFile) {
        logins().logoutAll(authFile);
    }

    @Override
    public List<SearchResult> search(SearchRequest request) {
        return ImageSearch.forProcess(options, System.err).search(request);
    }

    // ---- manifest lists ------------------------------------------------------------------------

    private ManifestService manifests() {
        return manifests(io.peapod.engine.RegistryFlags.NONE);
    }

    /** With {@code flags} for the registries {@code docker://} references (and inspect's short names) reach. */
    private ManifestService manifests(io.peapod.engine.RegistryFlags flags) {
        return new ManifestService(store(), images(),
                new RegistrySources(RegistryAccess.forProcess(options, flags, System.err)), System.err);
    }

    @Override
    public String createList(String name, List<String> images, boolean all, boolean amend,
                             io.peapod.engine.RegistryFlags registry) {
        return call(() -> manifests(registry).create(name, images, all, amend));
    }

    @Override
    public String addToList(io.peapod.engine.ManifestEngine.ManifestAddOptions o) {
        return call(() -> manifests(o.registry()).add(o));
    }

    @Override
    public String annotateInstance(String list, String digest, io.peapod.engine.ManifestEngine.ManifestInstanceOptions o) {
        return call(() -> manifests().annotate(list, digest, o));
    }

    @Override
    public String removeInstance(String list, String digest) {
        return call(() -> manifests().removeInstance(list, digest));
    }

    @Override
    public Object inspectList(String nameOrReference, io.peapod.engine.RegistryFlags registry) {
        return call(() -> {
            try {
                return manifests(registry).inspect(nameOrReference);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public boolean listExists(String name) {
        return call(() -> manifests().exists(name));
    }

    @Override
    public RemoveReport removeLists(List<String> names) {
        return call(() -> manifests().remove(names));
    }

    @Override
    public String pushList(io.peapod.engine.ManifestEngine.ManifestPushOptions o, java.io.PrintStream progress) {
        return call(() -> {
            try {
                String digest = new ManifestPush(store(), images(), new ImagePush(store(), images(), options, progress),
                        new RegistrySources(RegistryAccess.forProcess(options, o.registry(), progress))).push(o, progress);
                if (o.remove()) {
                    RemoveReport removed = manifests().remove(List.of(o.list()));
                    if (!removed.errors().isEmpty()) {
                        throw new EngineException(String.join("\n", removed.errors()));
                    }
                }
                return digest;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
