package io.peapod.cli;

import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.BuildEngine;
import io.peapod.engine.EngineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code build}'s flags for how RUN steps run: {@code --cap-drop}, {@code --isolation}, {@code --ssh}. */
final class BuildRunFlags {
    private BuildRunFlags() {}

    static BuildEngine.RunSettings parse(ParsedFlags flags) {
        return new BuildEngine.RunSettings(flags.list("cap-drop"),
                isolation(flags.changed("isolation") ? flags.string("isolation") : null, System.getenv("BUILDAH_ISOLATION")),
                ssh(flags.list("ssh"), System.getenv("SSH_AUTH_SOCK")));
    }

    /**
     * buildah's parse.IsolationOption: the flag, else BUILDAH_ISOLATION, else "oci" (root's default); "default"
     * is "oci", case does not matter, anything else is "unrecognized isolation type".
     */
    static String isolation(String flag, String env) {
        String v = flag != null && !flag.isEmpty() ? flag : env != null && !env.isEmpty() ? env : "oci";
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "oci", "default" -> "oci";
            case "chroot" -> "chroot";
            case "rootless" -> "rootless";
            default -> throw new EngineException("unrecognized isolation type \"" + v + "\"");
        };
    }

    /**
     * {@code --ssh default|ID[=SOCKET]}: the agent socket for each id; an id alone means {@code $SSH_AUTH_SOCK}.
     * Errors are buildah's ("creating build executor: $SSH_AUTH_SOCK not set", "stat PATH: no such file or
     * directory"). A path may also be one private key file (core loads it into an agent of the build's own).
     */
    static Map<String, Path> ssh(List<String> values, String authSock) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            String id = eq < 0 ? v : v.substring(0, eq);
            String paths = eq < 0 ? "" : v.substring(eq + 1);
            if (paths.isEmpty()) {
                if (authSock == null || authSock.isEmpty()) {
                    throw new EngineException("creating build executor: $SSH_AUTH_SOCK not set");
                }
                paths = authSock;
            }
            String first = paths.split(",", -1)[0];
            Path p = Path.of(first);
            if (!Files.exists(p)) {
                throw new EngineException("creating build executor: stat " + first + ": no such file or directory");
            }
            if (paths.contains(",") || !(isSocket(p) || Files.isRegularFile(p))) {
                throw new EngineException("creating build executor: --ssh " + v
                        + ": one ssh-agent socket or one private key file is supported");
            }
            out.put(id.isEmpty() ? "default" : id, p.toAbsolutePath());
        }
        return out;
    }

    /** (st_mode & S_IFMT) == S_IFSOCK. */
    private static boolean isSocket(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0140000;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
