package io.peapod.registry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthChallengeTest {
    @Test
    void bearerWithQuotedParameters() {
        List<AuthChallenge> c = AuthChallenge.parse(List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\""));
        assertThat(c).containsExactly(new AuthChallenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:samalba/my-app:pull,push")));
    }

    @Test
    void basicAndSeveralChallengesInOneHeader() {
        List<AuthChallenge> c = AuthChallenge.parse(List.of("Basic realm=\"peapod-test\", Bearer realm=\"https://t/x\" , error=insufficient_scope"));
        assertThat(c).hasSize(2);
        assertThat(c.get(0)).isEqualTo(new AuthChallenge("basic", Map.of("realm", "peapod-test")));
        assertThat(c.get(1).scheme()).isEqualTo("bearer");
        assertThat(c.get(1).parameter("realm")).isEqualTo("https://t/x");
        assertThat(c.get(1).parameter("error")).isEqualTo("insufficient_scope");
    }

    @Test
    void escapesCaseAndSeparateHeaderValues() {
        List<AuthChallenge> c = AuthChallenge.parse(List.of("BEARER Realm=\"a\\\"b\"", "basic"));
        assertThat(c).containsExactly(new AuthChallenge("bearer", Map.of("realm", "a\"b")), new AuthChallenge("basic", Map.of()));
    }

    @Test
    void garbageYieldsWhatCanBeRead() {
        assertThat(AuthChallenge.parse(List.of(""))).isEmpty();
        assertThat(AuthChallenge.parse(List.of(",,, ;;"))).isEmpty();
        assertThat(AuthChallenge.parse(List.of("Bearer realm=\"unterminated"))).containsExactly(
                new AuthChallenge("bearer", Map.of("realm", "unterminated")));
    }
}
