package io.peapod.core;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExecProcessTest {
    private static final List<String> DEFAULT_CAPS = List.of("CAP_CHOWN", "CAP_KILL");

    private static Map<String, Object> containerProcess() {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("bounding", DEFAULT_CAPS);
        caps.put("effective", DEFAULT_CAPS);
        caps.put("permitted", DEFAULT_CAPS);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("terminal", true);
        p.put("user", Map.of("uid", 0, "gid", 0, "umask", 18));
        p.put("args", List.of("sleep", "600"));
        p.put("env", List.of("PATH=/bin", "TERM=xterm"));
        p.put("cwd", "/srv");
        p.put("capabilities", caps);
        p.put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", 20000, "soft", 20000)));
        return p;
    }

    @Test
    void copiesTheContainersProcessWithTheExecsCommandAndTerminal() {
        Map<String, Object> p = ExecProcess.build(containerProcess(), List.of("PATH=/bin"), Map.of(), List.of("ls", "-l"),
                new Users.Resolved(0, 0, List.of()), "/root", true, "", false, false, List.of());
        assertThat(p.get("args")).isEqualTo(List.of("ls", "-l"));
        assertThat(p.get("terminal")).isEqualTo(false);
        assertThat(p.get("cwd")).as("the container's workdir by default").isEqualTo("/srv");
        assertThat(p.get("rlimits")).isEqualTo(containerProcess().get("rlimits"));
        assertThat(p.get("env")).isEqualTo(List.of("PATH=/bin", "HOME=/root"));
        assertThat(((Map<?, ?>) p.get("user")).get("umask")).isEqualTo(18);
    }

    @Test
    void execVariablesReplaceInPlaceAndHomeComesLast() {
        Map<String, String> exec = new LinkedHashMap<>();
        exec.put("PATH", "/x");
        exec.put("A", "1");
        assertThat(ExecProcess.env(List.of("PATH=/bin", "TERM=xterm"), exec, "/root"))
                .containsExactly("PATH=/x", "TERM=xterm", "A=1", "HOME=/root");
        assertThat(ExecProcess.env(List.of("PATH=/bin"), Map.of("HOME", "/tmp"), "/root"))
                .containsExactly("PATH=/bin", "HOME=/tmp");
    }

    @Test
    void capabilitiesAsPodmanGivesThemToExecSessions() {
        List<String> all = List.of("CAP_CHOWN", "CAP_KILL", "CAP_SYS_ADMIN");
        Map<?, ?> root = caps(ExecProcess.build(containerProcess(), List.of(), Map.of(), List.of("id"),
                new Users.Resolved(0, 0, List.of()), "/root", true, "", false, true, all));
        assertThat(root.get("bounding")).isEqualTo(all);
        assertThat(root.get("effective")).isEqualTo(all);
        assertThat(root.get("inheritable")).isEqualTo(List.of());

        Map<?, ?> otherUser = caps(ExecProcess.build(containerProcess(), List.of(), Map.of(), List.of("id"),
                new Users.Resolved(1000, 1000, List.of()), "/", false, "/tmp", false, false, all));
        assertThat(otherUser.get("bounding")).isEqualTo(DEFAULT_CAPS);
        assertThat(otherUser.get("effective")).as("kept until execve, which drops them").isEqualTo(DEFAULT_CAPS);
        assertThat(otherUser.containsKey("ambient")).isFalse();

        Map<?, ?> sameUser = caps(ExecProcess.build(containerProcess(), List.of(), Map.of(), List.of("id"),
                new Users.Resolved(1000, 1000, List.of()), "/", true, "", false, false, all));
        assertThat(sameUser.get("ambient")).as("the container's own user keeps its capabilities").isEqualTo(DEFAULT_CAPS);
    }

    private static Map<?, ?> caps(Map<String, Object> process) {
        return (Map<?, ?>) process.get("capabilities");
    }
}
