package io.peapod.core;

import io.peapod.engine.Event;
import io.peapod.engine.Timestamp;
import io.peapod.image.Json;
import io.peapod.state.ContainerRow;

import java.io.IOException;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the events log the way podman's "file" events logger does: one JSON object per line,
 * appended to {@code <runroot>/events/events.log}. Each event is a single {@code write} on a file
 * opened with O_APPEND, so parallel peapod processes never interleave their lines and writing costs
 * microseconds. Writing an event never fails the operation it reports: podman logs the error and
 * carries on, and so do we.
 */
final class Events {
    // The statuses podman 4.3.1 writes for containers and images.
    static final String CREATE = "create", INIT = "init", START = "start", ATTACH = "attach", DIED = "died",
            CLEANUP = "cleanup", REMOVE = "remove", STOP = "stop", KILL = "kill", RENAME = "rename",
            RESTART = "restart", PAUSE = "pause", UNPAUSE = "unpause", MOUNT = "mount";
    static final String TAG = "tag", UNTAG = "untag", PULL = "pull", SAVE = "save", LOAD = "loadfromarchive";

    private final Path log;

    Events(Path runRoot) {
        this.log = logFile(runRoot);
    }

    static Path logFile(Path runRoot) {
        return runRoot.resolve("events").resolve("events.log");
    }

    /** A container event; {@code exitCode} matters only for "died". Attributes are the container's labels. */
    void container(String status, ContainerRow row, int exitCode) {
        Map<String, String> labels = new LinkedHashMap<>();
        // A loop, not forEach with a lambda: run's hot path should spin no class the AOT cache lacks.
        for (Map.Entry<String, Object> label : Json.map(Json.object(row.config(), "container config").get("labels")).entrySet()) {
            labels.put(label.getKey(), String.valueOf(label.getValue()));
        }
        write(new Event(exitCode, row.id(), row.imageName(), row.name(), status, now(), Event.CONTAINER, labels));
    }

    void container(String status, ContainerRow row) {
        container(status, row, 0);
    }

    /** A network event ("connect", "disconnect") of a container, as podman 4.3.1 writes it: no image, no labels. */
    void network(String status, ContainerRow row, String network) {
        write(new Event(0, row.id(), "", row.name(), status, now(), Event.NETWORK, null, network));
    }

    /** An image event: {@code id} may be "" (pull, load), {@code name} the image name or archive path. */
    void image(String status, String id, String name) {
        write(new Event(0, id, "", name, status, now(), Event.IMAGE, null));
    }

    private static Timestamp now() {
        Instant t = Instant.now();
        return new Timestamp(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    private void write(Event e) {
        byte[] line = (e.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            append(line);
        } catch (FileNotFoundException missingDirectory) {
            try {
                Files.createDirectories(log.getParent());
                append(line);
            } catch (IOException again) {
                failed(e, again);
            }
        } catch (IOException ex) {
            failed(e, ex);
        }
    }

    /**
     * java.io rather than a FileChannel: the channel's first use loads libnet and probes IPv6, a few
     * milliseconds on every run; FileOutputStream in append mode is the same O_APPEND and one write.
     */
    private void append(byte[] line) throws IOException {
        try (FileOutputStream out = new FileOutputStream(log.toFile(), true)) {
            out.write(line);
        }
    }

    private static void failed(Event e, IOException ex) {
        System.err.println("time=\"" + new Timestamp(System.currentTimeMillis() * 1_000_000L).rfc3339Nano()
                + "\" level=error msg=\"Unable to write " + e.Type() + " event: " + ex.getMessage() + "\"");
    }
}
