package io.peapod.engine;

/**
 * The namespace flags of {@code create}/{@code run} besides the network's and the user namespace's, as given
 * (podman 4.3.1's specgen modes): "" for podman's default, {@code host}, {@code private}, {@code container:NAME},
 * {@code ns:PATH}; {@code --ipc} also takes {@code shareable} and {@code none}.
 *
 * @param ipc    {@code --ipc}
 * @param pid    {@code --pid}
 * @param uts    {@code --uts}
 * @param cgroup {@code --cgroupns container:NAME} (its other modes are a resource setting: {@link ContainerResources})
 */
public record NamespaceModes(String ipc, String pid, String uts, String cgroup) {
    public static final NamespaceModes DEFAULT = new NamespaceModes("", "", "", "");

    public boolean isDefault() {
        return equals(DEFAULT);
    }
}
