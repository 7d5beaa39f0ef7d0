package io.peapod.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TemplateTest {
    record Img(String ID, String Repository, long Size, List<String> Names) {
        public String Short() {
            return ID.substring(0, 3);
        }
    }

    static String r(String tmpl, Object data) throws TemplateException {
        return Template.parse(tmpl).render(data);
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
        return out;
    }

    static String err(String tmpl, Object data) {
        try {
            Template.parse(tmpl).render(data);
        } catch (TemplateException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + tmpl);
    }

    @Test
    void textOnly() throws Exception {
        assertThat(r("hello world", null)).isEqualTo("hello world");
        assertThat(r("", null)).isEqualTo("");
    }

    @Test
    void fieldsOnMapsAndRecords() throws Exception {
        Img img = new Img("abcdef", "docker.io/x", 42, List.of("a", "b"));
        assertThat(r("{{.ID}} {{.Repository}} {{.Size}} {{.Names}}", img)).isEqualTo("abcdef docker.io/x 42 [a b]");
        assertThat(r("{{.Short}}", img)).isEqualTo("abc");
        assertThat(r("{{.A.B.C}}", m("A", m("B", m("C", "deep"))))).isEqualTo("deep");
        assertThat(r("{{.Missing}}", m())).isEqualTo("<no value>");
        assertThat(r("{{.Missing.Deeper}}", m())).isEqualTo("<no value>");
        assertThat(r("{{.Nil}}", m("Nil", null))).isEqualTo("<nil>");
        assertThat(r("{{.}}", "dot")).isEqualTo("dot");
    }

    @Test
    void missingRecordFieldIsAnError() {
        Img img = new Img("abcdef", "r", 1, List.of());
        assertThat(err("{{.Foo}}", img))
                .isEqualTo("template: output:1:2: executing \"output\" at <.Foo>: can't evaluate field Foo in type Img");
        assertThat(err("x\n  {{.Names.Foo}}", img)).isEqualTo(
                "template: output:2:10: executing \"output\" at <.Names.Foo>: can't evaluate field Foo in type []interface {}");
        assertThat(err("{{.Nil.X}}", m("Nil", null)))
                .isEqualTo("template: output:1:6: executing \"output\" at <.Nil.X>: nil pointer evaluating interface {}.X");
    }
}
