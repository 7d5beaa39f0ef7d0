package io.peapod.build;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a build is given from outside the Containerfile: {@code --build-arg} values and the target and build
 * platforms, from which the predefined platform ARGs come.
 */
public record BuildOptions(Map<String, String> buildArgs, Platform targetPlatform, Platform buildPlatform) {
    /** Usable in RUN without an ARG when given with --build-arg, and left out of the image's history. */
    public static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    public BuildOptions {
        buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    }

    /** No build args, building for this machine on this machine. */
    public static BuildOptions defaults() {
        return new BuildOptions(Map.of(), Platform.host(), Platform.host());
    }

    public BuildOptions withBuildArgs(Map<String, String> args) {
        return new BuildOptions(args, targetPlatform, buildPlatform);
    }

    /**
     * TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT, BUILDPLATFORM, BUILDOS, BUILDARCH, BUILDVARIANT:
     * usable in FROM lines without declaring them, inside a stage once declared with {@code ARG NAME}.
     */
    public Map<String, String> platformArgs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("TARGETPLATFORM", targetPlatform.toString());
        m.put("TARGETOS", targetPlatform.os());
        m.put("TARGETARCH", targetPlatform.arch());
        m.put("TARGETVARIANT", targetPlatform.variant());
        m.put("BUILDPLATFORM", buildPlatform.toString());
        m.put("BUILDOS", buildPlatform.os());
        m.put("BUILDARCH", buildPlatform.arch());
        m.put("BUILDVARIANT", buildPlatform.variant());
        return m;
    }
}
