package io.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class BuildRunSpecTest {

    private static Map<String, Object> spec(int uid, String annotation) {
        ContainerSpecInput.Builder b = SpecGeneratorTest.input().user(uid, uid, List.of());
        if (annotation != null) {
            b.annotation(BuildRunSpec.ANNOTATION, annotation);
        }
        Map<String, Object> doc = SpecGeneratorTest.gen(b.build());
        BuildRunSpec.apply(doc, SpecGeneratorTest.ID);
        return doc;
    }

    private static Map<String, Object> caps(Map<String, Object> doc) {
        return (Map<String, Object>) ((Map<String, Object>) doc.get("process")).get("capabilities");
    }

    private static List<String> namespaces(Map<String, Object> doc) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) doc.get("linux")).get("namespaces")).stream()
                .map(n -> String.valueOf(n.get("type"))).toList();
    }

    @Test
    void anOrdinaryContainersSpecIsLeftAlone() {
        Map<String, Object> plain = SpecGeneratorTest.gen(SpecGeneratorTest.input().build());
        assertThat(spec(0, null)).isEqualTo(plain);
    }

    @Test
    void rootGetsTheMergedSetNothingInheritableOrAmbientAndTheAnnotationIsGone() {
        Map<String, Object> doc = spec(0, BuildRunSpec.annotation(List.of("net_admin"), List.of("CHOWN"), false));
        List<String> expected = Capabilities.merge(Capabilities.DEFAULT, List.of("NET_ADMIN"), List.of("CHOWN"), Capabilities.host());
        assertThat(expected).contains("CAP_NET_ADMIN").doesNotContain("CAP_CHOWN");
        assertThat(caps(doc)).containsExactly(Map.entry("bounding", expected), Map.entry("effective", expected),
                Map.entry("permitted", expected));
        assertThat((Map<String, Object>) doc.get("annotations")).doesNotContainKey(BuildRunSpec.ANNOTATION);
        assertThat(namespaces(doc)).contains("pid", "ipc", "network");
    }

    @Test
    void anotherUserKeepsOnlyTheBoundingSet() {
        Map<String, Object> doc = spec(1000, BuildRunSpec.annotation(List.of("NET_ADMIN"), List.of(), false));
        assertThat(caps(doc).get("effective")).isEqualTo(List.of());
        assertThat(caps(doc).get("permitted")).isEqualTo(List.of());
        assertThat(caps(doc)).doesNotContainKey("ambient");
        assertThat((List<String>) caps(doc).get("bounding")).contains("CAP_NET_ADMIN", "CAP_CHOWN");
    }

    @Test
    void chrootKeepsOnlyTheMountAndUtsNamespacesWithTheShortIdAsHostname() {
        Map<String, Object> doc = spec(0, BuildRunSpec.annotation(List.of(), List.of(), true));
        assertThat(namespaces(doc)).containsExactlyInAnyOrder("mount", "uts", "network");   // network: no host net given here
        assertThat(doc.get("hostname")).isEqualTo(SpecGeneratorTest.ID.substring(0, 12));
    }

    @Test
    void checkUsesBuildahsWords() {
        assertThat(BuildRunSpec.check(List.of("chown", "CAP_NET_ADMIN", "all"), List.of())).isNull();
        assertThat(BuildRunSpec.check(List.of("foo"), List.of())).isEqualTo("\"CAP_FOO\": unknown capability");
        assertThat(BuildRunSpec.check(List.of(), List.of("cap_bar"))).isEqualTo("\"CAP_BAR\": unknown capability");
        assertThat(BuildRunSpec.check(List.of("chown"), List.of("CAP_CHOWN")))
                .isEqualTo("capability \"CAP_CHOWN\" cannot be dropped and added");
        assertThat(BuildRunSpec.check(List.of("all"), List.of("chown"))).isNull();
    }
}
