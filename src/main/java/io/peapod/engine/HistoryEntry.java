package io.peapod.engine;

/** One step of an image's history, with podman's {@code history --format json} field names. */
public record HistoryEntry(String ID, long Created, String CreatedBy, long Size, String Comment, String Tags) {}
