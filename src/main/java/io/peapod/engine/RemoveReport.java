package io.peapod.engine;

import java.util.List;

/**
 * What {@code rmi} did: the names it untagged and the ids it deleted, in order, and the errors
 * for the images it could not remove (podman goes on with the others and exits non-zero).
 */
public record RemoveReport(List<String> untagged, List<String> deleted, List<String> errors, int exitCode) {}
