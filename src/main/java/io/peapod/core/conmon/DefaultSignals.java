package io.peapod.core.conmon;

import java.util.ArrayList;
import java.util.List;

/**
 * A command prefix that execs the rest with every signal at its default disposition, as podman's
 * processes start.
 *
 * <p>Why it is needed: the JDK starts children through glibc's posix_spawn, which sets glibc's two
 * internal signals (32 and 33) to SIG_IGN in the child, and an ignored signal stays ignored across
 * exec. runc's Go runtime resets 33 but not 32, so without this every container process would start
 * with signal 32 ignored. glibc refuses to touch those two signals (sigaction gives EINVAL), so the
 * reset is the raw rt_sigaction system call, made by perl (perl-base is part of every Debian system).
 * For {@code runc exec}, whose streams ProcessBuilder gives us; conmon is started by
 * {@link io.peapod.sys.Jni#spawn}, which resets the signals itself.
 */
final class DefaultSignals {
    private DefaultSignals() {}

    /** x86_64's and aarch64's numbers for rt_sigaction. */
    private static final int RT_SIGACTION = "aarch64".equals(System.getProperty("os.arch")) ? 134 : 13;

    /**
     * Sets what the prefix needs in the environment of the process that runs it: perl must not warn
     * about a locale this host lacks on the stderr we pass on (the container's own environment comes
     * from its spec, not from here).
     */
    static ProcessBuilder environment(ProcessBuilder pb) {
        pb.environment().put("PERL_BADLANG", "0");
        return pb;
    }

    /** {@code perl -e SCRIPT}, to be followed by the command to exec; see {@link #environment}. */
    static List<String> prefix() {
        // struct sigaction with a null handler (SIG_DFL), no flags, an empty mask; an 8-byte sigset_t
        String script = "my $default = \"\\0\" x 32; for (32, 33) { syscall(" + RT_SIGACTION
                + ", $_, $default, 0, 8) == 0 or die \"rt_sigaction $_: $!\\n\" } "
                + "exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"";
        return new ArrayList<>(List.of("perl", "-e", script));
    }
}
