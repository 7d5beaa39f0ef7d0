package io.peapod.core.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime's subcommands, run through libpeapod: their exit code, both outputs and arguments. */
class RuncTest {
    @TempDir
    Path dir;

    private Path runtime(String script) throws Exception {
        Path p = dir.resolve("runtime");
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void exitCodeOutputsAndArgumentsAsTheRuntimeGaveThem() throws Exception {
        Path args = dir.resolve("args");
        Path rt = runtime("echo \"$@\" > " + args + "; echo on stdout; echo 'container not running' >&2; exit 3");
        Runc.Result r = Runc.run(rt, dir.resolve("root"), "kill", "abc", "TERM");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.why()).isEqualTo("container not running");
        assertThat(r.stdout()).isEqualTo("on stdout\n");
        assertThat(Files.readString(args)).isEqualTo("--root " + dir.resolve("root") + " kill abc TERM\n");
    }

    @Test
    void moreStderrThanAPipeHoldsIsReadWhole() throws Exception {
        Path rt = runtime("head -c 300000 /dev/zero | tr '\\0' x >&2; exit 0");
        Runc.Result r = Runc.run(rt, dir, "start", "abc");
        assertThat(r.ok()).isTrue();
        assertThat(r.stderr()).hasSize(300000).matches("x+");
    }

    @Test
    void aMissingRuntimeIsAConmonException() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runc.run(dir.resolve("nosuch"), dir, "start", "abc"))
                .isInstanceOf(ConmonException.class).hasMessageContaining("nosuch");
    }
}
