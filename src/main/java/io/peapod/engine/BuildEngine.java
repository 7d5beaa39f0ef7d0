package io.peapod.engine;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code build}: an image from a Containerfile, as podman 4.3.1 (buildah) builds it. */
public interface BuildEngine {
    /**
     * One build.
     *
     * @param contextDir      the context directory, or null when {@code contextTar} is given
     * @param contextTar      a tar context (stdin), or null
     * @param containerfile   the Containerfile's name as shown in errors
     * @param containerfileText its text
     * @param tags            {@code -t}, in order (the first is the name COMMIT shows)
     * @param pull            "missing" (default), "always", "never" or "newer"
     * @param network         {@code --network}: "" (the default bridge), "host", "none", "private"
     * @param format          "oci" or "docker"
     * @param secrets         {@code --secret id=ID,src=FILE}: the files RUN --mount=type=secret can bind, by id
     */
    record BuildRequest(Path contextDir, InputStream contextTar, String containerfile, String containerfileText,
                        List<String> tags, Map<String, String> buildArgs, String target, Path iidFile, boolean quiet,
                        boolean rm, boolean forceRm, boolean noCache, boolean layers, Map<String, String> labels,
                        Map<String, String> annotations, String format, String pull, boolean squash, boolean squashAll,
                        String network, List<ContainerCreateSpec.Ulimit> ulimits, List<String> capAdd,
                        List<MountRequest> volumes, Map<String, java.nio.file.Path> secrets) {
        public BuildRequest {
            tags = List.copyOf(tags);
            buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
            annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
            ulimits = List.copyOf(ulimits);
            capAdd = List.copyOf(capAdd);
            volumes = List.copyOf(volumes);
            secrets = Map.copyOf(secrets);
        }
    }

    /**
     * Runs the build, printing the steps to {@code out} (RUN output there and to {@code err}); returns the
     * image id. A RUN that fails ends the build with an {@link EngineException} carrying its exit code.
     */
    String build(BuildRequest request, PrintStream out, PrintStream err);
}
