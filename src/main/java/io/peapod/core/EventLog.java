package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.Event;
import io.peapod.engine.EventEngine.EventOptions;
import io.peapod.engine.Timestamp;
import io.peapod.image.Json;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads the events log written by {@link Events}: podman's file-logger reader with its filters
 * (libpod/events/filters.go). Values of one filter key are alternatives; different keys must all
 * match. {@code since} and {@code until} are exclusive bounds.
 */
final class EventLog {
    private static final long POLL_MILLIS = 50;

    private final Path log;

    EventLog(Path runRoot) {
        this.log = Events.logFile(runRoot);
    }

    void read(EventOptions o, Consumer<Event> sink) {
        long now = System.currentTimeMillis() * 1_000_000L;
        Predicate<Event> filter = filter(o, now);
        long until = o.until().isEmpty() ? 0 : time("--until", o.until(), now, false);
        // podman streams only new events unless a time bound asks for the past as well.
        boolean fromStart = !o.stream() || !o.since().isEmpty() || !o.until().isEmpty();
        long offset = fromStart ? 0 : size();
        StringBuilder pending = new StringBuilder();
        while (true) {
            offset = readFrom(offset, pending, e -> {
                if (filter.test(e)) {
                    sink.accept(e);
                }
            });
            if (!o.stream() || (until != 0 && System.currentTimeMillis() * 1_000_000L >= until)) {
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long size() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Hands over every complete line after {@code offset}; returns the offset after the last one read. */
    private long readFrom(long offset, StringBuilder pending, Consumer<Event> each) {
        if (!Files.exists(log)) {
            return offset;
        }
        byte[] chunk;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return offset;
            }
            chunk = new byte[(int) Math.min(length - offset, 16 << 20)];
            f.seek(offset);
            f.readFully(chunk);
        } catch (IOException e) {
            throw new EngineException("reading " + log + ": " + e.getMessage());
        }
        pending.append(new String(chunk, StandardCharsets.UTF_8));
        int start = 0;
        for (int nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n", start)) {
            String line = pending.substring(start, nl);
            start = nl + 1;
            if (!line.isBlank()) {
                each.accept(parse(line));
            }
        }
        pending.delete(0, start);   // a line still being written stays for the next round
        return offset + chunk.length;
    }

    static Event parse(String line) {
        Map<String, Object> m = Json.object(line.getBytes(StandardCharsets.UTF_8), "event in " + "events.log");
        Map<String, String> attributes = null;
        if (m.get("Attributes") instanceof Map<?, ?> a) {
            attributes = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : a.entrySet()) {
                attributes.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        int exit = m.get("ContainerExitCode") instanceof Number n ? n.intValue() : 0;
        return new Event(exit, str(m, "ID"), str(m, "Image"), str(m, "Name"), str(m, "Status"),
                new Timestamp(Times.parseNanos(str(m, "Time"))), str(m, "Type"), attributes, str(m, "network"));
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    // ---- filters -------------------------------------------------------------------------------

    static Predicate<Event> filter(EventOptions o, long now) {
        Map<String, List<Predicate<Event>>> byKey = new LinkedHashMap<>();
        for (String f : o.filters()) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                throw invalid(f);
            }
            String key = f.substring(0, eq).toUpperCase(Locale.ROOT);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(one(key, f.substring(0, eq), f.substring(eq + 1)));
        }
        if (!o.since().isEmpty()) {
            long since = time("--since", o.since(), now, true);
            byKey.put("since", List.of(e -> e.Time().nanos() > since));
        }
        if (!o.until().isEmpty()) {
            long until = time("--until", o.until(), now, false);
            byKey.put("until", List.of(e -> e.Time().nanos() < until));
        }
        List<List<Predicate<Event>>> all = List.copyOf(byKey.values());
        return e -> {
            for (List<Predicate<Event>> alternatives : all) {
                if (alternatives.stream().noneMatch(p -> p.test(e))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<Event> one(String key, String rawKey, String value) {
        return switch (key) {
            case "CONTAINER" -> e -> e.Type().equals(Event.CONTAINER) && (e.Name().equals(value) || e.ID().startsWith(value));
            case "IMAGE" -> e -> e.Type().equals(Event.IMAGE) && (e.Name().equals(value) || e.ID().startsWith(value));
            case "EVENT", "STATUS" -> e -> e.Status().equals(value);
            case "TYPE" -> e -> e.Type().equals(value);
            case "POD", "VOLUME" -> {   // no pod or volume events yet, but the filters are valid
                String type = key.toLowerCase(Locale.ROOT);
                yield e -> e.Type().equals(type) && (e.Name().equals(value) || e.ID().startsWith(value));
            }
            case "LABEL" -> {
                int eq = value.indexOf('=');
                if (eq < 0) {
                    yield e -> false;   // podman: a label filter without a value matches nothing
                }
                String k = value.substring(0, eq), v = value.substring(eq + 1);
                yield e -> e.Attributes() != null && v.equals(e.Attributes().get(k));
            }
            default -> throw invalid(rawKey);
        };
    }

    private static EngineException invalid(String filter) {
        return new EngineException("failed to parse event filters: " + filter + " is an invalid filter");
    }

    private static long time(String flag, String value, long now, boolean since) {
        try {
            return io.peapod.core.names.Durations.parseTimestamp(value, now, since);
        } catch (IllegalArgumentException e) {
            throw new EngineException("failed to parse event filters: " + e.getMessage());
        }
    }
}
