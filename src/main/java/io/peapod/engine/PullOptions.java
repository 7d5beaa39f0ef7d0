package io.peapod.engine;

/**
 * What {@code pull} was asked for (also {@code run}/{@code create} when they pull).
 *
 * @param reference the image: {@code TRANSPORT:...} or a registry name
 * @param platform  {@code --platform os/arch[/variant]}, or empty
 * @param os        {@code --os}, or empty
 * @param arch      {@code --arch}, or empty
 * @param variant   {@code --variant}, or empty
 * @param allTags   {@code --all-tags}
 * @param quiet     no progress lines
 * @param terminal  progress goes to a terminal (podman's "Copying blob 0123456789ab done" form)
 * @param registry  --creds, --authfile, --cert-dir, --tls-verify
 * @param policy    podman's pull policy: {@code always} (the pull command), {@code missing}, {@code newer}
 *                  or {@code never} (run/create {@code --pull})
 */
public record PullOptions(String reference, String platform, String os, String arch, String variant,
                          boolean allTags, boolean quiet, boolean terminal, RegistryFlags registry, String policy) {

    public PullOptions {
        registry = registry == null ? RegistryFlags.NONE : registry;
        policy = policy == null || policy.isEmpty() ? "always" : policy;
    }

    public PullOptions(String reference, String platform, String os, String arch, String variant,
                       boolean allTags, boolean quiet, boolean terminal) {
        this(reference, platform, os, arch, variant, allTags, quiet, terminal, RegistryFlags.NONE, "always");
    }
}
