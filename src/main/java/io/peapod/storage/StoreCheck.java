package io.peapod.storage;

import io.peapod.state.ImageRow;
import io.peapod.state.LayerRow;
import io.peapod.state.Metadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compares the database with the disk: every row has its files and every chain is whole. */
final class StoreCheck {
    private final Store store;

    StoreCheck(Store store) {
        this.store = store;
    }

    List<String> run() {
        List<String> problems = new ArrayList<>();
        List<LayerRow> layers = store.db().read(Metadata::layers);
        List<ImageRow> images = store.db().read(Metadata::images);
        Map<String, LayerRow> byId = new HashMap<>();
        layers.forEach(l -> byId.put(l.id(), l));
        for (LayerRow l : layers) {
            Path dir = store.driverRoot().resolve(l.id());
            if (!Files.isDirectory(dir.resolve("diff")) || !Files.isRegularFile(dir.resolve("skeleton.gz"))) {
                problems.add("layer " + l.id() + " has no files on disk");
            }
            if (l.parent() != null && !byId.containsKey(l.parent())) {
                problems.add("layer " + l.id() + " has a missing parent " + l.parent());
            }
        }
        for (ImageRow i : images) {
            if (i.topLayer() != null && !byId.containsKey(i.topLayer())) {
                problems.add("image " + i.id() + " has a missing top layer " + i.topLayer());
            }
            // a manifest list (an index type) has a random id and its instances' sources in place of a config
            boolean list = i.manifestType() != null && (i.manifestType().endsWith(".index.v1+json")
                    || i.manifestType().endsWith(".manifest.list.v2+json"));
            if (!list && !Digests.hex(Digests.of(i.config())).equals(i.id())) {
                problems.add("image " + i.id() + " has a config that does not match its id");
            }
        }
        ContainerLayers containers = new ContainerLayers(store);
        java.util.Set<String> imageIds = new java.util.HashSet<>();
        images.forEach(i -> imageIds.add(i.id()));
        for (var c : containers.all()) {
            if (!Files.isDirectory(containers.dir(c.containerId()).resolve("diff"))) {
                problems.add("container layer " + c.containerId() + " has no files on disk");
            }
            if (!imageIds.contains(c.imageId())) {
                problems.add("container layer " + c.containerId() + " refers to missing image " + c.imageId());
            }
        }
        if (Files.isDirectory(containers.root())) {
            java.util.Set<String> known = new java.util.HashSet<>();
            containers.all().forEach(c -> known.add(c.containerId()));
            try (var dirs = Files.list(containers.root())) {
                for (Path d : dirs.toList()) {
                    if (!known.contains(d.getFileName().toString())) {
                        problems.add("directory " + d + " belongs to no container");
                    }
                }
            } catch (java.io.IOException e) {
                problems.add("cannot list " + containers.root() + ": " + e.getMessage());
            }
        }
        checkVolumes(problems);
        Path root = store.driverRoot();
        if (Files.isDirectory(root)) {
            try (var dirs = Files.list(root)) {
                for (Path d : dirs.toList()) {
                    String name = d.getFileName().toString();
                    if (!byId.containsKey(name)) {
                        problems.add("directory " + d + " belongs to no layer");
                    }
                }
            } catch (java.io.IOException e) {
                problems.add("cannot list " + root + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Every volume row has its _data directory, and every volume directory has a row. */
    private void checkVolumes(List<String> problems) {
        VolumeStore volumes = new VolumeStore(store);
        java.util.Set<String> known = new java.util.HashSet<>();
        for (var v : volumes.all()) {
            known.add(v.name());
            if (!Files.isDirectory(volumes.mountpoint(v.name()))) {
                problems.add("volume " + v.name() + " has no files on disk");
            }
        }
        if (Files.isDirectory(volumes.root())) {
            try (var dirs = Files.list(volumes.root())) {
                for (Path d : dirs.toList()) {
                    if (!known.contains(d.getFileName().toString())) {
                        problems.add("directory " + d + " belongs to no volume");
                    }
                }
            } catch (java.io.IOException e) {
                problems.add("cannot list " + volumes.root() + ": " + e.getMessage());
            }
        }
    }
}
