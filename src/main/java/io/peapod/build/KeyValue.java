package io.peapod.build;

/** One {@code key=value} of ENV or LABEL (before expansion: with its quotes and escapes as written). */
public record KeyValue(String key, String value) {
}
