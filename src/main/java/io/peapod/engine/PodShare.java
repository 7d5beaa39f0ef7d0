package io.peapod.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code pod create --share}, with podman 4.3.1's rules: a comma list of cgroup, ipc, net, pid and uts;
 * a leading {@code +} adds to the default ipc,net,uts; {@code none} anywhere ends the list with nothing
 * shared (what came before it is dropped, what follows it is not even checked); "" or "none" alone means
 * the pod has no infra container.
 */
public final class PodShare {
    public static final List<String> DEFAULT = List.of("ipc", "net", "uts");
    private static final List<String> KNOWN = List.of("cgroup", "ipc", "net", "pid", "uts");

    private PodShare() {}

    /** The parsed value: what is shared, and whether it leaves the pod without an infra container. */
    public record Parsed(List<String> namespaces, boolean noInfra) {}

    public static Parsed parse(String value) {
        if (value.isEmpty() || value.equals("none")) {
            return new Parsed(List.of(), true);
        }
        List<String> words = new ArrayList<>();
        if (value.startsWith("+")) {
            words.addAll(DEFAULT);
            value = value.substring(1);
        }
        words.addAll(List.of(value.split(",", -1)));
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty()) {
                continue;   // podman takes "ipc," as ipc
            }
            if (w.equals("none")) {
                return new Parsed(List.of(), false);
            }
            if (!KNOWN.contains(w)) {
                throw new EngineException("invalid kernel namespace to share: " + w
                        + ". Options are: cgroup, ipc, net, pid, uts or none");
            }
            if (!out.contains(w)) {
                out.add(w);
            }
        }
        return new Parsed(List.copyOf(out), false);
    }
}
