package io.peapod.core;

/**
 * Which OCI runtime to run containers with, and why. crun (podman's default) is preferred, but
 * crun 1.8 refuses hybrid cgroup hosts, where runc works; {@code --runtime} always wins.
 */
record RuntimeChoice(String name, String path, String reason) {
    static RuntimeChoice choose(String requested, CgroupLayout cgroups) {
        if (requested != null && !requested.isEmpty()) {
            String path = requested.contains("/") ? requested : HostInfo.which(requested);
            String name = requested.substring(requested.lastIndexOf('/') + 1);
            return new RuntimeChoice(name, path, "chosen with --runtime");
        }
        String crun = HostInfo.which("crun");
        String runc = HostInfo.which("runc");
        if (cgroups.name().equals("hybrid") && !runc.isEmpty()) {
            return new RuntimeChoice("runc", runc, "crun rejects hybrid cgroups (v1 controllers with a v2 mount); runc supports them");
        }
        if (!crun.isEmpty()) {
            return new RuntimeChoice("crun", crun, "crun is podman's default runtime and supports this host's " + cgroups.name() + " cgroups");
        }
        if (!runc.isEmpty()) {
            return new RuntimeChoice("runc", runc, "crun is not installed");
        }
        return new RuntimeChoice("", "", "no OCI runtime found: install runc or crun");
    }
}
