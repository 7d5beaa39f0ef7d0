package io.peapod.core.oci;

import java.util.List;

/** One entry of config.json's {@code mounts}: written as is, in the order given. */
public record OciMount(String destination, String type, String source, List<String> options) {
    public OciMount {
        options = List.copyOf(options);
    }

    /** A bind mount as podman writes its per-container files: {@code bind,rprivate} plus extras. */
    public static OciMount bind(String destination, String source, String... extra) {
        var opts = new java.util.ArrayList<>(List.of("bind", "rprivate"));
        opts.addAll(List.of(extra));
        return new OciMount(destination, "bind", source, opts);
    }
}
