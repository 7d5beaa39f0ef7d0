package io.peapod.core.top;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DescriptorsTest {
    @Test
    void capabilityMasksAsPsgoNamesThem() {
        // podman's default set
        assertThat(Descriptors.caps("00000000800405fb"))
                .isEqualTo("CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT");
        assertThat(Descriptors.caps("0000000000000000")).isEqualTo("none");
        assertThat(Descriptors.caps("0000003fffffffff")).isEqualTo("full");
        // bits after AUDIT_READ are beyond the list podman 4.3.1 vendors: "unknown", sorted after the names
        assertThat(Descriptors.caps("0000004000000001")).isEqualTo("CHOWN,unknown");
    }

    @Test
    void descriptorsInCodeOrNormalFormAndUnknownOnesForPs() {
        assertThat(Descriptors.translate(List.of()).stream().map(Descriptors.Descriptor::header).toList())
                .containsExactly("USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME", "COMMAND");
        assertThat(Descriptors.translate(List.of("%C", "pcpu", " pid ", "args", "comm")).stream()
                .map(Descriptors.Descriptor::header).toList())
                .containsExactly("%CPU", "%CPU", "PID", "COMMAND", "COMMAND");
        assertThat(Descriptors.translate(List.of("pid", "-eo"))).as("ps(1) options go to ps").isNull();
        assertThat(Descriptors.translate(List.of("uid"))).as("not in podman 4.3.1's psgo").isNull();
        assertThat(Descriptors.names()).hasSize(30).startsWith("args", "capamb").endsWith("user", "vsz");
    }

    @Test
    void seccompModesAndCpuPercent() {
        assertThat(Descriptors.seccomp("0")).isEqualTo("disabled");
        assertThat(Descriptors.seccomp("2")).isEqualTo("filter");
        assertThat(Descriptors.seccomp("")).isEqualTo("?");
        assertThat(Descriptors.goFloat(0)).isEqualTo("0.000");
        assertThat(Descriptors.goFloat(12.34567)).isEqualTo("12.346");
        assertThat(Descriptors.goFloat(Double.NaN)).isEqualTo("NaN");
        assertThat(Descriptors.goFloat(1.0 / 0)).isEqualTo("+Inf");
    }
}
