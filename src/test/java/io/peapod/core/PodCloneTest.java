package io.peapod.core;

import org.junit.jupiter.api.Test;

import io.peapod.engine.ContainerCreateSpec;
import io.peapod.engine.MountRequest;
import io.peapod.engine.PodSettings;
import io.peapod.engine.UserNamespaceRequest;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PodCloneTest {
    @Test
    void aCloneIsNamedAfterTheOriginalThenNumbered() {
        assertThat(PodClone.unique("cm-clone", Set.of("cm")::contains)).isEqualTo("cm-clone");
        assertThat(PodClone.unique("cm-clone", Set.of("cm", "cm-clone")::contains)).isEqualTo("cm-clone1");
        assertThat(PodClone.unique("cm-clone", Set.of("cm-clone", "cm-clone1")::contains)).isEqualTo("cm-clone2");
    }

    @Test
    void theFlagsGivenReplaceTheOriginalsSettingsTheOthersStay() {
        PodSettings original = new PodSettings(1.5, "0", 512, 100L << 20, 0, List.of(), List.of("/dev/null"), List.of(),
                Map.of("kernel.msgmax", "8192"), 32L << 20, ContainerCreateSpec.RestartPolicy.NONE, "", true,
                UserNamespaceRequest.of("auto"));
        PodSettings given = new PodSettings(0, "", 0, 200L << 20, 0, List.of(), List.of(), List.of(), Map.of(), 0,
                ContainerCreateSpec.RestartPolicy.NONE, "", true,
                new UserNamespaceRequest("", List.of("0:200000:1000"), List.of(), "", ""));
        PodSettings merged = PodClone.settings(original, given, Set.of("memory", "device"));
        assertThat(merged.memory()).isEqualTo(200L << 20);
        assertThat(merged.devices()).as("a list flag given replaces the whole list").isEmpty();
        assertThat(merged.cpus()).isEqualTo(1.5);
        assertThat(merged.cpuShares()).isEqualTo(512);
        assertThat(merged.sysctls()).containsEntry("kernel.msgmax", "8192");
        assertThat(merged.shmSize()).isEqualTo(32L << 20);
        assertThat(merged.userns().mode()).isEqualTo("auto");
        assertThat(PodClone.settings(original, given, Set.of("uidmap")).userns())
                .as("any of the user namespace flags replaces all of them").isEqualTo(given.userns());
        assertThat(PodClone.settings(original, given, Set.of())).isEqualTo(original);
    }

    @Test
    void cloneVolumesAddToThePodsTheGivenOneWinningAtTheSameDestination() {
        MountRequest a = new MountRequest(MountRequest.BIND, "/h/a", "/a", List.of());
        MountRequest c = new MountRequest(MountRequest.BIND, "/h/c", "/c", List.of());
        MountRequest a2 = new MountRequest(MountRequest.BIND, "/h/a2", "/a/", List.of());
        assertThat(PodClone.mounts(List.of(a, c), List.of(a2))).containsExactly(a2, c);

        ContainerVolumes.Entry own = new ContainerVolumes.Entry(MountRequest.BIND, "/h/own", "/a", List.of("rbind"), false);
        ContainerVolumes.Entry other = new ContainerVolumes.Entry(MountRequest.BIND, "/h/o", "/o", List.of("rbind"), false);
        ContainerVolumes.Entry given = new ContainerVolumes.Entry(MountRequest.BIND, "/h/g", "/a", List.of("rbind"), false);
        ContainerVolumes.Entry extra = new ContainerVolumes.Entry(MountRequest.BIND, "/h/x", "/x", List.of("rbind"), false);
        // another container's own mount wins; the infra container takes the clone's
        assertThat(PodClone.withVolumes(List.of(own, other), List.of(given, extra), false))
                .containsExactly(extra.toJson(), own.toJson(), other.toJson());
        assertThat(PodClone.withVolumes(List.of(own, other), List.of(given, extra), true))
                .containsExactly(given.toJson(), extra.toJson(), other.toJson());
    }
}
