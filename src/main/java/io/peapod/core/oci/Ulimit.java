package io.peapod.core.oci;

/** A process rlimit as config.json names it, e.g. {@code RLIMIT_NOFILE}; -1 means unlimited. */
public record Ulimit(String type, long soft, long hard) {
}
