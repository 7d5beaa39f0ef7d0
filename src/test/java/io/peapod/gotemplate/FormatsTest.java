package io.peapod.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void tableDetection() {
        assertThat(Formats.isTable("table {{.ID}}")).isTrue();
        assertThat(Formats.isTable("table")).isTrue();
        assertThat(Formats.isTable("{{.ID}}")).isFalse();
        assertThat(Formats.stripTable("table {{.ID}}")).isEqualTo("{{.ID}}");
        assertThat(Formats.stripTable("{{.ID}}")).isEqualTo("{{.ID}}");
    }

    @Test
    void normalizeLikeContainersCommon() {
        // cases from containers/common's TestNormalizeFormat
        assertThat(Formats.normalize("{{.ID}}\t{{.ID}}")).isEqualTo("{{.ID}}\t{{.ID}}\n");
        assertThat(Formats.normalize("{{.ID}}\\t{{.ID}}")).isEqualTo("{{.ID}}\t{{.ID}}\n");
        assertThat(Formats.normalize("{{.ID}} {{.ID}}")).isEqualTo("{{.ID}} {{.ID}}\n");
        assertThat(Formats.normalize("table {{.ID}}\\t{{.ID}}")).isEqualTo("{{.ID}}\t{{.ID}}\n");
        assertThat(Formats.normalize("table {{.ID}} {{.ID}}")).isEqualTo("{{.ID}}\t{{.ID}}\n");
        // observed podman quirks: every "table " goes, every space becomes a tab, "\\t" keeps a backslash
        assertThat(Formats.normalize("table {{.ID}} xtable {{.Tag}}")).isEqualTo("{{.ID}}\tx{{.Tag}}\n");
        assertThat(Formats.normalize("table {{\"a b\"}}")).isEqualTo("{{\"a\tb\"}}\n");
        assertThat(Formats.normalize("table {{.ID}}\\\\t{{.D}}")).isEqualTo("{{.ID}}\\\t{{.D}}\n");
        assertThat(Formats.normalize("{{.A}}\\n")).isEqualTo("{{.A}}\n");
    }

    @Test
    void headersLikePodman() {
        Map<String, String> ov = Map.of("ID", "image id", "ReadOnly", "R/O");
        assertThat(Formats.headerFor("ID", ov)).isEqualTo("IMAGE ID");
        assertThat(Formats.headerFor("ReadOnly", ov)).isEqualTo("R/O");
        assertThat(Formats.headerFor("CreatedAt", ov)).isEqualTo("CREATED AT");
        assertThat(Formats.headerFor("RunningFor", null)).isEqualTo("RUNNING FOR");
        assertThat(Formats.headerFor("IPv6Enabled", null)).isEqualTo("I PV 6 ENABLED");
        assertThat(Formats.headerFor("DNSEnabled", null)).isEqualTo("DNS ENABLED");
        assertThat(Formats.headerFor("Fieldb", null)).isEqualTo("FIELDB");
        assertThat(Formats.headerFor("fieldC", null)).isEqualTo("FIELD C");
        assertThat(Formats.headerFor("ID", null)).isEqualTo("ID");
        assertThat(Formats.splitCamelCase("PDFLoader")).containsExactly("PDF", "Loader");
        assertThat(Formats.splitCamelCase("GL11Version")).containsExactly("GL", "11", "Version");
    }

    @Test
    void headerRowIsTheRowTemplateOverAHeaderMap() throws Exception {
        String fmt = Formats.normalize("table {{.ID}} {{.CreatedSince}} {{.Size}}");
        Template t = Template.parse(fmt);
        Map<String, Object> hdr = new LinkedHashMap<>();
        for (String f : List.of("ID", "Size")) hdr.put(f, Formats.headerFor(f, Map.of("ID", "IMAGE ID")));
        StringBuilder out = new StringBuilder();
        TabWriter w = TabWriter.podman(out);
        w.write(t.render(hdr));
        w.write(t.render(Map.of("ID", "0123456789ab", "CreatedSince", "2 days ago", "Size", "7.8 MB")));
        w.flush();
        assertThat(out.toString()).isEqualTo(
                "IMAGE ID      <no value>  SIZE\n"
                        + "0123456789ab  2 days ago  7.8 MB\n");
    }
}
