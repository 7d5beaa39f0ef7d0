package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.FilesEngine;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;
import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.storage.ContainerLayers;
import io.peapod.storage.Digests;
import io.peapod.storage.ImageStore;
import io.peapod.storage.LayerDiff;
import io.peapod.storage.Store;
import io.peapod.storage.TreeArchiver;
import io.peapod.storage.tar.TarWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code commit}: a new image whose top layer is the container's changes (what {@code diff} lists) on
 * top of the container's image, or with {@code --squash} one layer holding the whole filesystem. The
 * layer tar is spooled to a temporary file first; then, under the store lock, the layer is unpacked and
 * the image recorded as {@code import} does, and any failure removes the layer again: no half-written
 * image is ever visible.
 */
final class ContainerCommit {
    private final ContainerService containers;
    private final ImageService images;
    private final Store store;

    ContainerCommit(ContainerService containers, ImageService images) {
        this.containers = containers;
        this.images = images;
        this.store = containers.store();
    }

    String commit(FilesEngine.CommitOptions o, PrintStream progress) throws IOException {
        ContainerRow row = containers.find(o.container());
        String name = o.reference() == null || o.reference().isEmpty() ? null : Names.forTagging(o.reference());
        boolean docker = o.format().equals("docker");
        if (!docker) {
            if (o.message() != null && !o.message().isEmpty()) {
                warn("COMMENT is not supported for OCI image format, comment " + o.message()
                        + " will be ignored. Must use `docker` format");
            }
            for (String c : o.changes()) {
                if (c.trim().toUpperCase(java.util.Locale.ROOT).startsWith("ONBUILD")) {
                    warn("ONBUILD is not supported for OCI image format, " + c.trim().substring(7).trim()
                            + " will be ignored. Must use `docker` format");
                }
            }
        }
        ImageRow base = null;
        for (ImageRow i : images.rows()) {
            if (i.id().equals(row.imageId())) {
                base = i;
            }
        }
        if (base == null) {
            throw new EngineException("image " + row.imageId() + " of container " + row.id() + " not known");
        }
        boolean pause = o.pause() && row.state().equals(ContainerService.RUNNING);
        Path tar = Files.createTempFile(tempDir(), "peapod-commit-", ".tar");
        try {
            if (pause) {
                ContainerPause.pause(containers, row.id());
            }
            try {
                writeLayer(row, o.squash(), tar);
            } finally {
                if (pause) {
                    ContainerPause.unpause(containers, row.id());
                }
            }
            ImageRow parent = base;
            String id = store.write(() -> {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 256 * 1024)) {
                    LayerRow layer = store.layers().put(in, o.squash() ? null : parent.topLayer(), null, null, -1);
                    return record(row, parent, layer, name, o, progress);
                } catch (IOException | RuntimeException e) {
                    new ImageStore(store).removeUnusedLayers();   // the layer this commit stored, if no image holds it
                    throw e;
                }
            });
            if (o.iidFile() != null) {
                Files.writeString(o.iidFile(), id);   // podman writes the bare id
            }
            return id;
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private void writeLayer(ContainerRow row, boolean squash, Path tar) throws IOException {
        ContainerFiles files = new ContainerFiles(containers);
        if (squash) {
            files.withRoot(row.id(), (r, root) -> {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024)) {
                    TarWriter w = new TarWriter(out);
                    new TreeArchiver(w, TreeArchiver.Owners.NONE, true).unshifted(UserNamespace.of(row).mapping()).write(root, "");
                    w.close();
                }
                return null;
            });
            return;
        }
        List<FilesEngine.Change> changes = new FilesystemChanges(containers, images).containerDiff(row);
        List<LayerDiff.Change> entries = new ArrayList<>();
        for (FilesEngine.Change c : changes) {
            entries.add(new LayerDiff.Change(c.kind(), c.path()));
        }
        Path top = new ContainerLayers(store).dir(row.id()).resolve("diff");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024)) {
            LayerDiff.write(top, entries, out, UserNamespace.of(row).mapping());   // ids as the container sees them
        }
    }

    /** Writes the image's config and manifest and records it with its layer. Runs under the store lock. */
    private String record(ContainerRow row, ImageRow base, LayerRow layer, String name, FilesEngine.CommitOptions o,
                          PrintStream progress) {
        boolean docker = o.format().equals("docker");
        Map<String, Object> baseConfig = Json.object(base.config(), "image config");
        Map<String, Object> container = Json.object(row.config(), "container config");
        String now = new io.peapod.engine.Timestamp(System.currentTimeMillis() * 1_000_000L).rfc3339Nano();

        Map<String, Object> inner = new LinkedHashMap<>(Json.map(baseConfig.get("config")));
        // The environment the container ran with (podman commits its process's env): containers.conf's
        // defaults, then the container's own values, without the per-run HOSTNAME.
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "container=peapod")) {
            env.put(kv.substring(0, kv.indexOf('=')), kv);
        }
        for (String kv : strings(container.get("env"))) {
            int eq = kv.indexOf('=');
            env.put(eq < 0 ? kv : kv.substring(0, eq), kv);
        }
        inner.put("Env", new ArrayList<>(env.values()));
        List<String> entrypoint = strings(container.get("entrypoint"));
        if (!entrypoint.isEmpty()) {
            inner.put("Entrypoint", entrypoint);
        } else {
            inner.remove("Entrypoint");
        }
        List<String> cmd = strings(container.get("command"));
        if (!cmd.isEmpty()) {
            inner.put("Cmd", cmd);
        }
        String workdir = Json.string(container.get("workdir"));
        if (workdir != null && !workdir.isEmpty()) {
            inner.put("WorkingDir", workdir);
        }
        String user = Json.string(container.get("user"));
        if (user != null && !user.isEmpty() && !(user.equals("0") && !inner.containsKey("User"))) {
            inner.put("User", user);
        }
        if (o.includeVolumes()) {
            Map<String, Object> volumes = new LinkedHashMap<>(Json.map(inner.get("Volumes")));
            for (Object m : Json.list(container.get(ContainerVolumes.KEY))) {
                Map<String, Object> mount = Json.map(m);
                if ("volume".equals(Json.string(mount.get("type")))) {
                    volumes.put(Json.string(mount.get("destination")), Map.of());
                }
            }
            if (!volumes.isEmpty()) {
                inner.put("Volumes", volumes);
            }
        }
        List<String> changes = o.changes();
        if (!docker) {
            changes = changes.stream().filter(c -> !c.trim().toUpperCase(java.util.Locale.ROOT).startsWith("ONBUILD")).toList();
        }
        ConfigChanges.apply(inner, changes);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", now);
        if (o.author() != null && !o.author().isEmpty()) {
            config.put("author", o.author());
        }
        config.put("architecture", baseConfig.getOrDefault("architecture", "amd64"));
        config.put("os", baseConfig.getOrDefault("os", "linux"));
        if (docker && o.message() != null && !o.message().isEmpty()) {
            config.put("comment", o.message());
        }
        config.put("config", inner);
        List<Object> diffIds = new ArrayList<>();
        List<LayerRow> chain = new ArrayList<>();
        if (!o.squash()) {
            diffIds.addAll(Json.list(Json.map(baseConfig.get("rootfs")).get("diff_ids")));
            chain.addAll(new ImageStore(store).layers(base));
        }
        diffIds.add(layer.diffId());
        chain.add(layer);
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        List<Object> history = new ArrayList<>(o.squash() ? List.of() : Json.list(baseConfig.get("history")));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("created", now);
        entry.put("created_by", "/bin/sh");
        if (o.author() != null && !o.author().isEmpty()) {
            entry.put("author", o.author());
        }
        entry.put("comment", "FROM " + row.imageName());
        history.add(entry);
        config.put("history", history);

        CommittedImage image = CommittedImage.of(config, chain, docker);
        String id = image.id();
        if (progress != null) {
            image.printCopyLines(chain, progress);
        }
        ImageStore store = new ImageStore(this.store);
        ImageRow existing = null;
        for (ImageRow i : images.rows()) {
            if (i.id().equals(id)) {
                existing = i;
            }
        }
        if (existing == null) {
            store.add(new ImageRow(id, layer.id(), Digests.of(image.manifest()), image.manifest(), image.manifestType(), image.config(),
                    Times.parseNanos(now), System.currentTimeMillis() * 1_000_000L, name == null ? List.of() : List.of(name)));
        }
        Events events = new Events(this.store.options().runRoot());
        events.container("commit", row);
        if (name != null) {
            events.image(Events.TAG, id, o.reference());
        }
        return id;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : Json.list(o)) {
            out.add(String.valueOf(x));
        }
        return out;
    }

    private static void warn(String message) {
        System.err.println("time=\"" + new io.peapod.engine.Timestamp(System.currentTimeMillis() * 1_000_000L).rfc3339Nano()
                + "\" level=warning msg=\"" + message + "\"");
    }

    private static Path tempDir() throws IOException {
        String dir = System.getenv("TMPDIR");
        Path p = Path.of(dir == null || dir.isEmpty() ? "/var/tmp" : dir);
        Files.createDirectories(p);
        return p;
    }
}
