package io.peapod.engine;

import java.util.List;

/**
 * {@code exec}'s request (Podman's ExecOptions).
 *
 * @param container the container's name or id
 * @param command   the process to run, never empty when valid (the engine says so otherwise)
 * @param env       {@code --env-file} entries then {@code -e} values, in order: "K=V", "K" (the host's value),
 *                  "K*" (every host variable so named)
 * @param user      "" for the container's own user
 * @param workdir   "" for the container's working directory
 * @param interactive keep stdin attached ({@code -i}); otherwise the process reads /dev/null
 * @param tty       allocate a terminal ({@code -t})
 * @param privileged every capability the engine itself holds
 */
public record ExecSpec(String container, List<String> command, List<String> env,
                       String user, String workdir, boolean interactive, boolean tty, boolean privileged) {
    public ExecSpec {
        command = List.copyOf(command);
        env = List.copyOf(env);
    }
}
