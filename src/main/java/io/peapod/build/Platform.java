package io.peapod.build;

import java.util.Locale;

/** An OS/architecture[/variant] triple as the platform build arguments give it ({@code linux/arm/v7}). */
public record Platform(String os, String arch, String variant) {
    public Platform {
        variant = variant == null ? "" : variant;
    }

    /** {@code os/arch[/variant]}; a missing OS is linux. */
    public static Platform parse(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("/");
        return switch (p.length) {
            case 1 -> new Platform("linux", p[0], "");
            case 2 -> new Platform(p[0], p[1], "");
            default -> new Platform(p[0], p[1], p[2]);
        };
    }

    /** The machine this runs on, in Go's names. */
    public static Platform host() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "arm" -> "arm";
            default -> System.getProperty("os.arch");
        };
        return new Platform("linux", arch, arch.equals("arm") ? "v7" : "");
    }

    @Override
    public String toString() {
        return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
    }
}
