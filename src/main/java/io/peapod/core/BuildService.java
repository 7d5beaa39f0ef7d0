package io.peapod.core;

import io.peapod.build.BuildContext;
import io.peapod.build.BuildContextException;
import io.peapod.build.BuildOptions;
import io.peapod.build.BuildPlan;
import io.peapod.build.CopyEntry;
import io.peapod.build.Dockerfile;
import io.peapod.build.DockerfileException;
import io.peapod.build.DockerfileParser;
import io.peapod.build.Instruction;
import io.peapod.build.Platform;
import io.peapod.build.Stage;
import io.peapod.build.StageScope;
import io.peapod.engine.BuildEngine;
import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.PullOptions;
import io.peapod.image.Json;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.Store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code build}: runs a Containerfile's needed stages step by step as buildah does. Every step yields an
 * image (with {@code --layers}): RUN, COPY and ADD (and a WORKDIR that creates its directory) through a
 * working container whose changes become the step's layer ({@link BuildLayers}), the other instructions as
 * a new config over the same layers. A step is first looked up in the layer cache ({@link BuildCache}).
 * Working containers are always removed; a failed build tags nothing.
 */
final class BuildService {
    private static final int SHORT = 11;

    private final LocalEngine engine;
    private final ContainerService containers;
    private final ImageService images;
    private final Store store;
    private final BuildEngine.BuildRequest request;
    private final PrintStream out;
    private final PrintStream stdout;
    private final PrintStream err;
    private final BuildCache cache;
    private final BuildLayers layers;
    private final boolean docker;
    /** An image per step, cache used: {@code --layers} without {@code --squash}/{@code --squash-all} (buildah's rule). */
    private final boolean layered;
    /** The images the stages built, by stage index. */
    private final Map<Integer, String> stageImages = new HashMap<>();
    /** Intermediate images made by this build that are not the result (removed without --layers). */
    private final List<String> made = new ArrayList<>();

    BuildService(LocalEngine engine, BuildEngine.BuildRequest request, PrintStream out, PrintStream err) {
        this.engine = engine;
        this.containers = engine.containers();
        this.images = engine.images();
        this.store = containers.store();
        this.request = request;
        this.out = request.quiet() ? new PrintStream(OutputStream.nullOutputStream()) : out;
        this.stdout = out;
        this.err = err;
        this.cache = new BuildCache(store.options().graphRoot().resolve("build-cache"));
        this.layers = new BuildLayers(containers, images, request);
        this.docker = request.format().equals("docker");
        this.layered = request.layers() && !request.squash() && !request.squashAll();
    }

    String build() throws IOException, InterruptedException {
        try (BuildContext context = request.contextDir() != null ? BuildContext.directory(request.contextDir())
                : BuildContext.tar(request.contextTar(), tempDir().resolve("peapod-context-" + System.nanoTime()))) {
            String file = request.containerfile();
            String text = request.containerfileText();
            if (text == null) {   // a tar context brings its own Containerfile
                Path f = Files.isRegularFile(context.root().resolve("Containerfile")) ? context.root().resolve("Containerfile")
                        : context.root().resolve("Dockerfile");
                if (!Files.isRegularFile(f)) {
                    throw new EngineException("no Containerfile or Dockerfile specified or found in context directory, "
                            + context.root() + ": no such file or directory");
                }
                file = f.toString();
                text = Files.readString(f);
            }
            Dockerfile df = DockerfileParser.parse(file, text);
            BuildPlan plan = df.plan(new BuildOptions(request.buildArgs(), Platform.host(), Platform.host()),
                    request.target() == null || request.target().isEmpty() ? null : request.target());
            List<Integer> needed = plan.needed();
            String result = null;
            for (int n = 0; n < needed.size(); n++) {
                int idx = needed.get(n);
                String prefix = needed.size() > 1 ? "[" + (n + 1) + "/" + needed.size() + "] " : "";
                result = runStage(plan, context, idx, prefix, idx == plan.target());
                stageImages.put(idx, result);
            }
            if (!plan.unusedBuildArgs().isEmpty()) {
                err.println("[Warning] one or more build args were not consumed: " + plan.unusedBuildArgs());
            }
            finish(result);
            return result;
        } catch (DockerfileException e) {
            throw new EngineException(e.getMessage());
        } catch (BuildContextException e) {
            throw new EngineException(e.getMessage());
        } finally {
            if (!layered) {
                removeIntermediates();
            }
        }
    }

    private void finish(String id) throws IOException {
        List<String> names = new ArrayList<>();
        for (String t : request.tags()) {
            names.add(Names.forTagging(t));
        }
        if (!names.isEmpty()) {
            images.tag(id, names);
            for (String n : names) {
                say("Successfully tagged " + n);
            }
        }
        made.remove(id);
        if (request.iidFile() != null) {
            Files.writeString(request.iidFile(), "sha256:" + id);
        }
        // buildah prints the id even with -q
        stdout.println(id);
    }

    /** Runs one stage; returns its image's id. */
    private String runStage(BuildPlan plan, BuildContext context, int idx, String prefix, boolean target)
            throws IOException, InterruptedException, DockerfileException {
        BuildPlan.ResolvedStage rs = plan.stages().get(idx);
        Stage stage = rs.stage();
        List<Instruction> instructions = new ArrayList<>(stage.instructions());
        if (target && !request.labels().isEmpty()) {
            instructions.add(labelStep(plan.dockerfile().file()));
        }
        int total = 1 + instructions.size();
        say(prefix + "STEP 1/" + total + ": " + stage.from().source().text());
        ImageRow base = null;
        String baseName;
        if (rs.baseStage().isPresent()) {
            base = byId(stageImages.get(rs.baseStage().get()));
            baseName = base.id().substring(0, 12);
        } else if (!rs.scratch()) {
            base = image(rs.image());
            baseName = base.names().isEmpty() ? base.id().substring(0, 12) : base.names().getFirst();
        } else {
            baseName = "scratch";
        }
        BuildState state = BuildState.of(base, baseName);
        StageScope scope = plan.scope(idx, state.env());
        int done = 0;
        // The base image's ONBUILD triggers run first, as steps of their own; the result does not inherit them.
        List<Object> triggers = Json.list(state.config().inner().get("OnBuild"));
        if (!triggers.isEmpty() && !instructions.isEmpty()) {
            state = state.withConfig(state.config().without("OnBuild"));
            total += triggers.size();   // buildah counts them from the next step on, after "STEP 1/n: FROM"
            for (Object t : triggers) {
                Instruction raw = DockerfileParser.parseTrigger(plan.dockerfile().file(), String.valueOf(t));
                say(prefix + "STEP " + (++done + 1) + "/" + total + ": " + raw.source().text());
                Map<String, String> argsBefore = scope.args();
                state = step(plan, idx, context, scope, raw, scope.expand(raw), state, argsBefore, false, prefix);
            }
        }
        for (int i = 0; i < instructions.size(); i++) {
            Instruction raw = instructions.get(i);
            say(prefix + "STEP " + (++done + 1) + "/" + total + ": " + raw.source().text());
            boolean last = target && i == instructions.size() - 1;
            Map<String, String> argsBefore = scope.args();
            Instruction x = scope.expand(raw);
            state = step(plan, idx, context, scope, raw, x, state, argsBefore, last, prefix);
        }
        if (state.imageId() == null) {
            throw new EngineException("no image to commit for stage " + stage.displayName());
        }
        if (!layered && !instructions.isEmpty()) {
            if (!target) {
                return state.imageId();
            }
            say(prefix + "COMMIT" + commitName());
            String id = squash(state.imageId(), request.squashAll() ? null : base);
            say("--> " + id.substring(0, SHORT));
            return id;
        }
        if (instructions.isEmpty()) {
            if (target) {
                say(prefix + "COMMIT" + commitName());
            }
            say("--> " + state.imageId().substring(0, SHORT));
        }
        return state.imageId();
    }

    /** A line of the build's output, flushed at once so that it comes before the next RUN's output. */
    private void say(String line) {
        out.println(line);
        out.flush();
    }

    /** buildah turns {@code --label}s into one more step of the target stage: {@code LABEL "k"="v" ...}. */
    private Instruction labelStep(String file) {
        StringBuilder text = new StringBuilder("LABEL");
        List<io.peapod.build.KeyValue> pairs = new ArrayList<>();
        request.labels().forEach((k, v) -> {
            String qk = quote(k);
            String qv = quote(v);
            text.append(' ').append(qk).append('=').append(qv);
            pairs.add(new io.peapod.build.KeyValue(qk, qv));
        });
        return new Instruction.Label(new io.peapod.build.Source(file, 0, 0, text.toString()), pairs);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
    }

    private String commitName() {
        return request.tags().isEmpty() ? "" : " " + request.tags().getFirst();
    }

    /** One instruction: from the cache, or executed and committed. */
    private BuildState step(BuildPlan plan, int stageIdx, BuildContext context, StageScope scope, Instruction raw,
                            Instruction x, BuildState state, Map<String, String> args, boolean last, String prefix)
            throws IOException, InterruptedException, DockerfileException {
        BuildState.Change change = BuildState.Change.none();
        String createdBy;
        List<CopyEntry> entries = null;
        String fromImage = null;
        String extra = "";
        switch (x) {
            case Instruction.Run r -> {
                List<String> argv = runArgv(r, state);
                createdBy = runCreatedBy(r, argv, args);
                extra = "mounts " + r.mountOptions() + " network " + r.network();
                for (io.peapod.build.MountSpec m : r.mounts()) {
                    if (m.type().equals("bind") && !m.from().isEmpty()) {   // what the mounted image holds
                        extra += " from " + switch (plan.resolveFrom(stageIdx, m.from())) {
                            case BuildPlan.FromRef.StageRef sr -> stageImages.get(sr.index());
                            case BuildPlan.FromRef.ImageRef ir -> imageOrNoStage(raw, "RUN --mount", ir.image()).id();
                        };
                    }
                }
            }
            case Instruction.Copy c -> {
                if (c.from() != null) {
                    BuildPlan.FromRef ref = plan.resolveFrom(stageIdx, c.from());
                    fromImage = switch (ref) {
                        case BuildPlan.FromRef.StageRef s -> stageImages.get(s.index());
                        case BuildPlan.FromRef.ImageRef i -> imageOrNoStage(raw, "COPY", i.image()).id();
                    };
                    createdBy = null;   // named after the content once copied; the key holds the source image
                    extra = "from " + fromImage + " sources " + c.sources() + " dest " + c.dest();
                } else {
                    entries = select(context, raw, c.sources(), c.dest(), false);
                    createdBy = nop("COPY " + contentSummary(entries) + " in " + c.dest() + " ");
                }
                extra += " chown " + c.chown() + " chmod " + c.chmod();
            }
            case Instruction.Add a -> {
                for (String s : a.sources()) {
                    if (s.startsWith("http://") || s.startsWith("https://")) {
                        throw new EngineException("building at STEP \"" + raw.source().text() + "\": ADD of a URL is not supported yet");
                    }
                }
                entries = select(context, raw, a.sources(), a.dest(), true);
                createdBy = nop("ADD " + contentSummary(entries) + " in " + a.dest() + " ");
                extra = "chown " + a.chown() + " chmod " + a.chmod();
            }
            case Instruction.Workdir w -> createdBy = nop("WORKDIR " + w.path());
            case Instruction.Arg a -> {
                StringBuilder names = new StringBuilder("ARG");
                a.args().forEach(d -> names.append(' ').append(d.name()));
                createdBy = nop(names.toString());
            }
            default -> createdBy = nop(raw.source().text());
        }
        String key = cache.key(state.imageId(), createdBy == null ? "COPY --from" : createdBy, args,
                extra + " format " + request.format());
        if (layered && !request.noCache()) {
            String hit = cache.lookup(key, id -> images.rows().stream().anyMatch(r -> r.id().equals(id)));
            if (hit != null) {
                say("--> Using cache " + hit);
                if (last && !request.tags().isEmpty()) {   // buildah names the commit only when tagging
                    say(prefix + "COMMIT" + commitName());
                }
                say("--> " + hit.substring(0, SHORT));
                return state.next(byId(hit));
            }
        }
        BuildState.Config cfg = state.config();
        Path layer = null;
        switch (x) {
            case Instruction.Run r -> {
                if (state.imageId() == null) {
                    throw new EngineException("building at STEP \"" + raw.source().text()
                            + "\": no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
                }
                List<BuildLayers.FromMount> fromMounts = new ArrayList<>();
                for (io.peapod.build.MountSpec m : r.mounts()) {
                    if (m.type().equals("bind") && !m.from().isEmpty()) {
                        String image = switch (plan.resolveFrom(stageIdx, m.from())) {
                            case BuildPlan.FromRef.StageRef sr -> stageImages.get(sr.index());
                            case BuildPlan.FromRef.ImageRef ir -> imageOrNoStage(raw, "RUN --mount", ir.image()).id();
                        };
                        fromMounts.add(new BuildLayers.FromMount(image, m.source(), m.target(), m.readOnly()));
                    }
                }
                layer = layers.run(state, runArgv(r, state), scope.runEnvironment(), runMounts(r, context, raw),
                        fromMounts, raw.source().text(), out, err);
            }
            case Instruction.Copy c -> {
                if (c.from() != null) {
                    BuildLayers.Copied copied = layers.copyFromImage(state, fromImage, c.sources(), c.dest(), c.chown(),
                            c.chmod(), raw.source().text());
                    layer = copied.tar();
                    createdBy = nop("COPY " + copied.summary() + " in " + c.dest() + " ");
                } else {
                    layer = layers.copy(state, entries, c.dest(), c.chown(), c.chmod(), false);
                }
            }
            case Instruction.Add a -> {
                layer = layers.copy(state, entries, a.dest(), a.chown(), a.chmod(), true);
            }
            case Instruction.Workdir w -> {
                String dir = BuildState.resolveWorkdir(cfg.workingDir(), w.path());
                cfg = cfg.with("WorkingDir", dir);
                if (state.imageId() != null) {
                    layer = layers.mkdir(state, dir);   // null when it was there already
                }
            }
            case Instruction.Env e -> {
                Map<String, String> env = new LinkedHashMap<>(cfg.env());
                e.pairs().forEach(kv -> env.put(kv.key(), kv.value()));
                cfg = cfg.withEnv(env);
            }
            case Instruction.Label l -> {
                Map<String, Object> labelsNow = new LinkedHashMap<>(Json.map(cfg.inner().get("Labels")));
                l.pairs().forEach(kv -> labelsNow.put(kv.key(), kv.value()));
                cfg = cfg.with("Labels", labelsNow);
            }
            case Instruction.User u -> cfg = cfg.with("User", u.user());
            case Instruction.Expose e -> {
                Map<String, Object> ports = new LinkedHashMap<>(Json.map(cfg.inner().get("ExposedPorts")));
                for (String p : e.ports()) {
                    ports.put(p.contains("/") ? p.toLowerCase(Locale.ROOT) : p + "/tcp", Map.of());
                }
                cfg = cfg.with("ExposedPorts", ports);
            }
            case Instruction.Volume v -> {
                Map<String, Object> vols = new LinkedHashMap<>(Json.map(cfg.inner().get("Volumes")));
                v.paths().forEach(p -> vols.put(p, Map.of()));
                cfg = cfg.with("Volumes", vols);
            }
            // imagebuilder (podman 4.3.1) wraps CMD and ENTRYPOINT's shell form in /bin/sh -c whatever SHELL says
            case Instruction.Cmd c -> cfg = cfg.with("Cmd", c.command().argv(List.of("/bin/sh", "-c")));
            case Instruction.Entrypoint e -> {
                cfg = cfg.with("Entrypoint", e.command().argv(List.of("/bin/sh", "-c")));
                if (!state.cmdSetInStage()) {
                    cfg = cfg.without("Cmd");   // docker/buildah: a new ENTRYPOINT drops the base image's CMD
                }
            }
            case Instruction.Shell s -> cfg = cfg.with("Shell", s.shell());
            case Instruction.StopSignal s -> cfg = cfg.with("StopSignal", s.signal());
            case Instruction.Healthcheck h -> cfg = cfg.with("Healthcheck", healthcheck(h, cfg));
            case Instruction.Onbuild o -> {
                List<Object> triggers = new ArrayList<>(Json.list(cfg.inner().get("OnBuild")));
                triggers.add(o.trigger());
                cfg = cfg.with("OnBuild", triggers);
            }
            case Instruction.Maintainer m -> cfg = cfg.withAuthor(m.name());
            case Instruction.Arg a -> {
            }
            case Instruction.From f -> throw new IllegalStateException("FROM inside a stage");
        }
        if (x instanceof Instruction.Cmd) {
            change = BuildState.Change.cmd();
        }
        String id;
        try {
            id = commit(state, cfg, layer, createdBy, last, prefix);
        } finally {
            if (layer != null) {
                Files.deleteIfExists(layer);
            }
        }
        cache.store(key, id);
        return state.next(byId(id)).after(change);
    }

    /**
     * RUN's {@code --mount}s as the working container's mounts: {@code cache} a directory of the store kept
     * between builds (by id, else target), {@code bind} a path of the context (read-only unless rw), {@code tmpfs}.
     */
    private List<io.peapod.engine.MountRequest> runMounts(Instruction.Run r, BuildContext context, Instruction raw)
            throws IOException {
        List<io.peapod.engine.MountRequest> out = new ArrayList<>();
        for (io.peapod.build.MountSpec m : r.mounts()) {
            List<String> ro = m.readOnly() ? List.of("ro") : List.of();
            switch (m.type()) {
                case "cache" -> {
                    String id = m.id().isEmpty() ? m.target() : m.id();
                    Path dir = store.options().graphRoot().resolve("build-cache-mounts")
                            .resolve(Digests.hex(Digests.of(id.getBytes(StandardCharsets.UTF_8))));
                    if (!Files.isDirectory(dir)) {
                        Files.createDirectories(dir);
                        if (m.mode() != null) {
                            Files.setAttribute(dir, "unix:mode", m.mode());
                        }
                        if (m.uid() != null || m.gid() != null) {
                            Files.setAttribute(dir, "unix:uid", m.uid() == null ? 0 : m.uid());
                            Files.setAttribute(dir, "unix:gid", m.gid() == null ? 0 : m.gid());
                        }
                    }
                    out.add(new io.peapod.engine.MountRequest(io.peapod.engine.MountRequest.BIND, dir.toString(), m.target(), ro));
                }
                case "bind" -> {
                    if (!m.from().isEmpty()) {
                        continue;   // mounted from the image's root by BuildLayers.run
                    }
                    Path src = io.peapod.storage.RootedPath.resolve(context.root(), m.source().isEmpty() ? "/" : m.source(), true).host();
                    if (!Files.exists(src)) {
                        throw new EngineException("building at STEP \"" + raw.source().text() + "\": " + m.source()
                                + ": no such file or directory");
                    }
                    out.add(new io.peapod.engine.MountRequest(io.peapod.engine.MountRequest.BIND, src.toString(), m.target(), ro));
                }
                case "secret" -> {
                    String id = m.id().isEmpty() ? m.target().replaceFirst(".*/", "") : m.id();
                    Path file = request.secrets().get(id);
                    if (file == null) {
                        if (m.required()) {
                            throw new EngineException("building at STEP \"" + raw.source().text() + "\": secret required but no secret with id "
                                    + id + " found");
                        }
                        continue;
                    }
                    String target = m.target().isEmpty() ? "/run/secrets/" + id : m.target();
                    out.add(new io.peapod.engine.MountRequest(io.peapod.engine.MountRequest.BIND, file.toString(), target, List.of("ro")));
                }
                case "tmpfs" -> out.add(new io.peapod.engine.MountRequest(io.peapod.engine.MountRequest.TMPFS, "", m.target(),
                        m.size() == null ? List.of() : List.of("size=" + m.size())));
                default -> throw new EngineException("building at STEP \"" + raw.source().text() + "\": RUN --mount=type="
                        + m.type() + " is not supported yet");
            }
        }
        return out;
    }

    /** The COPY/ADD sources from the context; an error framed as buildah frames a step's. */
    private static List<CopyEntry> select(BuildContext context, Instruction raw, List<String> sources, String dest,
                                          boolean add) {
        try {
            return context.select(sources, dest, add);
        } catch (BuildContextException e) {
            throw new EngineException("building at STEP \"" + raw.source().text() + "\": " + e.getMessage());
        }
    }

    /** Records the step's image: the parent's layers (plus {@code layer}), the new config and history entry. */
    private String commit(BuildState state, BuildState.Config cfg, Path layerTar, String createdBy,
                          boolean last, String prefix) {
        if (!docker) {
            for (String k : List.of("Healthcheck", "Shell", "OnBuild")) {
                if (cfg.inner().containsKey(k) && !(k.equals("OnBuild") && Json.list(cfg.inner().get(k)).isEmpty())) {
                    engine.warn((k.equals("OnBuild") ? "ONBUILD" : k.toUpperCase(Locale.ROOT))
                            + " is not supported for OCI image format and will be ignored. Must use `docker` format");
                }
            }
        }
        if (last && layered) {
            say(prefix + "COMMIT" + commitName());
        }
        String now = new io.peapod.engine.Timestamp(System.currentTimeMillis() * 1_000_000L).rfc3339Nano();
        Map<String, Object> inner = new LinkedHashMap<>(cfg.inner());
        if (!docker) {
            inner.remove("Healthcheck");
            inner.remove("Shell");
            inner.remove("OnBuild");
        }
        String saved = store.write(() -> {
            try {
                LayerRow layer = null;
                if (layerTar != null) {
                    ImageRow parentRow = state.imageId() == null ? null : byId(state.imageId());
                    try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(layerTar), 256 * 1024)) {
                        layer = store.layers().put(in, parentRow == null ? null : parentRow.topLayer(), null, null, -1);
                    }
                }
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("created", now);
                if (cfg.author() != null) {
                    config.put("author", cfg.author());
                }
                config.put("architecture", state.architecture());
                config.put("os", "linux");
                config.put("config", inner);
                List<Object> diffIds = new ArrayList<>(state.diffIds());
                if (layer != null) {
                    diffIds.add(layer.diffId());
                }
                config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
                List<Object> history = new ArrayList<>(state.history());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("created", now);
                entry.put("created_by", createdBy);
                if (cfg.author() != null) {
                    entry.put("author", cfg.author());
                }
                entry.put("comment", "FROM " + state.parentName());
                if (layer == null) {
                    entry.put("empty_layer", true);
                }
                history.add(entry);
                config.put("history", history);
                ImageStore istore = new ImageStore(store);
                List<LayerRow> chain = new ArrayList<>();
                ImageRow parent = state.imageId() == null ? null : byId(state.imageId());
                if (parent != null) {
                    chain.addAll(istore.layers(parent));
                }
                if (layer != null) {
                    chain.add(layer);
                }
                CommittedImage image = CommittedImage.of(config, chain, docker);
                String id = image.id();
                String top = layer != null ? layer.id() : parent == null ? null : parent.topLayer();
                istore.add(new ImageRow(id, top, Digests.of(image.manifest()), image.manifest(), image.manifestType(), image.config(),
                        Times.parseNanos(now), System.currentTimeMillis() * 1_000_000L, List.of()));
                return id;
            } catch (IOException | RuntimeException e) {
                new ImageStore(store).removeUnusedLayers();
                throw e;
            }
        });
        made.add(saved);
        if (layered) {
            say("--> " + saved.substring(0, SHORT));
        }
        return saved;
    }

    /**
     * Without layers (or with {@code --squash}): the stage's result as buildah commits its one working
     * container, i.e. the base image's layers and one layer of everything the steps changed; {@code
     * --squash-all} ({@code base} null) one layer of the whole filesystem. The history keeps every step,
     * only the last one holding the layer.
     */
    private String squash(String finalId, ImageRow base) throws IOException, InterruptedException {
        ImageRow result = byId(finalId);
        Path tar = layers.squashedLayer(finalId, base == null ? null : base.id());
        try {
            return store.write(() -> {
                try {
                    LayerRow layer;
                    try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(tar), 256 * 1024)) {
                        layer = store.layers().put(in, base == null ? null : base.topLayer(), null, null, -1);
                    }
                    Map<String, Object> config = new LinkedHashMap<>(Json.object(result.config(), "image config"));
                    List<Object> diffIds = new ArrayList<>();
                    ImageStore istore = new ImageStore(store);
                    List<LayerRow> chain = new ArrayList<>();
                    int baseHistory = 0;
                    if (base != null) {
                        Map<String, Object> baseConfig = Json.object(base.config(), "image config");
                        diffIds.addAll(Json.list(Json.map(baseConfig.get("rootfs")).get("diff_ids")));
                        chain.addAll(istore.layers(base));
                        baseHistory = Json.list(baseConfig.get("history")).size();
                    }
                    diffIds.add(layer.diffId());
                    chain.add(layer);
                    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
                    List<Object> history = new ArrayList<>();
                    List<Object> old = Json.list(config.get("history"));
                    for (int i = 0; i < old.size(); i++) {
                        Map<String, Object> h = new LinkedHashMap<>(Json.map(old.get(i)));
                        if (i >= baseHistory || base == null) {
                            if (i == old.size() - 1) {
                                h.remove("empty_layer");
                            } else {
                                h.put("empty_layer", true);
                            }
                        }
                        history.add(h);
                    }
                    config.put("history", history);
                    CommittedImage image = CommittedImage.of(config, chain, docker);
                    String id = image.id();
                    image.printCopyLines(chain, out);
                    istore.add(new ImageRow(id, layer.id(), Digests.of(image.manifest()), image.manifest(), image.manifestType(),
                            image.config(),
                            result.created(), System.currentTimeMillis() * 1_000_000L, List.of()));
                    return id;
                } catch (IOException | RuntimeException e) {
                    new ImageStore(store).removeUnusedLayers();
                    throw e;
                }
            });
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static Map<String, Object> healthcheck(Instruction.Healthcheck h, BuildState.Config cfg) {
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("Test", h.test());
        if (h.startPeriod() != null) {
            hc.put("StartPeriod", h.startPeriod().toNanos());
        }
        if (h.interval() != null) {
            hc.put("Interval", h.interval().toNanos());
        }
        if (h.timeout() != null) {
            hc.put("Timeout", h.timeout().toNanos());
        }
        if (h.retries() != null) {
            hc.put("Retries", h.retries());
        }
        return hc;
    }

    private static List<String> shell(BuildState.Config cfg) {
        List<Object> s = Json.list(cfg.inner().get("Shell"));
        if (s.isEmpty()) {
            return List.of("/bin/sh", "-c");
        }
        List<String> out = new ArrayList<>();
        s.forEach(o -> out.add(String.valueOf(o)));
        return out;
    }

    private static List<String> runArgv(Instruction.Run r, BuildState state) {
        if (r.command().execForm()) {
            return r.command().args();
        }
        List<String> argv = new ArrayList<>(shell(state.config()));
        String script = r.script();
        argv.add(script == null ? "" : script);
        return argv;
    }

    /** buildah's history for RUN: {@code |N K=V ... } before the command when build args are in effect. */
    private static String runCreatedBy(Instruction.Run r, List<String> argv, Map<String, String> args) {
        StringBuilder b = new StringBuilder();
        Map<String, String> shown = new TreeMap<>(args);
        BuildOptions.PROXY_ARGS.forEach(shown::remove);
        if (!shown.isEmpty()) {
            b.append('|').append(shown.size());
            shown.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            b.append(' ');
        }
        b.append(String.join(" ", argv));
        return b.toString();
    }

    private static String nop(String text) {
        return "/bin/sh -c #(nop) " + text;
    }

    /** {@code file:DIGEST}, {@code dir:DIGEST} or {@code multi:DIGEST}, as buildah names a COPY's content. */
    static String contentSummary(List<CopyEntry> entries) throws IOException {
        String digest = BuildContext.digest(entries);
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        if (entries.size() == 1 && entries.getFirst().type() == CopyEntry.Type.FILE) {
            return "file:" + hex;
        }
        boolean oneDir = entries.stream().noneMatch(e -> e.target().isEmpty());
        return (oneDir ? "dir:" : "multi:") + hex;
    }

    private ImageRow byId(String id) {
        for (ImageRow r : images.rows()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new EngineException("image " + id + " not known");
    }

    /** A FROM image, pulled as {@code --pull} says (as run does: missing by default). */
    private ImageRow image(String ref) {
        String policy = request.pull();
        ImageRow local = ImageLookup.findOrNull(ref, images.rows());
        if (local != null && !policy.equals("always") && !policy.equals("newer")) {
            return local;
        }
        if (policy.equals("never")) {
            throw new EngineException("creating build container: " + ref + ": image not known");
        }
        List<String> ids = engine.pull(new PullOptions(ref, "", "", "", "", false, request.quiet(), false, null,
                policy.equals("newer") ? "newer" : policy.equals("always") ? "always" : "missing"), err);
        return byId(ids.getFirst());
    }

    private ImageRow imageOrNoStage(Instruction raw, String keyword, String ref) {
        try {
            return image(ref);
        } catch (EngineException e) {
            throw new EngineException(BuildPlan.noStageOrImage(raw.source(), keyword, ref).getMessage());
        }
    }

    private void removeIntermediates() {
        for (String id : made) {
            try {
                store.write(() -> {
                    new ImageStore(store).remove(id);
                    return null;
                });
            } catch (RuntimeException e) {
                // still used (a later step's parent that is kept): left for prune
            }
        }
    }

    static Path tempDir() throws IOException {
        String dir = System.getenv("TMPDIR");
        Path p = Path.of(dir == null || dir.isEmpty() ? "/var/tmp" : dir);
        Files.createDirectories(p);
        return p;
    }

    /** The layer cache's index: one small file per key naming the image that step made. */
    static final class BuildCache {
        private final Path dir;

        BuildCache(Path dir) {
            this.dir = dir;
        }

        String key(String parent, String createdBy, Map<String, String> args, String extra) {
            StringBuilder b = new StringBuilder();
            b.append("parent ").append(parent).append('\n').append("step ").append(createdBy).append('\n');
            new TreeMap<>(args).forEach((k, v) -> b.append("arg ").append(k).append('=').append(v).append('\n'));
            b.append(extra);
            return Digests.hex(Digests.of(b.toString().getBytes(StandardCharsets.UTF_8)));
        }

        String lookup(String key, java.util.function.Predicate<String> exists) {
            try {
                Path f = dir.resolve(key);
                if (!Files.isRegularFile(f)) {
                    return null;
                }
                String id = Files.readString(f).strip();
                return exists.test(id) ? id : null;
            } catch (IOException e) {
                return null;
            }
        }

        void store(String key, String id) {
            try {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".key-", ".tmp");
                Files.writeString(tmp, id);
                Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // a missing index entry only costs a rebuild
            }
        }
    }
}
