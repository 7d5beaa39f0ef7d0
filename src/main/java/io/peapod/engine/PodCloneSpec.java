package io.peapod.engine;

import java.util.Map;
import java.util.Set;

/**
 * What {@code pod clone} was asked for: the settings of the new pod that differ from the original's.
 *
 * @param name         the new pod's name; "" for the original's name with "-clone" (then -clone1, -clone2...)
 * @param labels       added to the original's labels
 * @param hostname     "" to keep the original's
 * @param infraName    "" for the original infra container's name with "-clone"
 * @param infraCommand "" to keep the infra container's command
 * @param destroy      remove the original pod (and its containers) afterwards
 * @param start        start the new pod
 * @param settings     the pod-wide flags as given (pod create's, {@link PodSettings#DEFAULT} for none)
 * @param changed      which of them were given, by flag name ("cpus", "memory", "device"...): those replace the
 *                     original's settings, the others are kept
 */
public record PodCloneSpec(String name, Map<String, String> labels, String hostname, String infraName, String infraCommand,
                           boolean destroy, boolean start, PodSettings settings, Set<String> changed) {

    public PodCloneSpec {
        changed = Set.copyOf(changed);
    }
}
