package io.peapod.engine;

import java.util.List;

/**
 * The user namespace flags of {@code create}/{@code run} (and {@code pod create}), as given.
 *
 * @param mode       {@code --userns}: "" or "host" (the host's), "auto[:OPTS]", "private", "ns:PATH",
 *                   "container:ID", "pod", "keep-id", "nomap"
 * @param uidMap     {@code --uidmap} values, {@code container:host:size}
 * @param gidMap     {@code --gidmap} values
 * @param subUidName {@code --subuidname}: a name of /etc/subuid whose ranges are mapped from 0 on
 * @param subGidName {@code --subgidname}: likewise in /etc/subgid
 */
public record UserNamespaceRequest(String mode, List<String> uidMap, List<String> gidMap, String subUidName,
                                   String subGidName) {
    public static final UserNamespaceRequest HOST = new UserNamespaceRequest("", List.of(), List.of(), "", "");

    public UserNamespaceRequest {
        uidMap = List.copyOf(uidMap);
        gidMap = List.copyOf(gidMap);
    }

    /** Only {@code --userns} given. */
    public static UserNamespaceRequest of(String mode) {
        return new UserNamespaceRequest(mode == null ? "" : mode, List.of(), List.of(), "", "");
    }

    /** Whether a mapping is given ({@code --uidmap}, {@code --gidmap}, {@code --subuidname}, {@code --subgidname}). */
    public boolean hasMaps() {
        return !uidMap.isEmpty() || !gidMap.isEmpty() || !subUidName.isEmpty() || !subGidName.isEmpty();
    }

    /** Whether the container stays in the host's user namespace with no mapping asked for. */
    public boolean isHost() {
        return (mode.isEmpty() || mode.equals("host")) && !hasMaps();
    }
}
