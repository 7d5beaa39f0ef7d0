package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.EngineException;
import io.peapod.engine.UserNamespaceRequest;

/** The user namespace flags of create/run: --userns, --uidmap, --gidmap, --subuidname, --subgidname. */
final class UserNamespaceFlags {
    private UserNamespaceFlags() {}

    static FlagSet add(FlagSet f) {
        return f.string("userns", '\0', System.getenv().getOrDefault("PODMAN_USERNS", ""), "User namespace to use")
                .stringSlice("uidmap", '\0', "UID map to use for the user namespace")
                .stringSlice("gidmap", '\0', "GID map to use for the user namespace")
                .string("subuidname", '\0', "", "Name of range listed in /etc/subuid for use in user namespace")
                .string("subgidname", '\0', "", "Name of range listed in /etc/subgid for use in user namespace");
    }

    /** The request, refused as podman refuses --userns given with an explicit mapping. */
    static UserNamespaceRequest parse(ParsedFlags f) {
        UserNamespaceRequest r = new UserNamespaceRequest(f.string("userns"), f.list("uidmap"), f.list("gidmap"),
                f.string("subuidname"), f.string("subgidname"));
        if (f.changed("userns") && r.hasMaps()) {
            throw new EngineException("--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive");
        }
        return r;
    }

    /**
     * create's and run's request: a container joining a pod takes the pod's user namespace, so podman refuses
     * {@code --userns} with {@code --pod} (even "" or host) and ignores PODMAN_USERNS; with {@code --pod new:NAME}
     * podman 4.3.1 ignores the flag too. A mapping given is refused later, when the pod's infra container is
     * known (a pod without one takes it).
     */
    static UserNamespaceRequest parseForContainer(ParsedFlags f, String pod) {
        UserNamespaceRequest r = parse(f);
        if (pod == null || pod.isEmpty()) {
            return r;
        }
        if (f.changed("userns") && !pod.startsWith("new:")) {
            throw new EngineException("--userns and --pod cannot be set together");
        }
        return new UserNamespaceRequest("", r.uidMap(), r.gidMap(), r.subUidName(), r.subGidName());
    }
}
