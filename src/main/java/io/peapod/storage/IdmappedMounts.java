package io.peapod.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Idmapped mounts of image layers (Linux 5.12+, overlayfs accepts them as lower layers since 5.19): each
 * layer directory is cloned ({@code open_tree}), given a user namespace's mapping ({@code mount_setattr}
 * with {@code MOUNT_ATTR_IDMAP}) and attached at a mount point ({@code move_mount}). Files then show their
 * ids shifted by the mapping without a byte copied, which is what containers/storage does on such kernels.
 *
 * <p>The system calls are made by perl (perl-base is in every Debian system, see
 * {@code core.conmon.DefaultSignals}): the JVM makes no FFM call on the container path (a first FFM
 * signature costs a fresh JVM ~60 ms, perl's start ~5 ms), and a process that needs a throw-away user
 * namespace for the mapping must fork, which the JVM cannot. The perl process forks a child that unshares
 * a user namespace, writes the child's uid_map/gid_map (root may write any mapping), opens its
 * {@code ns/user}, maps every layer, and lets the child exit: the mounts keep the mapping, not the process.
 * The numbers are x86_64's, as in {@code sys.Syscall}.
 */
final class IdmappedMounts {
    private IdmappedMounts() {}

    private static final String SCRIPT = """
            use strict;
            my ($um, $gm, @p) = @ARGV;
            pipe(my $cr, my $pw) or die "pipe: $!\\n";
            pipe(my $pr, my $cw) or die "pipe: $!\\n";
            my $pid = fork() // die "fork: $!\\n";
            if ($pid == 0) {
                close $pw; close $pr;
                syscall(272, 0x10000000) == 0 or exit 1;
                syswrite($cw, "u"); close $cw;
                sysread($cr, my $b, 1);
                exit 0;
            }
            close $cr; close $cw;
            sysread($pr, my $b, 1) or die "creating a user namespace for the id mapping: unshare failed\\n";
            for (["uid_map", $um], ["gid_map", $gm]) {
                open(my $f, '>', "/proc/$pid/$_->[0]") or die "$_->[0]: $!\\n";
                (my $t = $_->[1]) =~ s/,/\\n/g;
                syswrite($f, "$t\\n") or die "writing $_->[0] \\"$_->[1]\\": $!\\n";
                close $f or die "writing $_->[0]: $!\\n";
            }
            open(my $ns, '<', "/proc/$pid/ns/user") or die "opening the user namespace: $!\\n";
            while (@p) {
                my ($src, $dst) = splice(@p, 0, 2);
                my $fd = syscall(428, -100, $src, 0x80001);
                die "open_tree $src: $!\\n" if $fd < 0;
                my $attr = pack("QQQQ", 0x100000, 0, 0, fileno($ns));
                my $e1 = "";
                syscall(442, $fd, $e1, 0x1000, $attr, 32) == 0 or die "idmapping $src: $!\\n";
                my $e2 = "";
                syscall(429, $fd, $e2, -100, $dst, 4) == 0 or die "attaching the idmapped $src at $dst: $!\\n";
            }
            close $pw;
            waitpid($pid, 0);
            """;

    /** Mounts each of {@code sources} at the same index of {@code targets} (existing directories), shifted by {@code mapping}. */
    static void mount(IdMapping mapping, List<Path> sources, List<Path> targets) {
        List<String> argv = new ArrayList<>(List.of("perl", "-e", SCRIPT, IdMapping.procMap(mapping.uids()),
                IdMapping.procMap(mapping.gids())));
        for (int i = 0; i < sources.size(); i++) {
            argv.add(sources.get(i).toString());
            argv.add(targets.get(i).toString());
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new StorageException("mounting the image's layers with the container's id mapping: "
                        + (err.isEmpty() ? "perl exit status " + p.exitValue() : err));
            }
        } catch (IOException e) {
            throw new StorageException("mounting the image's layers with the container's id mapping: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("mounting the image's layers with the container's id mapping: interrupted", e);
        }
    }
}
