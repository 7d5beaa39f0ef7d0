package io.peapod.core;

import io.peapod.core.conmon.AttachSocket;
import io.peapod.core.conmon.Conmon;
import io.peapod.core.conmon.ConmonRequest;
import io.peapod.core.conmon.CreateResult;
import io.peapod.core.names.ContainerIds;
import io.peapod.core.names.Durations;
import io.peapod.core.names.NameGenerator;
import io.peapod.core.names.Signals;
import io.peapod.core.names.Urandom;
import io.peapod.core.oci.ContainerSpecInput;
import io.peapod.core.oci.HostLimits;
import io.peapod.core.oci.SpecGenerator;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.ContainerEngine;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.ImageRow;
import io.peapod.state.Metadata;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.Store;
import io.peapod.sys.FileLock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The container lifecycle (Podman's libpod container code): create, start under conmon, stop, the
 * exit command's cleanup, and removal. State lives in the {@code containers} table; files live in
 * the container's layer directory ({@code userdata}: config.json, logs, /etc files) and the run root
 * (runc's state, exit files).
 */
final class ContainerService {
    static final String CREATED = "created", RUNNING = "running", EXITED = "exited", PAUSED = "paused";

    private final LocalEngine engine;
    private final Store store;
    private final ContainerLayers layers;
    private final ImageService images;
    private final ContainerVolumes volumes;
    private final ContainerNetwork network;
    private final Events events;

    ContainerService(LocalEngine engine, Store store, ImageService images) {
        this.engine = engine;
        this.events = engine.events();
        this.store = store;
        this.layers = new ContainerLayers(store);
        this.images = images;
        this.volumes = new ContainerVolumes(store);
        this.network = new ContainerNetwork(store, engine::networkStore, this::findOrNull);
    }

    Store store() {
        return store;
    }

    // ---- paths ---------------------------------------------------------------------------------

    Path userdata(String id) {
        return layers.dir(id).resolve("userdata");
    }

    Path logFile(String id) {
        return userdata(id).resolve("ctr.log");
    }

    /** The log as the container was created with it: --log-opt path= or userdata/ctr.log. */
    Path logFile(ContainerRow row) {
        return CreateSettings.logPath(Json.object(row.config(), "container config"), userdata(row.id()));
    }

    Path runcRoot() {
        return store.options().runRoot().resolve("runc");
    }

    private Path exitDir() {
        return store.options().runRoot().resolve("exits");
    }

    // ---- lookup --------------------------------------------------------------------------------

    List<ContainerRow> rows() {
        return store.db().read(Metadata::containers);
    }

    ContainerRow findOrNull(String nameOrId) {
        List<ContainerRow> all = rows();
        for (ContainerRow r : all) {
            if (r.id().equals(nameOrId) || r.name().equals(nameOrId)) {
                return r;
            }
        }
        List<ContainerRow> byPrefix = all.stream().filter(r -> r.id().startsWith(nameOrId)).toList();
        if (byPrefix.size() > 1) {
            throw new EngineException("more than one result for container \"" + nameOrId + "\"");
        }
        return byPrefix.isEmpty() ? null : byPrefix.getFirst();
    }

    ContainerRow find(String nameOrId) {
        ContainerRow r = findOrNull(nameOrId);
        if (r == null) {
            throw new EngineException("no container with name or ID \"" + nameOrId + "\" found: no such container");
        }
        return r;
    }

    // ---- create --------------------------------------------------------------------------------

    String create(ContainerCreateSpec spec) {
        return create(spec, null);
    }

    /** More rows written in the transaction that records a new container (a pod's, with its infra container). */
    @FunctionalInterface
    interface AlsoRecord {
        void insert(io.peapod.state.sql.Connection c, String containerId) throws io.peapod.state.sql.SQLException;
    }

    /** Creates the container; {@code also}, when given, writes its rows in the same transaction (all or nothing). */
    String create(ContainerCreateSpec spec, AlsoRecord also) {
        return create(spec, also, io.peapod.engine.ContainerResources.NONE, io.peapod.engine.UserNamespaceRequest.HOST);
    }

    /**
     * The same, with the container's own resource limits ({@link ContainerLimits}), in the user namespace
     * {@code userns} asks for ({@link UserNamespace}).
     */
    String create(ContainerCreateSpec spec, AlsoRecord also, io.peapod.engine.ContainerResources resources,
                  io.peapod.engine.UserNamespaceRequest userns) {
        return create(spec, also, resources, userns, io.peapod.engine.NamespaceModes.DEFAULT);
    }

    /** The same, in the IPC, PID, UTS and cgroup namespaces {@code namespaces} asks for ({@link ContainerNamespaces}). */
    String create(ContainerCreateSpec spec, AlsoRecord also, io.peapod.engine.ContainerResources resources,
                  io.peapod.engine.UserNamespaceRequest userns, io.peapod.engine.NamespaceModes namespaces) {
        return store.write(() -> {
            ImageRow named = images.find(spec.image());
            // a manifest list stands for its local image for this platform, as in podman's lookup
            ImageRow image = ManifestService.isList(named) ? ManifestService.localInstance(named, images.rows()) : named;
            events.image(Events.PULL, "", spec.image());   // podman 4.3.1 reports a pull even when the image was local
            List<ContainerRow> all = rows();
            String name = spec.name() == null || spec.name().isEmpty()
                    ? NameGenerator.generate(new Urandom(), n -> all.stream().anyMatch(r -> r.name().equals(n)))
                    : spec.name();
            if (!NameGenerator.isValidName(name)) {
                throw new EngineException("running container create option: " + NameGenerator.INVALID_NAME_MESSAGE);
            }
            for (ContainerRow r : all) {
                if (r.name().equals(name)) {
                    throw new EngineException("creating container storage: the container name \"" + name
                            + "\" is already in use by " + r.id()
                            + ". You have to remove that container to be able to reuse that name: that name is already in use");
                }
            }
            String id = ContainerIds.newId(new Urandom());
            Map<String, Object> imageConfig = Json.object(image.config(), "image config");
            Map<String, Object> config = ContainerConfig.resolve(spec, imageConfig);
            config.put(ContainerLimits.KEY, ContainerLimits.toJson(ContainerLimitChecks.resolve(resources,
                    engine.containersConf().pidsLimit())));
            if (spec.pod() != null && !spec.pod().isEmpty()) {
                config.put(PodMembers.KEY, spec.pod());
                if (spec.initCtr() != null && !spec.initCtr().isEmpty()) {
                    config.put(PodMembers.INIT_KEY, spec.initCtr());
                }
            }
            NetworkRequest net = NetworkConfig.resolve(spec.network(), imageConfig, engine.networkStore());
            if (net.mode() == NetworkRequest.Mode.NS && !Files.exists(Path.of(net.modeValue()))) {
                throw new EngineException("cannot find specified network namespace path: stat " + net.modeValue()
                        + ": no such file or directory");   // podman's specgen checks the path at create
            }
            if (net.mode() == NetworkRequest.Mode.CONTAINER) {
                // podman resolves the other container at create and keeps its full id (inspect: container:ID)
                ContainerRow other = findOrNull(net.modeValue());
                if (other == null) {
                    throw new EngineException("looking up container to share net namespace with: no container with name or ID \""
                            + net.modeValue() + "\" found: no such container");
                }
                net = new NetworkRequest(net.mode(), other.id(), net.networks(), net.ports(), net.publishAll(), net.expose(),
                        net.dns(), net.dnsSearch(), net.dnsOptions(), net.addHosts(), net.noHosts());
            }
            config.put(NetworkConfig.KEY, NetworkConfig.toJson(net));
            Map<String, Object> joinedNamespaces = ContainerNamespaces.resolve(namespaces, spec.hostname(), this::findOrNull);
            if (!joinedNamespaces.isEmpty()) {
                config.put(ContainerNamespaces.KEY, joinedNamespaces);
            }
            UserNamespace.Settings ns = UserNamespace.resolve(userns, image, store, all, PodMembers.infraOf(this, spec.pod()),
                    this::findOrNull);
            if (!ns.isHost()) {
                config.put(UserNamespace.KEY, UserNamespace.toJson(ns));
            }
            ContainerVolumes.Prepared mounts = volumes.prepare(spec.mounts() == null ? List.of() : spec.mounts(), imageConfig);
            config.put(ContainerVolumes.KEY, mounts.json());
            try {
                layers.create(id, image, ns.mapping());
            } catch (IOException | RuntimeException e) {
                mounts.discard();
                throw e;
            }
            try {
                Files.createDirectories(userdata(id));
                long now = System.currentTimeMillis() * 1_000_000L;
                String imageName = named.names().isEmpty() ? named.id() : ImageLookup.nameMatching(spec.image(), named);
                ContainerRow row = new ContainerRow(id, name, image.id(), imageName, Json.bytes(config), CREATED,
                        0, 0, 0, now, 0, 0);
                store.db().transaction(c -> {
                    Metadata.insertContainer(c, row);
                    mounts.insert(c, id);
                    if (also != null) {
                        also.insert(c, id);
                    }
                    return null;
                });
                events.container(Events.CREATE, row);
                return id;
            } catch (IOException | RuntimeException e) {
                layers.remove(id);
                mounts.discard();
                throw e;
            }
        });
    }

    // ---- start ---------------------------------------------------------------------------------

    String start(String nameOrId) {
        return start(nameOrId, null);
    }

    /**
     * Starts the container; {@code beforeStart}, when given, runs once conmon serves the attach socket
     * and before the process starts, so an attached client misses none of its output.
     */
    private String start(String nameOrId, java.util.function.Consumer<Path> beforeStart) {
        ContainerRow before = findOrNull(nameOrId);
        if (before != null) {
            checked(before);   // an orphan shows as running: recover it first so that it starts afresh
            PodMembers.startInfra(this, before);   // a pod's container joins its infra's namespaces
        }
        return store.write(() -> {
            ContainerRow row = find(nameOrId);
            if (row.state().equals(RUNNING)) {
                return row.id();
            }
            if (row.state().equals(PAUSED)) {
                throw new EngineException("unable to start container \"" + row.id() + "\": container " + row.id()
                        + " must be in Created or Stopped state to be started: container state improper");
            }
            startLocked(row.withRestarts(0, false), beforeStart);   // podman's init: a user's start counts afresh
            return row.id();
        });
    }

    private void startLocked(ContainerRow row, java.util.function.Consumer<Path> beforeStart) throws IOException {
        String id = row.id();
        Map<String, Object> config = Json.object(row.config(), "container config");
        Path userdata = userdata(id);
        Files.createDirectories(userdata);
        Files.createDirectories(exitDir());
        Files.deleteIfExists(exitDir().resolve(id));
        Files.deleteIfExists(userdata.resolve(LocalEngine.EXIT_HANDLED));   // a previous run's
        Conmon.deleteIfKnown(runtime(), runcRoot(), id);   // a previous run's runtime state, if any
        ContainerNetwork.Joined joined = null;
        try {
            // The network first: netavark's setup runs on a thread of its own while the layers are mounted,
            // the spec written and conmon has the runtime create the container.
            joined = network.join(row, config, ContainerConfig.hostname(id, config), this::userdata);
            Path rootfs = layers.mount(id);
            List<io.peapod.core.oci.OciMount> userMounts = volumes.startMounts(row, config, rootfs);
            ContainerSpecInput input = PodMembers.specInput(this, row,
                    ContainerConfig.specInput(id, config, rootfs, userdata, userMounts, joined));
            Map<String, Object> ociSpec = SpecGenerator.generate(input, HostLimits.read());
            io.peapod.core.oci.BuildRunSpec.apply(ociSpec, id);   // a build's RUN container: buildah's settings
            ContainerLimitsSpec.prepareStart(ociSpec, config, id, userdata);   // the container's own limits, a stale oom marker gone
            ContainerNamespaces.addToSpec(ociSpec, config, this::findOrNull);   // --ipc, --pid, --uts, --cgroupns container:
            UserNamespace.Settings userns = UserNamespace.of(config);
            UserNamespaceSpec.addToSpec(ociSpec, userns, this::findOrNull, UserNamespaceSpec.ownedNetns(config)
                    ? UserNamespaceSpec.netnsOwnerFile(store.options().runRoot(), id) : null);
            UserNamespaceSpec.chownFiles(userns, java.util.Arrays.asList(input.hostsFile(), input.hostnameFile(), input.resolvConfFile()));
            Files.write(userdata.resolve("config.json"), SpecGenerator.toJson(ociSpec));
            joined.namespaceReady();   // made on netavark's thread while the layers were mounted
            ConmonRequest request = new ConmonRequest(id, row.name(), userdata, runtime(), runcRoot(), userdata,
                    logFile(row), CreateSettings.logs(config) ? "k8s-file" : "none", Boolean.TRUE.equals(config.get("terminal")),
                    Boolean.TRUE.equals(config.get("stdin")), engine.exitCommand(id, userdata.resolve("attach.lock")), exitDir(),
                    userdata.resolve("persist"),
                    userdata, CreateSettings.logSizeMax(config));
            CreateResult created = Conmon.create(request, Path.of("/usr/bin/conmon"));
            UserNamespaceSpec.releaseNetnsOwner(store.options().runRoot(), id);   // the container holds it now
            events.container(Events.INIT, row);
            if (beforeStart != null) {
                beforeStart.accept(userdata);
            }
            joined.ready();   // netavark's setup ran meanwhile; the process must not start before its network is up
            Conmon.start(runtime(), runcRoot(), id, created.containerPid());
            events.container(Events.START, row);
            ContainerRow running = row.withState(RUNNING, created.containerPid(), created.conmonPid(), 0,
                    System.currentTimeMillis() * 1_000_000L, 0);
            store.db().transaction(c -> {
                Metadata.updateContainerState(c, running);
                return null;
            });
            PodMembers.started(this, running);   // a pod's --infra-conmon-pidfile
        } catch (IOException | RuntimeException e) {
            if (joined != null) {
                joined.setUp().exceptionally(t -> null).join();   // a setup still running must end before its teardown
            }
            Conmon.deleteIfKnown(runtime(), runcRoot(), id);
            network.leave(id);
            UserNamespaceSpec.releaseNetnsOwner(store.options().runRoot(), id);
            layers.unmount(id);
            volumes.release(row);
            if (e instanceof EngineException ee && ee.exitCode() != 125) {
                throw ee;   // a failure with podman's own exit code (a published port already taken: 126)
            }
            EngineException failure = startFailure(e.getMessage() != null ? e.getMessage() : e.toString());
            if (failure.exitCode() == 125 && e instanceof io.peapod.core.conmon.ConmonException ce && ce.runtimeRefused()) {
                // libpod's ErrOCIRuntime: any other refusal of the runtime's (a cgroup value it cannot write)
                throw new EngineException("OCI runtime error: " + e.getMessage(), 126);
            }
            throw failure;
        }
    }

    /** podman's exit codes for a command that cannot be run: 127 not found, 126 not executable. */
    static EngineException startFailure(String message) {
        String m = message == null ? "" : message;
        if (m.contains("executable file not found") || m.contains("no such file or directory")) {
            return new EngineException(m + ": OCI runtime attempted to invoke a command that was not found", 127);
        }
        if (m.contains("permission denied")) {
            return new EngineException(m + ": OCI permission denied", 126);
        }
        return new EngineException(m);
    }

    private Path runtime;

    /** The OCI runtime for this host (see {@link RuntimeChoice}), looked up once per command. */
    Path runtime() {
        if (runtime == null) {
            String path = RuntimeChoice.choose(engine.options().runtime(), CgroupLayout.detect()).path();
            if (path.isEmpty()) {
                throw new EngineException("no OCI runtime found: install runc or crun");
            }
            runtime = Path.of(path);
        }
        return runtime;
    }

    /**
     * Starts the container and copies its log to {@code out}/{@code err} until it exits. Holding
     * {@code attach.lock} keeps an auto-removing cleanup from deleting the log before it is read.
     */
    int startAttached(String nameOrId, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        ContainerRow row = find(nameOrId);
        String id = row.id();
        Map<String, Object> config = Json.object(row.config(), "container config");
        if ("none".equals(config.get("logDriver"))) {
            // No log to follow: the output comes through the attach socket.
            return startAttached(id, new ContainerEngine.AttachOptions(null, out, err, new byte[0], false), true);
        }
        boolean autoRemove = Boolean.TRUE.equals(config.get("autoRemove"));
        int code;
        try (FileLock attached = FileLock.exclusive(userdata(id).resolve("attach.lock"))) {
            try {
                start(id);
                events.container(Events.ATTACH, row);
            } catch (RuntimeException e) {
                if (autoRemove) {
                    // Released first: removal takes this lock too. --rm leaves nothing, even when start fails.
                    attached.close();
                    removeContainer(id, true, true);
                }
                throw e;
            }
            code = LogFollower.follow(logFile(row), exitDir().resolve(id), out, err);
            // Record the exit now rather than waiting for conmon's exit command, so that the next
            // ps/inspect after `run` returns already sees it (podman syncs state the same way).
            // Still holding attach.lock: conmon's exit command finds it taken and starts no second JVM.
            finishForeground(id, autoRemove);
        }
        return code;
    }

    /**
     * {@code run -i/-t}, {@code start -a}: starts the container with our stdio joined to it through
     * conmon's attach socket (connected before the process starts). A container with neither a terminal
     * nor stdin is followed through its log instead, the cheaper way (see design-notes).
     */
    int startAttached(String nameOrId, ContainerEngine.AttachOptions o) throws IOException, InterruptedException {
        return startAttached(nameOrId, o, false);
    }

    private int startAttached(String nameOrId, ContainerEngine.AttachOptions o, boolean throughSocket)
            throws IOException, InterruptedException {
        ContainerRow row = find(nameOrId);
        Map<String, Object> config = Json.object(row.config(), "container config");
        boolean terminal = Boolean.TRUE.equals(config.get("terminal"));
        boolean stdin = Boolean.TRUE.equals(config.get("stdin"));
        if (!terminal && !stdin && !throughSocket) {
            return startAttached(nameOrId, o.out(), o.err());
        }
        String id = row.id();
        boolean autoRemove = Boolean.TRUE.equals(config.get("autoRemove"));
        FileLock attached = FileLock.exclusive(userdata(id).resolve("attach.lock"));
        AttachSocket[] socket = new AttachSocket[1];
        try {
            start(id, userdata -> {
                socket[0] = AttachSocket.connect(userdata);
                if (terminal) {
                    AttachSession.sendWindowSize(socket[0]);
                }
            });
            if (socket[0] == null) {
                socket[0] = AttachSocket.connect(userdata(id));   // it was running already
            }
        } catch (RuntimeException e) {
            if (socket[0] != null) {
                socket[0].close();
            }
            attached.close();
            if (autoRemove) {
                removeContainer(id, true, true);   // --rm leaves nothing, even when start fails
            }
            throw e;
        }
        return session(id, autoRemove, socket[0], attached, options(id, o, terminal, stdin));
    }

    /** {@code attach}: joins a running container's stdio; its exit code, or -1 when the user detached. */
    int attach(String nameOrId, ContainerEngine.AttachOptions o) throws IOException, InterruptedException {
        ContainerRow row = current(find(nameOrId));
        if (row == null || !row.state().equals(RUNNING)) {
            throw new EngineException("you can only attach to running containers");
        }
        String id = row.id();
        Map<String, Object> config = Json.object(row.config(), "container config");
        // A foreground run (or another attach) holding the lock records the exit; we then just watch.
        FileLock attached = FileLock.tryExclusive(userdata(id).resolve("attach.lock"));
        AttachSocket socket;
        try {
            socket = AttachSocket.connect(userdata(id));
        } catch (RuntimeException e) {
            if (attached != null) {
                attached.close();
            }
            throw new EngineException("attaching to container " + id + ": " + e.getMessage());
        }
        return session(id, Boolean.TRUE.equals(config.get("autoRemove")), socket, attached,
                options(id, o, Boolean.TRUE.equals(config.get("terminal")), Boolean.TRUE.equals(config.get("stdin"))));
    }

    private AttachSession.Options options(String id, ContainerEngine.AttachOptions o, boolean terminal, boolean stdin) {
        return new AttachSession.Options(stdin ? o.stdin() : null, o.out(), o.err(), o.detachKeys(), terminal,
                o.sigProxy() ? signal -> killQuietly(id, signal) : null);
    }

    /**
     * Runs the attach session; then, if we hold {@code attach.lock} (so conmon's exit command skipped
     * its cleanup), records the exit and honours --rm as a foreground run does.
     */
    private int session(String id, boolean autoRemove, AttachSocket socket, FileLock attached,
                        AttachSession.Options options) throws InterruptedException {
        AttachSession.End end;
        try (socket) {
            end = AttachSession.run(socket, options);
        }
        if (end == AttachSession.End.DETACHED) {
            if (attached != null) {
                attached.close();
                // The container may have exited while we held the lock, so its exit command did nothing.
                if (Conmon.exitCode(exitDir(), id).isPresent()) {
                    cleanup(id);
                }
            }
            return -1;
        }
        OptionalInt code = Conmon.awaitExitCode(exitDir(), id, Duration.ofSeconds(30));
        if (attached == null) {
            return code.orElse(-1);
        }
        try (attached) {
            // Still holding attach.lock: conmon's exit command finds it taken and starts no second JVM.
            finishForeground(id, autoRemove);
        }
        return code.orElse(-1);
    }

    /**
     * The end of a foreground run (we hold attach.lock, so conmon's exit command did nothing): the cleanup, which
     * may restart the container by its policy, else --rm's removal (--rm goes with "on-failure" only: podman's check).
     */
    private void finishForeground(String id, boolean autoRemove) throws InterruptedException {
        if (cleanup(id, false)) {
            return;   // restarted by its policy: its next exit is the exit command's again
        }
        if (autoRemove) {
            removeContainer(id, true, true);
        } else {
            markExitHandled(id);
        }
    }

    // ---- stop, kill, wait ----------------------------------------------------------------------

    String stop(String nameOrId, int timeoutSeconds) throws InterruptedException {
        return stopTogether(List.of(nameOrId), timeoutSeconds).getFirst();
    }

    /** A container being stopped: its stop settings, and its attach.lock when we hold it. */
    private record Stopping(ContainerRow row, Map<String, Object> config, int timeout, String signal, FileLock attached) {}

    /**
     * Stops the containers side by side (a pod's members, as podman does): every stop signal goes out before
     * any wait, so their grace periods and exits overlap. Returns their ids, in order.
     */
    List<String> stopTogether(List<String> namesOrIds, int timeoutSeconds) throws InterruptedException {
        return stopInWaves(List.of(namesOrIds), timeoutSeconds);
    }

    /**
     * Stops containers wave by wave (a pod's members, then its infra, as podman orders them): a wave's stop
     * signals go out together and its exits are awaited before the next wave is signalled. The cleanups come
     * after the last wave, together ({@link #cleanupTogether}), so that a pod's network teardown overlaps the
     * members' runc delete and unmount. Returns the ids, in order.
     */
    List<String> stopInWaves(List<List<String>> waves, int timeoutSeconds) throws InterruptedException {
        for (List<String> wave : waves) {
            for (String nameOrId : wave) {
                ContainerRow row = find(nameOrId);
                if (row.state().equals(PAUSED)) {
                    // podman 4.3.1 sends no signal to a paused container and then refuses its cleanup
                    throw new EngineException("container " + row.id() + " is running or paused, refusing to clean up: container state improper");
                }
            }
        }
        List<String> ids = new ArrayList<>();
        List<Stopping> stopping = new ArrayList<>();
        try {
            for (List<String> wave : waves) {
                List<Stopping> signalled = new ArrayList<>();
                for (String nameOrId : wave) {
                    ContainerRow row = find(nameOrId);
                    ids.add(row.id());
                    markStoppedByUser(row.id());   // podman marks it even when there is nothing to stop: a pending restart is off
                    ContainerRow fresh = findOrNull(row.id());
                    ContainerRow now = fresh == null ? null : checked(fresh);
                    if (now == null || !now.state().equals(RUNNING)) {
                        continue;
                    }
                    Map<String, Object> config = Json.object(row.config(), "container config");
                    int timeout = timeoutSeconds >= 0 ? timeoutSeconds : ((Number) config.getOrDefault("stopTimeout", 10)).intValue();
                    String signal = String.valueOf(config.getOrDefault("stopSignal", "SIGTERM"));
                    Stopping s = new Stopping(now, config, timeout, signal, holdExitCommand(row.id()));
                    stopping.add(s);
                    signalled.add(s);
                }
                for (Stopping s : signalled) {
                    // libpod: with a zero timeout, no stop signal and no warning, straight to SIGKILL
                    killQuietly(s.row(), s.timeout() > 0 ? String.valueOf(Signals.parse(s.signal())) : "9");
                }
                long when = System.nanoTime();
                for (Stopping s : signalled) {
                    awaitStop(s, when);
                }
            }
            List<String> toClean = new ArrayList<>();
            for (Stopping s : stopping) {
                if (s.attached() != null && Boolean.TRUE.equals(s.config().get("autoRemove"))) {
                    removeContainer(s.row().id(), true, true);   // what the skipped exit command would have done
                } else {
                    toClean.add(s.row().id());
                }
            }
            cleanupTogether(toClean);
            for (Stopping s : stopping) {
                if (s.attached() != null && toClean.contains(s.row().id())) {
                    markExitHandled(s.row().id());
                }
            }
        } finally {
            for (Stopping s : stopping) {
                if (s.attached() != null) {
                    s.attached().close();
                }
            }
        }
        return ids;
    }

    /** Waits out the stop signal's grace period (counted from {@code signalled}), then SIGKILLs. */
    private void awaitStop(Stopping s, long signalled) {
        String id = s.row().id();
        if (s.timeout() > 0) {
            Duration left = Duration.ofSeconds(s.timeout()).minusNanos(System.nanoTime() - signalled);
            if (Conmon.awaitExitCode(exitDir(), id, left.isNegative() ? Duration.ZERO : left).isPresent()) {
                events.container(Events.STOP, s.row());   // podman reports "stop" only when the stop signal sufficed
                return;
            }
            engine.warn("StopSignal " + s.signal() + " failed to stop container " + s.row().name() + " in " + s.timeout()
                    + " seconds, resorting to SIGKILL");
            killQuietly(s.row(), "9");
        }
        Conmon.awaitExitCode(exitDir(), id, Duration.ofSeconds(30));
    }

    /**
     * Takes the container's {@code attach.lock} before this process stops or removes it: conmon's exit
     * command then finds the lock held and starts no second JVM, since this one cleans up. A cleanup JVM
     * per container cost a {@code pod rm -f} of three containers ~300 ms of CPU on two cores. Null when
     * someone else holds it (a foreground run, which cleans up itself; or this very process).
     */
    private FileLock holdExitCommand(String id) {
        return FileLock.tryExclusive(userdata(id).resolve("attach.lock"));
    }

    /**
     * Tells conmon's exit command that this process has cleaned up after the exit: conmon may start it
     * only after we released {@code attach.lock}, and it then would start a JVM that finds nothing to do.
     * The next start removes the marker.
     */
    private void markExitHandled(String id) {
        try {
            Files.write(userdata(id).resolve(LocalEngine.EXIT_HANDLED), new byte[0]);
        } catch (IOException e) {
            // the exit command then runs a cleanup that finds nothing to do
        }
    }

    /** podman's restart: "restart", then stop and start. */
    String restart(String nameOrId, int timeoutSeconds) throws InterruptedException {
        events.container(Events.RESTART, find(nameOrId));
        stop(nameOrId, timeoutSeconds);
        return start(nameOrId);
    }

    String kill(String nameOrId, String signal) {
        ContainerRow row = checked(find(nameOrId));
        if (row == null) {
            throw new EngineException("no container with name or ID \"" + nameOrId + "\" found: no such container");
        }
        if (!row.state().equals(RUNNING) && !row.state().equals(PAUSED)) {
            throw new EngineException("can only kill running containers. " + row.id() + " is in state "
                    + row.state() + ": container state improper");
        }
        int number = Signals.parse(signal);
        markStoppedByUser(row.id());   // podman 4.3.1: a killed container is not restarted by its policy
        Conmon.kill(runtime(), runcRoot(), row.id(), String.valueOf(number));
        events.container(Events.KILL, row);
        return row.id();
    }

    /** Sends the stop signal; whether the container exited within {@code timeout} seconds. */
    void rename(String nameOrId, String newName) {
        store.write(() -> {
            ContainerRow row = find(nameOrId);
            if (!NameGenerator.isValidName(newName)) {
                throw new EngineException(NameGenerator.INVALID_NAME_MESSAGE);
            }
            if (row.name().equals(newName)) {
                return null;   // podman: renaming to the current name does nothing
            }
            for (ContainerRow r : rows()) {
                if (r.name().equals(newName)) {
                    throw new EngineException("renaming container " + row.id() + ": name " + newName
                            + " already in use, cannot rename container " + row.id() + ": container already exists");
                }
            }
            store.db().transaction(c -> {
                Metadata.renameContainer(c, row.id(), newName);
                return null;
            });
            events.container(Events.RENAME, findOrNull(row.id()));
            return null;
        });
    }

    private void killQuietly(String id, String signal) {
        try {
            Conmon.kill(runtime(), runcRoot(), id, signal);
        } catch (RuntimeException e) {
            // already gone: the exit file says how it ended
        }
    }

    /** A stop's or a forced removal's signal: sent directly when it can be ({@link DirectSignals}), else by the runtime. */
    private void killQuietly(ContainerRow row, String signal) {
        if (!DirectSignals.trySend(row, signal)) {
            killQuietly(row.id(), signal);
        }
    }

    int waitFor(String nameOrId) throws InterruptedException {
        ContainerRow row = find(nameOrId);
        while (true) {
            ContainerRow now = findOrNull(row.id());
            if (now == null) {
                throw new EngineException("no container with name or ID \"" + nameOrId + "\" found: no such container");
            }
            if (!now.state().equals(RUNNING) && !now.state().equals(PAUSED)) {
                return now.exitCode();
            }
            OptionalInt code = Conmon.exitCode(exitDir(), row.id());
            if (code.isPresent()) {
                return code.getAsInt();
            }
            if (!ConmonLiveness.alive(now.conmonPid(), now.id())) {
                recoverOrphan(now);   // writes the exit file that conmon never will
                continue;
            }
            Thread.sleep(20);
        }
    }

    // ---- cleanup and removal -------------------------------------------------------------------

    /** conmon's exit command: record how the container ended and release what it held. Idempotent. */
    void cleanup(String nameOrId) {
        cleanup(nameOrId, false);
    }

    /**
     * Records how the container ended, releases what it held, then restarts it when its restart policy says so
     * (libpod's Cleanup and handleRestartPolicy), else honours --rm. Only the cleanup that records the exit
     * decides: a second one finds the container exited (or running again) and does nothing. {@code mayWait}
     * (conmon's exit command only) lets a fast-failing container's later restarts wait ({@link RestartRules#delay})
     * outside the store lock; other callers restart at once. Returns whether the container was (or is being)
     * restarted.
     */
    boolean cleanup(String nameOrId, boolean mayWait) {
        Restart outcome = store.write(() -> cleanupLocked(nameOrId, mayWait, null));
        if (outcome.waiting() == null) {
            return outcome.made();
        }
        try {
            Thread.sleep(outcome.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        ContainerRow seen = outcome.waiting();
        return store.write(() -> {
            ContainerRow row = findOrNull(seen.id());
            // a user's stop, start, rm or a second exit meanwhile takes over
            if (row == null || !row.state().equals(EXITED) || row.stoppedByUser() || row.finished() != seen.finished()
                    || PodMembers.blocksRestart(this, row)) {
                return false;
            }
            restartLocked(row);
            return true;
        });
    }

    /**
     * The cleanup of several containers, under one store lock: every network teardown starts first (netavark's,
     * ~150 ms of iptables calls for a pod's infra, on threads of their own) and runs while the containers'
     * runtime state is deleted and their layers unmounted one after the other. Restarts, if a policy asks for
     * one, are made at once.
     */
    void cleanupTogether(List<String> ids) {
        store.write(() -> {
            Map<String, ContainerNetwork.Leaving> leaving = new LinkedHashMap<>();
            try {
                for (String id : ids) {
                    ContainerRow row = findOrNull(id);
                    if (row != null && exitedOrStopped(row)) {
                        leaving.put(id, network.startLeaving(id));
                    }
                }
                for (String id : ids) {
                    cleanupLocked(id, false, leaving.remove(id));
                }
            } finally {
                leaving.values().forEach(ContainerNetwork.Leaving::finish);   // a cleanup failed: still end what started
            }
            return null;
        });
    }

    /** Whether the container needs no process any more: it is neither running nor paused, or its exit file is there. */
    private boolean exitedOrStopped(ContainerRow row) {
        boolean live = row.state().equals(RUNNING) || row.state().equals(PAUSED);
        return !live || Conmon.exitCode(exitDir(), row.id()).isPresent();
    }

    /** The body of {@link #cleanup(String, boolean)} under the store lock; {@code started}: its network teardown, when begun. */
    private Restart cleanupLocked(String nameOrId, boolean mayWait, ContainerNetwork.Leaving started) throws IOException {
        ContainerRow row = findOrNull(nameOrId);
        if (row == null) {
            return Restart.NONE;   // already removed
        }
        if (!exitedOrStopped(row)) {
            return Restart.NONE;   // still running: nothing to clean yet
        }
        OptionalInt code = Conmon.exitCode(exitDir(), row.id());
        boolean live = row.state().equals(RUNNING) || row.state().equals(PAUSED);
        ContainerNetwork.Leaving leaving = started != null ? started : network.startLeaving(row.id());
        try {
            Conmon.deleteIfKnown(runtime(), runcRoot(), row.id());
            layers.unmount(row.id());
            volumes.release(row);
        } finally {
            leaving.finish();
        }
        ContainerRow now = row;
        Map<String, Object> config = Json.object(row.config(), "container config");
        boolean autoRemove = Boolean.TRUE.equals(config.get("autoRemove"));
        // podman's RestartPolicyMatch: only the exit of a running container, seen here for the first time
        boolean restart = live && RestartRules.shouldRestart(Json.string(config.get("restartPolicy")),
                config.get("restartRetries") instanceof Number n ? n.intValue() : 0, code.orElse(-1),
                row.restartCount(), row.stoppedByUser()) && !PodMembers.blocksRestart(this, row);
        if (live) {
            now = recordExit(row, code.orElse(-1));
            if (!autoRemove && !restart) {
                events.container(Events.CLEANUP, now);   // podman: --rm goes from "died" straight to "remove"
            }
        }
        if (restart) {
            Duration wait = mayWait ? RestartRules.delay(now.restartCount(),
                    Duration.ofNanos(Math.max(0, now.finished() - now.started()))) : Duration.ZERO;
            if (wait.isZero()) {
                restartLocked(now);
                return Restart.MADE;
            }
            return new Restart(false, now, wait);
        }
        if (autoRemove) {
            // A foreground run holds attach.lock until it has removed the container itself; waiting
            // for it here, under the store lock it needs, would deadlock.
            try (FileLock reader = FileLock.tryExclusive(userdata(row.id()).resolve("attach.lock"))) {
                if (reader != null) {
                    removeLocked(now, true);
                }
            }
        }
        return Restart.NONE;
    }

    /** A cleanup's restart: none, {@code made} under the lock, or due after {@code delay} for {@code waiting}. */
    private record Restart(boolean made, ContainerRow waiting, Duration delay) {
        static final Restart NONE = new Restart(false, null, Duration.ZERO), MADE = new Restart(true, null, Duration.ZERO);
    }

    /**
     * A restart by policy under the store lock: "restart", its count raised (kept even when the start fails, as
     * podman saves it first), then the ordinary start. A failure leaves the container exited; conmon's exit
     * command has nobody to tell but its log.
     */
    private void restartLocked(ContainerRow exited) {
        events.container(Events.RESTART, exited);
        ContainerRow counted = exited.withRestarts(exited.restartCount() + 1, false);
        store.db().transaction(c -> {
            Metadata.updateContainerState(c, counted);
            return null;
        });
        try {
            startLocked(counted, null);
        } catch (IOException | RuntimeException e) {
            engine.warn("restarting container " + exited.id() + " by its restart policy: " + e.getMessage());
        }
    }

    /**
     * podman's StoppedByUser, set before stop, kill or rm -f signal the container (and even when it is not
     * running) so that the cleanup of the exit they cause does not restart it. A start clears it.
     */
    private void markStoppedByUser(String id) {
        store.write(() -> {
            ContainerRow row = findOrNull(id);
            if (row != null && !row.stoppedByUser()) {
                store.db().transaction(c -> {
                    Metadata.updateContainerState(c, row.withRestarts(row.restartCount(), true));
                    return null;
                });
            }
            return null;
        });
    }

    String removeContainer(String nameOrId, boolean force) throws InterruptedException {
        return removeContainer(nameOrId, force, false);
    }

    /** Removes the container; {@code anonymousVolumes} removes its anonymous volumes too ({@code rm -v}, {@code --rm}). */
    String removeContainer(String nameOrId, boolean force, boolean anonymousVolumes) throws InterruptedException {
        ContainerRow found = findOrNull(nameOrId);
        if (found == null) {
            throw new EngineException("no container with name or ID \"" + nameOrId + "\" found: no such container");
        }
        ContainerRow row = checked(found);
        if (row == null) {
            return found.id();   // an orphan with --rm: recovering it removed it
        }
        List<String> dependents = ContainerNamespaces.dependents(row, rows());
        if (!dependents.isEmpty()) {
            throw new EngineException("container " + row.id() + " has dependent containers which must be removed before it: "
                    + String.join(", ", dependents) + ": container already exists");
        }
        FileLock attached = null;
        if ((row.state().equals(RUNNING) && Conmon.exitCode(exitDir(), row.id()).isEmpty()) || row.state().equals(PAUSED)) {
            if (!force) {
                throw new EngineException("cannot remove container " + row.id() + " as it is " + row.state()
                        + " - running or paused containers cannot be removed without force: container state improper");
            }
            markStoppedByUser(row.id());   // the exit command's cleanup must not restart what we remove
            attached = holdExitCommand(row.id());
            killQuietly(row, "9");
            if (row.state().equals(PAUSED)) {
                // as libpod does: a frozen task may only act on the SIGKILL once thawed (cgroup v1)
                ContainerPause.resumeQuietly(this, row.id());
            }
            Conmon.awaitExitCode(exitDir(), row.id(), Duration.ofSeconds(30));
        }
        try {
            store.write(() -> {
                ContainerRow current = findOrNull(row.id());
                if (current != null && (current.state().equals(RUNNING) && Conmon.exitCode(exitDir(), current.id()).isEmpty())) {
                    // restarted by its policy since we looked: the cleanup waits for this lock, so kill it here
                    if (!force) {
                        throw new EngineException("cannot remove container " + current.id() + " as it is running"
                                + " - running or paused containers cannot be removed without force: container state improper");
                    }
                    store.db().transaction(c -> {
                        Metadata.updateContainerState(c, current.withRestarts(current.restartCount(), true));
                        return null;
                    });
                    killQuietly(current, "9");
                    Conmon.awaitExitCode(exitDir(), current.id(), Duration.ofSeconds(30));
                }
                if (current != null) {
                    removeLocked(current, anonymousVolumes);
                }
                return null;
            });
        } finally {
            if (attached != null) {
                attached.close();
            }
        }
        return row.id();
    }

    /**
     * Marks a running container exited with {@code code} and reports "died". Must run inside
     * {@code store.write}: only the process that flips the row writes the event, so it is written once.
     */
    private ContainerRow recordExit(ContainerRow row, int code) {
        ContainerRow exited = row.withState(EXITED, 0, 0, code, row.started(), System.currentTimeMillis() * 1_000_000L);
        store.db().transaction(c -> {
            Metadata.updateContainerState(c, exited);
            return null;
        });
        events.container(Events.DIED, exited, code);
        return exited;
    }

    private void removeLocked(ContainerRow row, boolean anonymousVolumes) throws IOException {
        if (row.state().equals(RUNNING) || row.state().equals(PAUSED)) {
            // Removed before any cleanup recorded its exit (run --rm, rm -f): this is where it died.
            events.container(Events.DIED, row, Conmon.exitCode(exitDir(), row.id()).orElse(-1));
            if (!Boolean.TRUE.equals(Json.object(row.config(), "container config").get("autoRemove"))) {
                events.container(Events.CLEANUP, row);
            }
        }
        ContainerNetwork.Leaving leaving = network.startLeaving(row.id());
        try {
            Conmon.deleteIfKnown(runtime(), runcRoot(), row.id());
            volumes.release(row);
            store.db().transaction(c -> {
                Metadata.deleteContainer(c, row.id());
                return null;
            });
            if (anonymousVolumes) {
                volumes.removeAnonymous(row);
            }
            Conmon.awaitExit(row.conmonPid(), Duration.ofSeconds(2));   // it writes into userdata until it exits
            layers.remove(row.id());
        } finally {
            leaving.finish();   // the teardown ran meanwhile; the row's addresses went with it (foreign key)
        }
        Files.deleteIfExists(exitDir().resolve(row.id()));
        events.container(Events.REMOVE, row);
    }

    // ---- listing -------------------------------------------------------------------------------

    List<ContainerSummary> list(boolean all) {
        removeNetworkOrphans();
        long now = System.currentTimeMillis() * 1_000_000L;
        List<ContainerSummary> out = new ArrayList<>();
        Map<String, io.peapod.state.PodRow> pods = new LinkedHashMap<>();   // ps --pod: the pod's id and name
        store.db().read(io.peapod.state.PodRows::all).forEach(p -> pods.put(p.id(), p));
        for (ContainerRow r : rows()) {
            r = current(r);
            if (r == null || !all && !r.state().equals(RUNNING)) {
                continue;
            }
            Map<String, Object> config = Json.object(r.config(), "container config");
            List<String> command = new ArrayList<>();
            Json.list(config.get("args")).forEach(a -> command.add(String.valueOf(a)));
            Map<String, String> labels = new LinkedHashMap<>();
            Json.map(config.get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            io.peapod.engine.NetworkRequest net = NetworkConfig.of(config);
            out.add(new ContainerSummary(r.id(), List.of(r.name()), r.imageName(), r.imageId(), command,
                    r.created() / 1_000_000_000L, r.state(), r.exitCode(), r.state().equals(EXITED),
                    r.started() / 1_000_000_000L, r.finished() / 1_000_000_000L, r.pid(), labels,
                    Boolean.TRUE.equals(config.get("autoRemove")),
                    Durations.statusText(r.state(), r.started(), r.finished(), r.exitCode(), now),
                    Durations.runningFor(r.created(), now), List.of(), ContainerSummary.NamespaceSet.NONE,
                    List.copyOf(net.networks().keySet()), String.valueOf(config.getOrDefault(PodMembers.KEY, "")),
                    pods.containsKey(config.get(PodMembers.KEY)) ? pods.get(config.get(PodMembers.KEY)).name() : "",
                    pods.containsKey(config.get(PodMembers.KEY)) && pods.get(config.get(PodMembers.KEY)).infraId().equals(r.id()),
                    NetworkConfig.portsJson(net), null));
        }
        return out;
    }

    /**
     * The container as it is now: one whose conmon died is recovered first ({@link #checked}), then
     * {@link #synced}. Null when recovery removed it (--rm). Takes the store lock to recover: never
     * call it inside {@code store.write}.
     */
    ContainerRow current(ContainerRow r) {
        r = checked(r);
        return r == null ? null : synced(r);
    }

    /**
     * A running (or paused) row whose exit file exists has exited: show it so even before its cleanup
     * has run. No recovery, so safe under the store lock.
     */
    ContainerRow synced(ContainerRow r) {
        if (r.state().equals(RUNNING) || r.state().equals(PAUSED)) {
            OptionalInt code = Conmon.exitCode(exitDir(), r.id());
            if (code.isPresent()) {
                long finished = 0;
                try {
                    finished = Files.getLastModifiedTime(exitDir().resolve(r.id())).toMillis() * 1_000_000L;
                } catch (IOException e) {
                    finished = System.currentTimeMillis() * 1_000_000L;
                }
                return r.withState(EXITED, 0, 0, code.getAsInt(), r.started(), finished);
            }
        }
        return r;
    }

    /** {@code port}: the published ports of a running container, none for any other. */
    List<io.peapod.engine.NetworkRequest.PortMapping> ports(String nameOrId) {
        ContainerRow r = current(find(nameOrId));
        if (r == null || !r.state().equals(RUNNING)) {
            return List.of();
        }
        return NetworkConfig.of(Json.object(r.config(), "container config")).ports();
    }

    // ---- crash recovery ------------------------------------------------------------------------

    /**
     * A namespace, addresses and rules on file for a container that is not running (a start killed between
     * making its namespace and starting conmon; a container removed by a crashed command): torn down. Under
     * the store lock, which a start holds until its container runs, so a start in progress is never taken
     * for one.
     */
    private void removeNetworkOrphans() {
        List<String> onFile = network.withState();
        if (onFile.isEmpty()) {
            return;   // ps's usual case: no directory listing beyond this one, no database read
        }
        List<String> suspects = orphansAmong(onFile);
        if (suspects.isEmpty()) {
            return;
        }
        store.write(() -> {
            for (String id : orphansAmong(suspects)) {   // again under the lock: a start may have finished meanwhile
                network.leave(id);
            }
            return null;
        });
    }

    /** Those of {@code ids} that name no running or paused container (one read of the rows for all). */
    private List<String> orphansAmong(List<String> ids) {
        Map<String, ContainerRow> byId = new java.util.HashMap<>();
        rows().forEach(r -> byId.put(r.id(), r));
        return ids.stream().filter(id -> {
            ContainerRow r = byId.get(id);
            return r == null || !(r.state().equals(RUNNING) || r.state().equals(PAUSED));
        }).toList();
    }

    /**
     * The row, after recovering the container if its conmon is gone ({@link #recoverOrphan}); null
     * when recovery removed it (--rm). Never call inside {@code store.write}: recovery takes the lock.
     */
    private ContainerRow checked(ContainerRow r) {
        if (r.state().equals(RUNNING) && Conmon.exitCode(exitDir(), r.id()).isEmpty()
                && !ConmonLiveness.alive(r.conmonPid(), r.id())) {
            recoverOrphan(r);
            return findOrNull(r.id());
        }
        return r;
    }

    /**
     * A container whose conmon died has no exit file coming and, if its process lives on, nothing
     * watching it. Under the store lock: kill what still runs ({@code runc delete --force}) and write
     * the exit file conmon would have written, 137 for that SIGKILL or -1 when the process had already
     * gone and its code is lost (podman's value for a missing exit file). Then the ordinary cleanup
     * records the exit ("died" once), unmounts and honours --rm; the exit file also releases a
     * foreground run or a {@code wait} that is polling for it.
     */
    private void recoverOrphan(ContainerRow seen) {
        store.write(() -> {
            ContainerRow row = findOrNull(seen.id());
            if (row == null || !row.state().equals(RUNNING) || Conmon.exitCode(exitDir(), row.id()).isPresent()
                    || ConmonLiveness.alive(row.conmonPid(), row.id())) {
                return null;   // recovered meanwhile by another command
            }
            boolean running = Conmon.state(runtime(), runcRoot(), row.id())
                    .map(st -> st.status() != io.peapod.core.conmon.RuntimeState.Status.STOPPED).orElse(false);
            Conmon.delete(runtime(), runcRoot(), row.id(), true);
            Files.createDirectories(exitDir());
            Files.writeString(exitDir().resolve(row.id()), running ? "137" : "-1");
            return null;
        });
        cleanup(seen.id());
    }

    Map<String, Object> inspect(String nameOrId) {
        ContainerRow r = current(find(nameOrId));
        if (r == null) {
            throw new EngineException("no container with name or ID \"" + nameOrId + "\" found: no such container");
        }
        Map<String, Object> doc = ContainerDocument.of(r, Json.object(r.config(), "container config"), userdata(r.id()),
                layers.dir(r.id()), store.driver().name(), imageDigest(r.imageId()), runtime());
        doc.put("ExecIDs", ExecService.sessionIds(userdata(r.id()), r.started()));
        doc.put("NetworkSettings", network.settings(r.id(), Json.object(r.config(), "container config")));
        volumes.addToInspect(doc, Json.object(r.config(), "container config"));
        return doc;
    }

    /**
     * {@code ps --size}. With overlay the read-write layer is the upper directory; vfs copies the whole
     * image into it, so there the image's own size is taken off (an estimate: a changed file counts
     * as its new size minus its old one).
     */
    ContainerSummary.SizeInfo size(String nameOrId) {
        ContainerRow r = find(nameOrId);
        long imageSize = 0;
        for (ImageRow i : images.rows()) {
            if (i.id().equals(r.imageId())) {
                imageSize = images.size(i);
            }
        }
        long upper = RwLayerSize.of(layers.dir(r.id()).resolve("diff"));
        long rw = store.driver().name().equals("overlay") ? upper : Math.max(0, upper - imageSize);
        return new ContainerSummary.SizeInfo(imageSize, rw);
    }

    private String imageDigest(String imageId) {
        for (ImageRow i : images.rows()) {
            if (i.id().equals(imageId)) {
                return i.digest();
            }
        }
        return "";
    }

    void printLogs(String nameOrId, ContainerEngine.LogOptions o, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        ContainerRow row = find(nameOrId);
        long now = System.currentTimeMillis() * 1_000_000L;
        long since = parseTime("--since", o.since(), now, true);
        long until = parseTime("--until", o.until(), now, false);
        String prefix = o.namePrefix() ? row.name() + " " : "";
        Path log = readableLog(row);
        LogFollower.Snapshot snapshot = LogFollower.snapshot(log);
        List<ContainerEngine.LogLine> lines = selected(snapshot, since, until, o.tail());
        LogFollower.Printer printer = (line) -> {
            PrintStream target = line.stream().equals("stderr") ? err : out;
            target.print(prefix + (o.timestamps() ? new io.peapod.engine.Timestamp(line.timeNanos()).rfc3339Nano() + " " : "")
                    + line.text());
            target.flush();
        };
        for (ContainerEngine.LogLine l : lines) {
            printer.print(l);
        }
        ContainerRow current = current(row);
        if (o.follow() && current != null && current.state().equals(RUNNING)) {
            LogFollower.followFrom(log, snapshot.offset(), exitDir().resolve(row.id()), printer);
        }
    }

    /** The log's lines between {@code since} and {@code until} (0: no bound), the last {@code tail} of them (negative: all). */
    static List<ContainerEngine.LogLine> selected(LogFollower.Snapshot snapshot, long since, long until, int tail) {
        List<ContainerEngine.LogLine> lines = new ArrayList<>();
        for (ContainerEngine.LogLine l : snapshot.lines()) {
            if ((since == 0 || l.timeNanos() >= since) && (until == 0 || l.timeNanos() <= until)) {
                lines.add(l);
            }
        }
        return tail >= 0 && lines.size() > tail ? lines.subList(lines.size() - tail, lines.size()) : lines;
    }

    private static long parseTime(String flag, String value, long now, boolean since) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Durations.parseTimestamp(value, now, since);
        } catch (IllegalArgumentException e) {
            throw new EngineException("parsing " + flag + " \"" + value + "\": " + e.getMessage());
        }
    }

    List<ContainerEngine.LogLine> logs(String nameOrId) {
        ContainerRow row = find(nameOrId);
        return LogFollower.read(readableLog(row));
    }

    /** The log file, or podman's refusal for a container created with --log-driver none. */
    private Path readableLog(ContainerRow row) {
        Map<String, Object> config = Json.object(row.config(), "container config");
        if (!CreateSettings.logs(config)) {
            throw new EngineException("this container is using the '" + CreateSettings.logDriver(config)
                    + "' log driver, cannot read logs: this container is not logging output");
        }
        return CreateSettings.logPath(config, userdata(row.id()));
    }
}
