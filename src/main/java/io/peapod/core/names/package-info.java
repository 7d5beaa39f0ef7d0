/**
 * Pure helpers for the container commands: generated container names and name validation
 * ({@link io.peapod.core.names.NameGenerator}), container IDs ({@link io.peapod.core.names.ContainerIds}),
 * the human-readable times and Go-style durations/timestamps of {@code ps}, {@code logs} and {@code events}
 * ({@link io.peapod.core.names.Durations}), and signal names ({@link io.peapod.core.names.Signals}).
 *
 * <p>Nothing here touches storage or the clock: callers pass in randomness, "now" and lookups, so
 * every function is deterministic under test and the wording can be checked against podman 4.3.
 */
package io.peapod.core.names;
