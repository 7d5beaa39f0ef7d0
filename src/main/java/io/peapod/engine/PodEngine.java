package io.peapod.engine;

import java.util.List;
import java.util.Map;

/** What can be done with pods (Podman's pod half of ContainerEngine). Failures are {@link EngineException}s. */
public interface PodEngine {
    /** Creates the pod and its infra container (created, not started); returns the pod's id. */
    String createPod(PodCreateSpec spec);

    /** Every pod, newest first. */
    List<PodSummary> listPods();

    /** Podman's {@code pod inspect} document, as an ordered map. */
    Map<String, Object> inspectPod(String nameOrId);

    boolean podExists(String nameOrId);

    /** Starts the infra container, then the others; returns the pod's id. */
    String startPod(String nameOrId);

    /** Stops the pod's containers, the infra container last; returns the pod's id. */
    String stopPod(String nameOrId, int timeoutSeconds);

    /** Sends the signal to the pod's running containers; returns the pod's id. */
    String killPod(String nameOrId, String signal);

    String pausePod(String nameOrId);

    String unpausePod(String nameOrId);

    /** Stops and starts the pod's containers; returns the pod's id. */
    String restartPod(String nameOrId);

    /**
     * Removes the pod with its containers; a pod with running containers only with {@code force}
     * (which stops them, waiting {@code timeoutSeconds}, negative for their own default). Returns its id.
     */
    String removePod(String nameOrId, boolean force, int timeoutSeconds);

    /** Removes every pod none of whose containers runs; returns their ids. */
    List<String> prunePods();

    /**
     * {@code pod logs -f}: the logs of the pod's containers named (id → the prefix put before each of its
     * lines), then all of them followed at once until they and the pod's infra container have exited.
     */
    void followPodLogs(String nameOrId, Map<String, String> prefixes, ContainerEngine.LogOptions options,
                       java.io.PrintStream out, java.io.PrintStream err);

    /** {@code pod clone}: a new pod with the original's settings and copies of its containers; returns its id. */
    String clonePod(String nameOrId, PodCloneSpec spec);
}
