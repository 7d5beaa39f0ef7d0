package io.peapod.core.conmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the driver: argument list, sync messages, runc state, exit and pid files. */
class ConmonUnitTest {
    @TempDir Path tmp;

    private ConmonRequest request(String logDriver, boolean terminal, boolean stdin, List<String> exit) {
        Path dir = Path.of("/run/p/ctr");
        return new ConmonRequest("abc", "web", dir, Path.of("/usr/sbin/runc"), Path.of("/run/p/runc"), dir,
                dir.resolve("ctr.log"), logDriver, terminal, stdin, exit, Path.of("/run/p/exits"),
                Path.of("/run/p/persist/abc"), Path.of("/run/p/socket"));
    }

    @Test
    void argumentsFollowLibpod() {
        List<String> a = ConmonArgs.create(request("k8s-file", false, true,
                List.of("/usr/bin/peapod", "--root", "/var/lib/peapod", "container", "cleanup", "abc")), Path.of("/usr/bin/conmon"));
        assertThat(String.join(" ", a)).isEqualTo("/usr/bin/conmon --api-version 1 -c abc -u abc -r /usr/sbin/runc"
                + " -b /run/p/ctr -p /run/p/ctr/pidfile -n web --exit-dir /run/p/exits --persist-dir /run/p/persist/abc"
                + " --full-attach --socket-dir-path /run/p/socket --runtime-arg --root=/run/p/runc"
                + " -l k8s-file:/run/p/ctr/ctr.log --log-level warning --syslog"
                + " --runtime-arg --log-format=json --runtime-arg --log --runtime-arg=/run/p/ctr/oci-log"
                + " -i --conmon-pidfile /run/p/ctr/conmon.pid --exit-command /usr/bin/peapod"
                + " --exit-command-arg --root --exit-command-arg /var/lib/peapod --exit-command-arg container"
                + " --exit-command-arg cleanup --exit-command-arg abc");
    }

    @Test
    void terminalWinsOverStdinAndNoneLogsNothing() {
        List<String> a = ConmonArgs.create(request("none", true, true, List.of()), Path.of("conmon"));
        assertThat(a).contains("-t").doesNotContain("-i", "--exit-command");
        assertThat(a.get(a.indexOf("-l") + 1)).isEqualTo("none");
    }

    @Test
    void unknownLogDriverIsRejected() {
        assertThatThrownBy(() -> request("journald", false, false, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syncMessages() {
        assertThat(SyncMessage.parse("{\"data\": 4242}")).isEqualTo(new SyncMessage(4242, ""));
        SyncMessage bad = SyncMessage.parse("{\"data\": -1, \"message\": \"runc create failed: no such file\"}");
        assertThat(bad.failed()).isTrue();
        assertThat(bad.message()).contains("no such file");
        assertThatThrownBy(() -> SyncMessage.parse("nonsense")).isInstanceOf(ConmonException.class);
        assertThatThrownBy(() -> SyncMessage.parse("{\"pid\": 3}")).isInstanceOf(ConmonException.class);
    }

    @Test
    void runtimeState() {
        RuntimeState s = Conmon.parseState("""
                {"ociVersion":"1.0.2-dev","id":"abc","pid":1234,"status":"running","bundle":"/b",
                 "rootfs":"/b/rootfs","created":"2026-11-23T13:03:17.1Z","owner":""}""");
        assertThat(s).isEqualTo(new RuntimeState("abc", RuntimeState.Status.RUNNING, 1234, "/b"));
        assertThat(Conmon.parseState("{\"id\":\"x\",\"pid\":0,\"status\":\"stopped\"}").status().word()).isEqualTo("stopped");
        assertThatThrownBy(() -> Conmon.parseState("{\"id\":\"x\",\"status\":\"weird\"}")).isInstanceOf(ConmonException.class);
    }

    @Test
    void exitFile() throws Exception {
        assertThat(Conmon.exitCode(tmp, "abc")).isEmpty();
        Files.writeString(tmp.resolve("abc"), "");
        assertThat(Conmon.exitCode(tmp, "abc")).isEmpty();
        Files.writeString(tmp.resolve("abc"), "137");
        assertThat(Conmon.exitCode(tmp, "abc")).isEqualTo(OptionalInt.of(137));
        Files.writeString(tmp.resolve("abc"), "x");
        assertThatThrownBy(() -> Conmon.exitCode(tmp, "abc")).isInstanceOf(ConmonException.class);
    }

    @Test
    void runtimeErrorIsTheLastErrorInRuncsJsonLog() throws Exception {
        Path log = tmp.resolve("oci-log");
        Files.writeString(log, """
                {"level":"warning","msg":"meh","time":"t"}
                {"level":"error","msg":"first","time":"t"}
                not json
                {"level":"error","msg":"exec: \\"nope\\": not found","time":"t"}
                """);
        assertThat(Conmon.lastRuntimeError(log)).contains("exec: \"nope\": not found");
        assertThat(Conmon.lastRuntimeError(tmp.resolve("none"))).isEmpty();
        assertThat(Conmon.readPid(log)).isEmpty();
    }

    @Test
    void aZombieConmonNoLongerCountsAsRunning() {
        org.assertj.core.api.Assertions.assertThat(Conmon.runningConmon("17346 (conmon) S 1 17345 17345 0 -1 4194624")).isTrue();
        org.assertj.core.api.Assertions.assertThat(Conmon.runningConmon("17346 (conmon) Z 1 17345 17345 0 -1 4194628")).isFalse();
        org.assertj.core.api.Assertions.assertThat(Conmon.runningConmon("17346 (sleep) S 1 17345 17345 0 -1 4194624")).isFalse();
    }
}
