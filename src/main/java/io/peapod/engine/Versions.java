package io.peapod.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Peapod's version and the API versions it speaks. */
public final class Versions {
    public static final String VERSION = "0.1.0";
    /** The podman version whose CLI and REST API Peapod follows. */
    public static final String PODMAN_COMPAT = "4.3.1";

    private Versions() {}

    /** The {@code version} section of {@code info} and the client part of {@code version}. */
    public static Map<String, Object> document() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("APIVersion", PODMAN_COMPAT);
        v.put("Version", VERSION);
        v.put("JavaVersion", System.getProperty("java.version"));
        v.put("Built", 0);
        v.put("BuiltTime", "");
        v.put("OsArch", "linux/amd64");
        v.put("Os", "linux");
        return v;
    }
}
