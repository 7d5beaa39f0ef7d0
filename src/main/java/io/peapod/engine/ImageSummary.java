package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * One image as {@code images} lists it. Component names are podman's JSON field names
 * ({@code podman images --format json}), so the record prints and templates as podman's does.
 */
public record ImageSummary(String Id, String ParentId, List<String> RepoTags, List<String> RepoDigests,
                           long Size, long SharedSize, long VirtualSize, Map<String, String> Labels,
                           int Containers, boolean ReadOnly, List<String> Names, String Digest,
                           List<String> History, long Created, String CreatedAt, boolean Dangling,
                           long Added) {}
