package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * What {@code pod create} (or {@code run --pod new:NAME}) asked for.
 *
 * @param name          the pod's name; "" lets the engine generate one
 * @param infra         whether the pod gets an infra container holding its namespaces
 * @param infraName     {@code --infra-name}; "" for podman's {@code <short pod id>-infra}
 * @param infraImage    {@code --infra-image}; "" for the locally built pause image
 * @param infraCommand  {@code --infra-command}; empty for the image's entrypoint ({@code /catatonit -P})
 * @param share         the namespaces the pod's containers share, parsed by {@link PodShare}
 * @param hostname      {@code --hostname}; "" for the pod's name
 * @param network       {@code -p}, {@code --network} and the other network flags, for the infra container
 * @param exitPolicy    "continue" or "stop"
 * @param createCommand the command line, shown by {@code pod inspect} as CreateCommand
 * @param settings      the resource, security and volume flags given to the pod's cgroup and containers
 */
public record PodCreateSpec(String name, Map<String, String> labels, boolean infra, String infraName, String infraImage,
                            List<String> infraCommand, List<String> share, String hostname, NetworkRequest network,
                            String exitPolicy, List<String> createCommand, PodSettings settings) {

    /** With podman's defaults for the pod-wide settings. */
    public PodCreateSpec(String name, Map<String, String> labels, boolean infra, String infraName, String infraImage,
                         List<String> infraCommand, List<String> share, String hostname, NetworkRequest network,
                         String exitPolicy, List<String> createCommand) {
        this(name, labels, infra, infraName, infraImage, infraCommand, share, hostname, network, exitPolicy, createCommand,
                PodSettings.DEFAULT);
    }

    /** {@code --pod new:NAME}: podman's defaults with that name. */
    public static PodCreateSpec named(String name) {
        return new PodCreateSpec(name, Map.of(), true, "", "", List.of(), PodShare.DEFAULT, "", NetworkRequest.DEFAULT,
                "continue", List.of());
    }
}
