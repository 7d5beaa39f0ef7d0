package io.peapod.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go 1.19's net.ParseIP, IP.String and net.ParseMAC, which decide what podman's network flags accept. */
class GoNetTest {
    @Test
    void parseIpAcceptsWhatGoAcceptsAndPrintsItAsGoDoes() {
        assertThat(GoNet.canonicalIp("10.88.0.7")).isEqualTo("10.88.0.7");
        assertThat(GoNet.canonicalIp("::ffff:10.88.0.7")).as("IPv4-mapped prints dotted").isEqualTo("10.88.0.7");
        assertThat(GoNet.canonicalIp("0:0::1")).isEqualTo("::1");
        assertThat(GoNet.canonicalIp("::")).isEqualTo("::");
        assertThat(GoNet.canonicalIp("FD00:0:0:0:0:0:0:5")).isEqualTo("fd00::5");
        assertThat(GoNet.canonicalIp("2001:db8:0:0:1:0:0:1")).as("the first longest zero run").isEqualTo("2001:db8::1:0:0:1");
        assertThat(GoNet.canonicalIp("2001:db8:0:1:1:1:1:1")).as("one zero group is not shortened")
                .isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(GoNet.canonicalIp("::1.2.3.4")).isEqualTo("::102:304");
        assertThat(GoNet.canonicalIp("00001::1")).as("Go reads more than 4 hex digits").isEqualTo("1::1");
        for (String bad : new String[] {"", "1.2.3", "1.2.3.04", "256.1.1.1", "1.2.3.4.5", " 1.2.3.4", "[::1]", "fe80::1%eth0",
                "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "12345::1", "a", "::1:"}) {
            assertThat(GoNet.parseIp(bad)).as(bad).isNull();
        }
    }

    @Test
    void parseMacTakesGosThreeSpellings() throws GoNet.MacException {
        assertThat(GoNet.parseMac("92:D0:c6:0a:29:33")).isEqualTo("92:d0:c6:0a:29:33");
        assertThat(GoNet.parseMac("92-d0-c6-0a-29-33")).isEqualTo("92:d0:c6:0a:29:33");
        assertThat(GoNet.parseMac("9200.c60a.2933")).isEqualTo("92:00:c6:0a:29:33");
        assertThat(GoNet.parseMac("02:00:5e:10:00:00:00:01")).isEqualTo("02:00:5e:10:00:00:00:01");
        assertThatThrownBy(() -> GoNet.parseMac("zz")).hasMessage("address zz: invalid MAC address");
        assertThatThrownBy(() -> GoNet.parseMac("")).hasMessage("invalid MAC address");
        assertThatThrownBy(() -> GoNet.parseMac("92:d0:c6:0a:29:3g")).hasMessage("address 92:d0:c6:0a:29:3g: invalid MAC address");
        assertThatThrownBy(() -> GoNet.parseMac("92:d0-c6:0a:29:33")).hasMessage("address 92:d0-c6:0a:29:33: invalid MAC address");
        assertThatThrownBy(() -> GoNet.parseMac("92:d0:c6:0a:29:33:aa")).hasMessage("address 92:d0:c6:0a:29:33:aa: invalid MAC address");
    }
}
