package io.peapod.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GoJsonTest {
    record Sample(String Id, List<String> Names, Map<String, String> Labels) {}

    @Test
    void indentsWithFourSpacesLikeMarshalIndent() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", "abc");
        m.put("Size", 12L);
        m.put("Empty", List.of());
        m.put("None", null);
        m.put("Nested", Map.of("k", true));
        assertThat(GoJson.indent(List.of(m))).isEqualTo("""
                [
                    {
                        "Id": "abc",
                        "Size": 12,
                        "Empty": [],
                        "None": null,
                        "Nested": {
                            "k": true
                        }
                    }
                ]""");
    }

    @Test
    void recordsPrintTheirComponentsInOrderAndStringsAreEscapedAsGoDoes() {
        String json = GoJson.indent(new Sample("<a&b>", List.of("x\ty"), Map.of()));
        assertThat(json).isEqualTo("""
                {
                    "Id": "\\u003ca\\u0026b\\u003e",
                    "Names": [
                        "x\\ty"
                    ],
                    "Labels": {}
                }""");
    }

    @Test
    void inspectIndentsWithFiveSpacesAsPodmanDoes() {
        assertThat(GoJson.indent(List.of(Map.of("Id", "x")), "     ")).isEqualTo("[\n     {\n          \"Id\": \"x\"\n     }\n]");
    }
}
