package io.peapod.cli;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code network connect}'s --ip/--ip6 and --mac-address, checked as Go's net.ParseIP and net.ParseMAC do. */
class NetworkConnectFlagsTest {
    @Test
    void addressesGoAccepts() {
        assertThat(NetworkCommands.isIpLiteral("10.89.0.5")).isTrue();
        assertThat(NetworkCommands.isIpLiteral("fd00::5")).isTrue();
        assertThat(NetworkCommands.isIpLiteral("1.2.3")).isFalse();        // Java's InetAddress takes it
        assertThat(NetworkCommands.isIpLiteral("10.089.0.5")).isFalse();   // Go refuses leading zeros
        assertThat(NetworkCommands.isIpLiteral("256.1.1.1")).isFalse();
    }

    @Test
    void macAddressesInGosFormsPrintedWithColons() {
        assertThat(NetworkCommands.mac("02:11:22:33:44:55")).isEqualTo("02:11:22:33:44:55");
        assertThat(NetworkCommands.mac("02-11-22-33-AA-55")).isEqualTo("02:11:22:33:aa:55");
        assertThat(NetworkCommands.mac("0211.2233.4455")).isEqualTo("02:11:22:33:44:55");
        assertThat(NetworkCommands.mac("")).isEmpty();
        assertThatThrownBy(() -> NetworkCommands.mac("zz")).isInstanceOf(EngineException.class)
                .hasMessage("address zz: invalid MAC address");
        assertThatThrownBy(() -> NetworkCommands.mac("02:11:22:33:44")).hasMessage("address 02:11:22:33:44: invalid MAC address");
    }
}
