package io.peapod.image;

/**
 * An OS/architecture/variant triple, as an OCI index's descriptors carry it and as {@code --platform},
 * {@code --os}, {@code --arch} and {@code --variant} ask for it. An empty variant asks for any.
 */
public record Platform(String os, String architecture, String variant) {
    public Platform {
        os = os == null ? "" : os;
        architecture = architecture == null ? "" : architecture;
        variant = variant == null ? "" : variant;
    }

    /** The platform this engine runs containers for: the only one on this host. */
    public static Platform host() {
        return new Platform("linux", "amd64", "");
    }

    /**
     * The platform wanted for a pull: {@code --platform os/arch[/variant]}, else {@code --os},
     * {@code --arch} and {@code --variant} over the host's values.
     */
    public static Platform wanted(String platform, String os, String arch, String variant) {
        Platform host = host();
        if (platform != null && !platform.isEmpty()) {
            // podman splits on "/" and takes what is there: "linux" alone keeps the host's architecture.
            String[] parts = platform.split("/", -1);
            if (parts.length > 3) {
                throw new ImageException("invalid platform syntax for --platform=\"" + platform
                        + "\": expected os/arch[/variant]");
            }
            return new Platform(parts[0].isEmpty() ? host.os() : parts[0],
                    parts.length < 2 || parts[1].isEmpty() ? host.architecture() : parts[1],
                    parts.length == 3 ? parts[2] : "");
        }
        return new Platform(os == null || os.isEmpty() ? host.os() : os,
                arch == null || arch.isEmpty() ? host.architecture() : arch,
                variant == null ? "" : variant);
    }

    /** Whether an image built for {@code image} runs on this wanted platform. */
    public boolean accepts(Platform image) {
        return os.equals(image.os()) && architecture.equals(image.architecture())
                && (variant.isEmpty() || variant.equals(image.variant()));
    }

    /**
     * The instance of an index to use, as containers/image chooses it: the first descriptor whose
     * platform matches, else the first without a platform.
     *
     * @throws ImageException with containers/image's wording when none fits
     */
    public Descriptor choose(java.util.List<Descriptor> instances, boolean ociIndex) {
        for (Descriptor d : instances) {
            if (d.platform() != null && accepts(d.platform())) {
                return d;
            }
        }
        for (Descriptor d : instances) {
            if (d.platform() == null) {
                return d;
            }
        }
        throw new ImageException("no image found in " + (ociIndex ? "image index" : "manifest list")
                + " for architecture " + architecture + ", variant \"" + variant + "\", OS " + os);
    }
}
