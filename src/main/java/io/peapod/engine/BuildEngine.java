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
                        List<MountRequest> volumes, Map<String, java.nio.file.Path> secrets, RunSettings run) {
        /** Without {@link RunSettings}: buildah's defaults. */
        public BuildRequest(Path contextDir, InputStream contextTar, String containerfile, String containerfileText,
                            List<String> tags, Map<String, String> buildArgs, String target, Path iidFile, boolean quiet,
                            boolean rm, boolean forceRm, boolean noCache, boolean layers, Map<String, String> labels,
                            Map<String, String> annotations, String format, String pull, boolean squash, boolean squashAll,
                            String network, List<ContainerCreateSpec.Ulimit> ulimits, List<String> capAdd,
                            List<MountRequest> volumes, Map<String, java.nio.file.Path> secrets) {
            this(contextDir, contextTar, containerfile, containerfileText, tags, buildArgs, target, iidFile, quiet, rm,
                    forceRm, noCache, layers, labels, annotations, format, pull, squash, squashAll, network, ulimits, capAdd,
                    volumes, secrets, RunSettings.DEFAULT);
        }

        /** The same request with these RUN settings. */
        public BuildRequest withRun(RunSettings value) {
            return new BuildRequest(contextDir, contextTar, containerfile, containerfileText, tags, buildArgs, target,
                    iidFile, quiet, rm, forceRm, noCache, layers, labels, annotations, format, pull, squash, squashAll,
                    network, ulimits, capAdd, volumes, secrets, value);
        }

        public BuildRequest {
            run = run == null ? RunSettings.DEFAULT : run;
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
     * How RUN steps run, beyond {@link BuildRequest}'s first settings.
     *
     * @param capDrop   {@code --cap-drop} (with {@link BuildRequest#capAdd()}: the RUN process's capabilities)
     * @param isolation {@code --isolation} (or BUILDAH_ISOLATION): "oci", "chroot" or "rootless"
     * @param ssh       {@code --ssh}: an ssh-agent socket per id, for {@code RUN --mount=type=ssh}
     */
    record RunSettings(List<String> capDrop, String isolation, Map<String, java.nio.file.Path> ssh) {
        public static final RunSettings DEFAULT = new RunSettings(List.of(), "oci", Map.of());

        public RunSettings {
            capDrop = List.copyOf(capDrop);
            ssh = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ssh));
        }
    }

    /**
     * Runs the build, printing the steps to {@code out} (RUN output there and to {@code err}); returns the
     * image id. A RUN that fails ends the build with an {@link EngineException} carrying its exit code.
     */
    String build(BuildRequest request, PrintStream out, PrintStream err);
}
