package io.peapod.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** podman's ProcessOptions: the defaults it adds to each kind of mount, and what it refuses. */
class MountOptionsTest {
    private static final MountOptions.SourceFlags PLAIN = new MountOptions.SourceFlags(false, false, false);

    @Test
    void bindsGetRwRprivateRbindAndTheSourcesFlags() {
        assertThat(MountOptions.process(List.of(), false, PLAIN)).containsExactly("rw", "rprivate", "rbind");
        assertThat(MountOptions.process(List.of("U", "ro"), false, PLAIN)).containsExactly("U", "ro", "rprivate", "rbind");
        assertThat(MountOptions.process(List.of("bind"), false, new MountOptions.SourceFlags(true, true, false)))
                .containsExactly("bind", "rw", "rprivate", "noexec", "nosuid");
    }

    @Test
    void volumesAndTmpfsAreNosuidNodev() {
        assertThat(MountOptions.process(List.of("ro", "noexec"), false, MountOptions.SourceFlags.NONE))
                .containsExactly("ro", "noexec", "rprivate", "nosuid", "nodev", "rbind");
        assertThat(MountOptions.process(List.of("size=1m", "mode=700"), true, MountOptions.SourceFlags.NONE))
                .containsExactly("size=1m", "mode=700", "rw", "rprivate", "nosuid", "nodev", "tmpcopyup");
        assertThat(MountOptions.process(List.of("notmpcopyup"), true, MountOptions.SourceFlags.NONE))
                .containsExactly("rw", "rprivate", "nosuid", "nodev");
    }

    @Test
    void refusesWhatPodmanRefuses() {
        assertThatThrownBy(() -> MountOptions.process(List.of("foo"), true, MountOptions.SourceFlags.NONE))
                .hasMessage("unknown mount option \"foo\": invalid mount option");
        assertThatThrownBy(() -> MountOptions.process(List.of("size=1m", "size=2m"), true, MountOptions.SourceFlags.NONE))
                .hasMessage("only one tmpfs size can be specified: duplicate mount option passed");
        assertThatThrownBy(() -> MountOptions.process(List.of("rbind"), true, MountOptions.SourceFlags.NONE))
                .hasMessage("the 'bind' and 'rbind' options are not allowed with tmpfs mounts: invalid mount option");
        assertThatThrownBy(() -> MountOptions.process(List.of("size=1m"), false, PLAIN))
                .hasMessage("the 'size' option is only allowed with tmpfs mounts: invalid mount option");
    }

    @Test
    void aMissingBindSourceFailsAsPodmansStatfs() {
        assertThatThrownBy(() -> MountOptions.of(Path.of("/no/such/dir")))
                .hasMessage("statfs /no/such/dir: no such file or directory");
    }

    @Test
    void aBindSourceCarriesTheFlagsOfTheDeepestMountHoldingIt() {
        List<String> mountinfo = List.of(
                "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
                "30 27 0:25 / /mnt/data rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw",
                "31 30 0:26 / /mnt/data/inner rw,nodev - tmpfs tmpfs rw",
                "32 27 0:27 / /mnt/with\\040space rw,nosuid - tmpfs tmpfs rw");
        assertThat(MountOptions.flagsFor("/home/x", mountinfo)).isEqualTo(new MountOptions.SourceFlags(false, false, false));
        assertThat(MountOptions.flagsFor("/mnt/data/x", mountinfo)).isEqualTo(new MountOptions.SourceFlags(true, true, true));
        assertThat(MountOptions.flagsFor("/mnt/data/inner", mountinfo)).isEqualTo(new MountOptions.SourceFlags(false, false, true));
        assertThat(MountOptions.flagsFor("/mnt/database", mountinfo)).isEqualTo(new MountOptions.SourceFlags(false, false, false));
        assertThat(MountOptions.flagsFor("/mnt/with space/f", mountinfo)).isEqualTo(new MountOptions.SourceFlags(false, true, false));
    }
}
