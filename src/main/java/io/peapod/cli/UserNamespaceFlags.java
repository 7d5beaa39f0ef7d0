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
        boolean maps = !r.uidMap().isEmpty() || !r.gidMap().isEmpty() || !r.subUidName().isEmpty() || !r.subGidName().isEmpty();
        if (f.changed("userns") && maps) {
            throw new EngineException("--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive");
        }
        return r;
    }
}
