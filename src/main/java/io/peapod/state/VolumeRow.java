package io.peapod.state;

import java.util.Map;
import java.util.Objects;

/**
 * A volume as the database records it (podman's volume config and state in one row).
 *
 * @param labels      {@code --label}s, in the order given
 * @param options     the driver's options ({@code --opt}), e.g. type, device, o
 * @param anonymous   made for one container ({@code -v /dir}, an image's VOLUME) rather than by name
 * @param needsCopyUp the first container that mounts it copies what its image has at the mount point
 * @param needsChown  the first container that mounts it gives it the owner of the mount point
 * @param created     unix nanos
 */
public record VolumeRow(String name, String driver, Map<String, String> labels, Map<String, String> options,
                        boolean anonymous, boolean needsCopyUp, boolean needsChown, long created) {
    public VolumeRow {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    // Written out (see NetworkRequest.PortMapping): every run with a named volume compares rows.
    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeRow v && Objects.equals(name, v.name) && Objects.equals(driver, v.driver)
                && Objects.equals(labels, v.labels) && Objects.equals(options, v.options) && anonymous == v.anonymous
                && needsCopyUp == v.needsCopyUp && needsChown == v.needsChown && created == v.created;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, driver, labels, options, anonymous, needsCopyUp, needsChown, created);
    }

    public VolumeRow afterFirstUse() {
        return new VolumeRow(name, driver, labels, options, anonymous, false, false, created);
    }
}
