package io.peapod.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How this host mounts cgroups: unified v2, legacy v1, or hybrid (v1 controllers plus a v2 mount). */
record CgroupLayout(String name, String version) {
    static CgroupLayout detect() {
        String mounts;
        try {
            mounts = Files.readString(Path.of("/proc/self/mounts"));
        } catch (IOException e) {
            return new CgroupLayout("unknown", "v1");
        }
        boolean rootIsV2 = false;
        boolean anyV1 = false;
        boolean anyV2 = false;
        for (String line : mounts.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 3) {
                continue;
            }
            if (f[2].equals("cgroup2")) {
                anyV2 = true;
                rootIsV2 |= f[1].equals("/sys/fs/cgroup");
            } else if (f[2].equals("cgroup")) {
                anyV1 = true;
            }
        }
        if (rootIsV2) {
            return new CgroupLayout("unified", "v2");
        }
        return anyV1 && anyV2 ? new CgroupLayout("hybrid", "v1") : new CgroupLayout("legacy", "v1");
    }
}
