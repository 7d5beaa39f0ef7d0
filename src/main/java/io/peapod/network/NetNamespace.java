package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.sys.Errno;
import io.peapod.sys.Jni;
import io.peapod.sys.LibC;
import io.peapod.sys.SysException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A container's network namespace, kept alive by a bind mount at {@code /run/netns/netns-<uuid>}
 * (podman's place and name, so {@code ip netns} lists it), made and removed as iproute2's
 * {@code ip netns add/delete} do (unshare, bind-mount; on delete unmount and unlink), by libpeapod's
 * system calls ({@link Jni}) rather than ip(8), whose start cost ~5 ms. The namespace is made before
 * the runtime starts, handed to it by path, and set up by netavark.
 */
public record NetNamespace(String name) {
    static final Path DIR = Path.of("/run/netns");

    public Path path() {
        return DIR.resolve(name);
    }

    /**
     * A name for a new namespace, as podman names them ({@code netns-} and a random UUID). {@code random}
     * rather than {@link UUID#randomUUID}, whose SecureRandom set-up costs a fresh JVM milliseconds.
     */
    public static NetNamespace named(java.util.random.RandomGenerator random) {
        long high = random.nextLong() & ~0xf000L | 0x4000L;                       // version 4
        long low = random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L;  // IETF variant
        return new NetNamespace("netns-" + new UUID(high, low));
    }

    /** Makes the namespace: a new, empty one (only a down loopback) at {@link #path()}. */
    public NetNamespace create() {
        try {
            Jni.netnsAdd(path());
        } catch (SysException e) {
            throw new EngineException("creating network namespace " + name + ": " + e.getMessage());
        }
        return this;
    }

    private static final String OWNED_SCRIPT = """
            use strict;
            my ($um, $gm, $netns, $userns) = @ARGV;
            pipe(my $cr, my $pw) or die "pipe: $!\n";
            pipe(my $pr, my $cw) or die "pipe: $!\n";
            my $pid = fork() // die "fork: $!\n";
            if ($pid == 0) {
                close $pw; close $pr;
                syscall(272, 0x10000000) == 0 or exit 1;
                syswrite($cw, "u");
                sysread($cr, my $b, 1) or exit 1;
                syscall(272, 0x40000000) == 0 or exit 2;
                syswrite($cw, "n");
                sysread($cr, $b, 1);
                exit 0;
            }
            close $cr; close $cw;
            sysread($pr, my $b, 1) or die "unshare of the user namespace failed\n";
            for (["uid_map", $um], ["gid_map", $gm]) {
                open(my $f, '>', "/proc/$pid/$_->[0]") or die "$_->[0]: $!\n";
                (my $t = $_->[1]) =~ s/,/\n/g;
                syswrite($f, "$t\n") or die "writing $_->[0]: $!\n";
                close $f or die "writing $_->[0]: $!\n";
            }
            syswrite($pw, "m");
            sysread($pr, $b, 1) or die "unshare of the network namespace failed\n";
            for ([$netns, "net"], [$userns, "user"]) {
                open(my $f, '>', $_->[0]) or die "$_->[0]: $!\n"; close $f;
                my ($src, $dst, $type) = ("/proc/$pid/ns/$_->[1]", $_->[0], "");
                syscall(165, $src, $dst, $type, 0x1000, 0) == 0 or die "mounting $src on $dst: $!\n";
            }
            close $pw;
            waitpid($pid, 0);
            """;

    /**
     * Makes the namespace owned by a new user namespace with these mappings ({@code /proc/PID/uid_map} lines,
     * comma-separated), which is kept at {@code usernsFile} (a bind mount) for the runtime to join. A container
     * with a user namespace needs its network namespace owned by it: the runtime enters the user namespace
     * before the others when it runs {@code exec}, and only the owner may mount sysfs or set net sysctls.
     * perl makes the system calls (see {@code storage.IdmappedMounts}): a namespace needs a process to unshare.
     */
    public NetNamespace createOwned(String uidMap, String gidMap, Path usernsFile) {
        try {
            Files.createDirectories(usernsFile.getParent());
        } catch (IOException e) {
            throw new EngineException("creating network namespace " + name + ": " + e.getMessage());
        }
        perl(OWNED_SCRIPT, uidMap, gidMap, path().toString(), usernsFile.toString());
        return this;
    }

    private static final String JOINED_SCRIPT = """
            use strict;
            my ($userns, $netns) = @ARGV;
            pipe(my $pr, my $cw) or die "pipe: $!\n";
            pipe(my $cr, my $pw) or die "pipe: $!\n";
            my $pid = fork() // die "fork: $!\n";
            if ($pid == 0) {
                close $pr; close $pw;
                open(my $u, '<', $userns) or exit 1;
                syscall(308, fileno($u), 0x10000000) == 0 or exit 2;
                syscall(272, 0x40000000) == 0 or exit 3;
                syswrite($cw, "n");
                sysread($cr, my $b, 1);
                exit 0;
            }
            close $cw; close $cr;
            sysread($pr, my $b, 1) or die "entering the user namespace $userns failed\n";
            open(my $f, '>', $netns) or die "$netns: $!\n"; close $f;
            my ($src, $type) = ("/proc/$pid/ns/net", "");
            syscall(165, $src, $netns, $type, 0x1000, 0) == 0 or die "mounting $src on $netns: $!\n";
            close $pw;
            waitpid($pid, 0);
            """;

    /** Makes the namespace owned by the existing user namespace at {@code usernsPath} (one container joining another's). */
    public NetNamespace createIn(Path usernsPath) {
        perl(JOINED_SCRIPT, usernsPath.toString(), path().toString());
        return this;
    }

    private void perl(String script, String... args) {
        try {
            Files.createDirectories(DIR);
            List<String> argv = new java.util.ArrayList<>(List.of("perl", "-e", script));
            argv.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new EngineException("creating network namespace " + name + " in a user namespace: "
                        + (err.isEmpty() ? "perl exit status " + p.exitValue() : err));
            }
        } catch (IOException e) {
            throw new EngineException("creating network namespace " + name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        }
    }

    /** Unmounts and removes the namespace's file; one already gone is no error (cleanup may run twice). */
    public void delete() {
        if (!Files.exists(path())) {
            return;
        }
        try {
            try {
                Jni.umount2(path(), LibC.MNT_DETACH);
            } catch (SysException e) {
                if (e.errno() != Errno.EINVAL) {   // not mounted (any more): as ip, remove the file
                    throw e;
                }
            }
            Files.deleteIfExists(path());
        } catch (SysException | IOException e) {
            throw new EngineException("deleting network namespace " + name + ": " + e.getMessage());
        }
    }
}
