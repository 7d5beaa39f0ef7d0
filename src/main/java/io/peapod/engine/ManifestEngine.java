package io.peapod.engine;

import java.io.PrintStream;
import java.util.List;

/**
 * Manifest lists ({@code podman manifest}): lists live in the local store as images without layers;
 * their instances are referenced, not copied, until {@link #pushList} writes them out. Every method
 * fails with {@link EngineException}.
 */
public interface ManifestEngine {
    /** Makes a list named {@code name} (or with {@code amend} reuses one) and adds {@code images}; returns its id. */
    String createList(String name, List<String> images, boolean all, boolean amend, RegistryFlags registry);

    /** Adds images (transport references; a bare name means a registry) to a list; returns the list's id. */
    String addToList(ManifestAddOptions options);

    /** Changes the platform fields and annotations of one instance; returns the list's id. */
    String annotateInstance(String list, String digest, ManifestInstanceOptions options);

    /** Removes one instance; returns the list's id. */
    String removeInstance(String list, String digest);

    /** The list as {@code manifest inspect} prints it (a local list, else the manifest a transport reference names). */
    Object inspectList(String nameOrReference, RegistryFlags registry);

    /** Whether {@code name} is a list in the store; an image that is not a list is an error. */
    boolean listExists(String name);

    /** Removes lists (not their instances), as {@code manifest rm}: reports like {@code rmi}. */
    RemoveReport removeLists(List<String> names);

    /** Writes the list (and with {@code all} its images) to a destination; returns the list's digest there. */
    String pushList(ManifestPushOptions options, PrintStream progress);

    /**
     * What {@code manifest add} and {@code manifest annotate} may set on an instance; empty strings
     * and lists leave the image's own values.
     *
     * @param annotations {@code KEY=VALUE} items of {@code --annotation}
     */
    record ManifestInstanceOptions(String os, String arch, String variant, String osVersion, List<String> osFeatures,
                                   List<String> features, List<String> annotations) {
        public static final ManifestInstanceOptions NONE = new ManifestInstanceOptions("", "", "", "", List.of(), List.of(), List.of());

        public ManifestInstanceOptions {
            os = os == null ? "" : os;
            arch = arch == null ? "" : arch;
            variant = variant == null ? "" : variant;
            osVersion = osVersion == null ? "" : osVersion;
            osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
            features = features == null ? List.of() : List.copyOf(features);
            annotations = annotations == null ? List.of() : List.copyOf(annotations);
        }
    }

    /**
     * {@code manifest add LIST IMAGE...}.
     *
     * @param all add every instance of an image that is itself a list (else the one for this host)
     */
    record ManifestAddOptions(String list, List<String> images, boolean all, ManifestInstanceOptions instance,
                              RegistryFlags registry) {}

    /**
     * {@code manifest push LIST DESTINATION}.
     *
     * @param all               copy the list's images too (podman's default)
     * @param format            {@code oci}, {@code v2s2}, or "" for the list's own type
     * @param compressionFormat {@code --compression-format}, or "" for gzip
     * @param remove            {@code --rm}: remove the list once pushed
     * @param digestFile        where to write the list's digest, or ""
     * @param quiet             no progress lines
     */
    record ManifestPushOptions(String list, String destination, boolean all, String format, String compressionFormat,
                               boolean remove, String digestFile, boolean quiet, RegistryFlags registry) {}
}
