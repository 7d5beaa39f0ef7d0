package io.peapod.core.top;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessInfoTest {
    @Test
    void statFieldsAfterACommandNameWithSpacesAndParentheses() {
        String line = "3836 (my (odd) cmd) S 3834 3830 30846 34816 -1 4194304 99 0 0 0 12 34 0 0 20 5 1 0 1029843 3133440 362 "
                + "18446744073709551615 93866575327232 0";
        ProcessInfo.Stat s = ProcessInfo.parseStat(line);
        assertThat(s.comm()).isEqualTo("my (odd) cmd");
        assertThat(s.ppid()).isEqualTo(3834);
        assertThat(s.pgrp()).isEqualTo(3830);
        assertThat(s.ttyNr()).isEqualTo(34816);
        assertThat(s.utime()).isEqualTo(12);
        assertThat(s.stime()).isEqualTo(34);
        assertThat(s.nice()).isEqualTo("5");
        assertThat(s.startTime()).isEqualTo(1029843);
        assertThat(s.vsize()).isEqualTo(3133440);
    }

    @Test
    void cmdlineKeepsTheEmptyStringAfterTheLastNulAsPsgoDoes() {
        // which is why podman's COMMAND column ends in a space
        assertThat(ProcessInfo.parseCmdline("sleep\0001000\000".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("sleep", "1000", "");
        assertThat(ProcessInfo.parseCmdline(new byte[0])).containsExactly("");
    }

    @Test
    void statusLinesByKey() {
        ProcessInfo p = new ProcessInfo(4242, null, ProcessInfo.parseStatus(
                "Name:\tsleep\nUid:\t1000\t1001\t1000\t1000\nGroups:\t \nNSpid:\t4242\t7\nVmRSS:\t    1956 kB\n"),
                List.of(""), "?");
        assertThat(p.status("Uid", 1)).isEqualTo("1001");
        assertThat(p.status("VmRSS")).isEqualTo("1956");
        assertThat(p.statusList("Groups")).isEmpty();
        assertThat(p.innermostPid()).isEqualTo(7);
        assertThat(p.status("Missing")).isEmpty();
    }

    @Test
    void terminalDeviceNumbers() {
        // /dev/pts/3 is 136:3; the kernel's tty_nr and glibc's st_rdev encode it alike for small numbers
        assertThat(ProcessTable.major(34819)).isEqualTo(136);
        assertThat(ProcessTable.minor(34819)).isEqualTo(3);
        // a minor above 255 lives in the high bits
        long dev = (136L << 8) | (300 & 0xff) | ((300L & ~0xffL) << 12);
        assertThat(ProcessTable.minor(dev)).isEqualTo(300);
        assertThat(ProcessTable.major(dev)).isEqualTo(136);
    }
}
