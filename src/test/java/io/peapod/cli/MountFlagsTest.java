package io.peapod.cli;

import io.peapod.engine.EngineException;
import io.peapod.engine.MountRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** -v, --mount and --tmpfs parsed as podman 4.3's CLI parses them, with its error texts. */
class MountFlagsTest {
    private static MountRequest bind(String src, String dst, String... options) {
        return new MountRequest(MountRequest.BIND, src, dst, List.of(options));
    }

    private static MountRequest volume(String name, String dst, String... options) {
        return new MountRequest(MountRequest.VOLUME, name, dst, List.of(options));
    }

    @Test
    void volumeFlagTellsBindsFromNamedAndAnonymousVolumes() {
        assertThat(MountFlags.volume("/host:/ctr")).isEqualTo(bind("/host", "/ctr"));
        assertThat(MountFlags.volume("/host/:/ctr:ro,z")).isEqualTo(bind("/host", "/ctr", "ro", "z"));
        assertThat(MountFlags.volume("data:/ctr:nocopy")).isEqualTo(volume("data", "/ctr", "nocopy"));
        assertThat(MountFlags.volume("/ctr")).isEqualTo(volume("", "/ctr"));
        assertThat(MountFlags.volume("./sub:/ctr").source())
                .isEqualTo(Path.of("sub").toAbsolutePath().normalize().toString());
        assertThat(MountFlags.volume("/h:/c:cached,U").options()).containsExactly("U");
    }

    @Test
    void badVolumeSpecsGetPodmansWording() {
        assertThatThrownBy(() -> MountFlags.volume("a:b:c:d"))
                .hasMessage("a:b:c:d: incorrect volume format, should be [host-dir:]ctr-dir[:option]");
        assertThatThrownBy(() -> MountFlags.volume("/x:/y:foo")).hasMessage("invalid option type \"foo\"");
        assertThatThrownBy(() -> MountFlags.volume(":/y")).hasMessage("host directory cannot be empty");
        assertThatThrownBy(() -> MountFlags.volume("/x:")).hasMessage("container directory cannot be empty");
        assertThatThrownBy(() -> MountFlags.volume("/x:rel"))
                .hasMessage("invalid container path \"rel\", must be an absolute path");
        assertThatThrownBy(() -> MountFlags.volume("/x:/y:ro,rw"))
                .hasMessage("invalid options \"ro, rw\", can only specify 1 'rw' or 'ro' option");
        assertThatThrownBy(() -> MountFlags.volume("/x:/y:rprivate,shared")).hasMessage("invalid options \"rprivate, shared\", "
                + "can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option");
        assertThatThrownBy(() -> MountFlags.volume("/x:/y:Z,z"))
                .hasMessage("invalid options \"Z, z\", can only specify 1 'z', 'Z', or 'O' option");
    }

    @Test
    void mountFlagBuildsEachTypesOptions() {
        assertThat(MountFlags.mount("type=bind,src=/h,target=/c,readonly,bind-propagation=rshared,relabel=private"))
                .isEqualTo(bind("/h", "/c", "ro", "rshared", "Z"));
        assertThat(MountFlags.mount("type=bind,source=/h,dst=/c,rw=false,bind-nonrecursive"))
                .isEqualTo(bind("/h", "/c", "ro", "bind"));
        assertThat(MountFlags.mount("type=bind,dst=/c")).isEqualTo(bind("/c", "/c"));
        assertThat(MountFlags.mount("type=volume,src=data,destination=/c/,ro"))
                .isEqualTo(volume("data", "/c", "ro"));
        assertThat(MountFlags.mount("type=volume,dst=/c")).isEqualTo(volume("", "/c"));
        assertThat(MountFlags.mount("type=tmpfs,dst=/t,tmpfs-size=2m,tmpfs-mode=1777,notmpcopyup"))
                .isEqualTo(new MountRequest(MountRequest.TMPFS, "", "/t", List.of("size=2m", "mode=1777", "notmpcopyup")));
        assertThat(MountFlags.mount("\"type=bind\",\"src=/a,b\",dst=/c").source()).isEqualTo("/a,b");
    }

    @Test
    void badMountSpecsGetPodmansWording() {
        assertThatThrownBy(() -> MountFlags.mount("dst=/x")).hasMessage(MountFlags.MOUNT_FORMAT);
        assertThatThrownBy(() -> MountFlags.mount("type=foo,dst=/x")).hasMessage("invalid filesystem type \"foo\"");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,src=/tmp")).hasMessage("must set volume destination");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,src=/t,dst=/x,foo=bar")).hasMessage("foo: invalid mount option");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,src=/t,dst=/x,ro=maybe")).hasMessage(
                "'readonly', 'ro', or 'rw' must be set to true or false, instead received \"maybe\": must provide an argument for option");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,src=/t,dst=/x,ro,rw")).hasMessage(
                "cannot pass 'readonly', 'ro', or 'rw' options more than once: must provide an argument for option");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,src=,dst=/x"))
                .hasMessage("host directory cannot be empty: must provide an argument for option");
        assertThatThrownBy(() -> MountFlags.mount("type=tmpfs,src=/t,dst=/x")).hasMessage("source is not supported with tmpfs mounts");
        assertThatThrownBy(() -> MountFlags.mount("type=volume,dst=/x,nocopy")).hasMessage("nocopy: invalid mount option");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,src=/t,dst=/x,bind-propagation=bogus"))
                .hasMessage("invalid option type \"bogus\"");
    }

    @Test
    void tmpfsFlagKeepsItsOptionsForTheEngine() {
        assertThat(MountFlags.tmpfs("/t:size=1m,mode=700"))
                .isEqualTo(new MountRequest(MountRequest.TMPFS, "", "/t", List.of("size=1m", "mode=700")));
        assertThat(MountFlags.tmpfs("/t/").options()).isEmpty();
        assertThat(MountFlags.tmpfs("/t/").destination()).isEqualTo("/t");
        assertThatThrownBy(() -> MountFlags.tmpfs("rel")).hasMessage("invalid container path \"rel\", must be an absolute path");
    }

    @Test
    void aDestinationIsUsedOnceExceptForTheSameVolumeFlagTwice() {
        assertThat(MountFlags.parse(List.of("/h:/c", "/h:/c"), List.of(), List.of())).hasSize(1);
        assertThatThrownBy(() -> MountFlags.parse(List.of("/h:/c", "/o:/c"), List.of(), List.of()))
                .isInstanceOf(EngineException.class).hasMessage("/c: duplicate mount destination");
        assertThatThrownBy(() -> MountFlags.parse(List.of("/h:/c"), List.of(), List.of("/c")))
                .hasMessage("/c: duplicate mount destination");
        assertThatThrownBy(() -> MountFlags.parse(List.of("v:/c"), List.of("type=bind,src=/h,dst=/c"), List.of()))
                .hasMessage("/c: duplicate mount destination");
        assertThat(MountFlags.parse(List.of("v:/a"), List.of("type=tmpfs,dst=/b"), List.of("/c")))
                .extracting(MountRequest::destination).containsExactly("/b", "/a", "/c");
    }
}
