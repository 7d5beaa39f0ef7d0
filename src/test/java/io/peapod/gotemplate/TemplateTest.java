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
    void goStructFieldNamesFindTheJsonKeysOfOurDocuments() throws Exception {
        Map<String, Object> doc = m("Id", "abc", "InfraConfig", m("userns", "private", "pid_ns", "host"), "ID", null);
        assertThat(r("{{.Id}} {{.InfraConfig.UserNS}} {{.InfraConfig.PidNS}}", doc)).isEqualTo("abc private host");
        assertThat(r("{{.ID}}", m("Id", "abc"))).as("podman's ID field is the document's Id").isEqualTo("abc");
        assertThat(r("{{.ID}}", doc)).as("an exact key wins, even holding nil").isEqualTo("<nil>");
        assertThat(r("{{.id}}", m("Id", "abc"))).as("only exported field names").isEqualTo("<no value>");
        assertThat(r("{{.Missing}}", doc)).isEqualTo("<no value>");
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

    @Test
    void trimMarkersAndComments() throws Exception {
        assertThat(r("a  {{- \"x\" -}}  \n b", null)).isEqualTo("axb");
        assertThat(r("a {{/* comment */}} b", null)).isEqualTo("a  b");
        assertThat(r("a \n{{- /* c */ -}}\n b", null)).isEqualTo("ab");
        assertThat(r("{{-3}}", null)).isEqualTo("-3"); // "-3" is a number, not a trim marker
        assertThat(r("{{range .}}\n  {{- .}}\n{{- end}}", List.of(1, 2))).isEqualTo("12");
    }

    @Test
    void literalsAndDefaultFormatting() throws Exception {
        assertThat(r("{{1.0}} {{1e3}} {{0x10}} {{-5}} {{1.5}} {{\"a\\tb\"}} {{`raw\\n`}} {{'a'}} {{true}}", null))
                .isEqualTo("1 1000 16 -5 1.5 a\tb raw\\n 97 true");
        assertThat(r("{{.}}", 1e6)).isEqualTo("1e+06");
        assertThat(r("{{.}}", 123456.0)).isEqualTo("123456");
        assertThat(r("{{.}}", 0.0001)).isEqualTo("0.0001");
        assertThat(r("{{.}}", 0.00001)).isEqualTo("1e-05");
        assertThat(r("{{.}}", 0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(r("{{.}}", List.of("a", "b", "c"))).isEqualTo("[a b c]");
        assertThat(r("{{.}}", new int[] {1, 2})).isEqualTo("[1 2]");
        assertThat(r("{{.}}", new TreeMap<>(Map.of("b", 2, "a", List.of(1))))).isEqualTo("map[a:[1] b:2]");
        assertThat(r("{{.}}", m("z", 1, "a", true))).isEqualTo("map[a:true z:1]");
        assertThat(r("{{.}}", new Img("i", "r", 3, List.of("n")))).isEqualTo("{i r 3 [n]}");
        assertThat(r("{{.}}", Arrays.asList("x", null))).isEqualTo("[x <nil>]");
    }

    @Test
    void variablesAndScopes() throws Exception {
        assertThat(r("{{$x := .A}}{{$x}}{{$x = \"b\"}}{{$x}}", m("A", "a"))).isEqualTo("ab");
        assertThat(r("{{with .A}}{{$.B}}{{.}}{{end}}", m("A", "a", "B", "b"))).isEqualTo("ba");
        assertThat(r("{{$v := .A}}{{$v.C}}", m("A", m("C", "c")))).isEqualTo("c");
        assertThat(r("{{(.A).C}}|{{(index .L 0).C}}", m("A", m("C", "c"), "L", List.of(m("C", "d")))))
                .isEqualTo("c|d");
        assertThat(err("{{if true}}{{$x := 1}}{{end}}{{$x}}", null))
                .isEqualTo("template: output:1: undefined variable \"$x\"");
        assertThat(r("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", null)).isEqualTo("2");
    }

    @Test
    void ifElseChains() throws Exception {
        String t = "{{if eq .N 1}}one{{else if eq .N 2}}two{{else}}many{{end}}";
        assertThat(r(t, m("N", 1))).isEqualTo("one");
        assertThat(r(t, m("N", 2))).isEqualTo("two");
        assertThat(r(t, m("N", 3))).isEqualTo("many");
        assertThat(r("{{if .}}y{{else}}n{{end}}", "")).isEqualTo("n");
        assertThat(r("{{if .}}y{{else}}n{{end}}", List.of())).isEqualTo("n");
        assertThat(r("{{if .}}y{{else}}n{{end}}", 0)).isEqualTo("n");
        assertThat(r("{{if .}}y{{else}}n{{end}}", new Img("", "", 0, null))).isEqualTo("y");
        assertThat(r("{{if .Missing}}y{{else}}n{{end}}", m())).isEqualTo("n");
    }

    @Test
    void withElse() throws Exception {
        assertThat(r("{{with .A}}[{{.}}]{{else}}none{{end}}", m("A", "x"))).isEqualTo("[x]");
        assertThat(r("{{with .A}}[{{.}}]{{else}}none{{end}}", m("A", ""))).isEqualTo("none");
        assertThat(r("{{with .A}}a{{else with .B}}{{.}}{{end}}", m("A", "", "B", "b"))).isEqualTo("b");
    }

    @Test
    void rangeOverListsMapsIntsWithElseBreakContinue() throws Exception {
        assertThat(r("{{range .}}<{{.}}>{{end}}", List.of("a", "b"))).isEqualTo("<a><b>");
        assertThat(r("{{range $i, $e := .}}{{$i}}={{$e}} {{end}}", List.of("a", "b"))).isEqualTo("0=a 1=b ");
        assertThat(r("{{range $e := .}}{{$e}}{{end}}", List.of("a", "b"))).isEqualTo("ab");
        assertThat(r("{{range $k, $v := .}}{{$k}}:{{$v}};{{end}}", m("z", 1, "a", 2, "m", 3)))
                .isEqualTo("a:2;m:3;z:1;");
        assertThat(r("{{range .}}x{{else}}empty{{end}}", List.of())).isEqualTo("empty");
        assertThat(r("{{range .Missing}}x{{else}}empty{{end}}", m())).isEqualTo("empty");
        assertThat(r("{{range 3}}{{.}}{{end}}", null)).isEqualTo("012");
        assertThat(r("{{range .}}{{if eq . 3}}{{break}}{{end}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}",
                List.of(0, 1, 2, 3, 4))).isEqualTo("02");
        assertThat(r("{{range .}}{{.}}{{end}}", new String[] {"p", "q"})).isEqualTo("pq");
        assertThat(err("{{break}}", null)).isEqualTo("template: output:1: {{break}} outside {{range}}");
        assertThat(err("{{range .}}{{end}}", "str")).contains("range can't iterate over str");
    }

    @Test
    void defineTemplateBlock() throws Exception {
        assertThat(r("{{define \"T\"}}<{{.}}>{{end}}{{template \"T\" .A}}{{template \"T\" \"lit\"}}", m("A", "a")))
                .isEqualTo("<a><lit>");
        assertThat(r("{{block \"B\" .}}[{{.}}]{{end}}", "x")).isEqualTo("[x]");
        assertThat(r("{{define \"T\"}}{{.}}{{end}}{{template \"T\"}}", "x")).isEqualTo("<no value>");
        assertThat(err("{{template \"nope\"}}", null))
                .isEqualTo("template: output:1:11: executing \"output\" at <{{template \"nope\"}}>: template \"nope\" not defined");
        assertThat(err("{{define \"T\"}}{{.Foo}}{{end}}{{template \"T\" 1}}", null))
                .startsWith("template: output:1:").contains("executing \"T\" at <.Foo>: can't evaluate field Foo in type int");
    }

    @Test
    void pipelinesAndParens() throws Exception {
        assertThat(r("{{.A | printf \"%s-%s\" \"x\"}}", m("A", "a"))).isEqualTo("x-a");
        assertThat(r("{{\"ABC\" | lower | upper}}", null)).isEqualTo("ABC");
        assertThat(r("{{printf \"%d\" (len .L)}}", m("L", List.of(1, 2, 3)))).isEqualTo("3");
        assertThat(err("{{.A | .B}}", m("A", 1, "B", 2))).contains("B is not a method but has arguments");
        assertThat(err("{{1 | 2}}", null)).isEqualTo("template: output:1: non executable command in pipeline stage 2");
    }

    @Test
    void builtinLogicAndComparison() throws Exception {
        assertThat(r("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} {{or 0 \"\"}} {{not 0}} {{not .}}", "s"))
                .isEqualTo("0 2 x  true false");
        // and/or short-circuit: the failing call is never evaluated
        assertThat(r("{{and false (index .L 5)}}|{{or true (index .L 5)}}", m("L", List.of()))).isEqualTo("false|true");
        assertThat(r("{{eq 1 1}} {{eq \"a\" \"b\"}} {{eq 3 1 2 3}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}}", null))
                .isEqualTo("true false true true true true true false");
        assertThat(r("{{lt \"a\" \"b\"}} {{gt 1.5 1.25}} {{eq .I 7}}", m("I", 7))).isEqualTo("true true true");
        assertThat(err("{{eq 1 \"a\"}}", null)).endsWith("error calling eq: incompatible types for comparison");
        assertThat(err("{{lt true false}}", null)).endsWith("error calling lt: invalid type for comparison");
    }

    @Test
    void builtinLenIndexSlice() throws Exception {
        assertThat(r("{{len .}}", "héllo")).isEqualTo("6"); // bytes, like Go
        assertThat(r("{{len .}}", List.of(1, 2))).isEqualTo("2");
        assertThat(r("{{len .}}", m("a", 1))).isEqualTo("1");
        assertThat(r("{{index . 1}}", List.of("a", "b"))).isEqualTo("b");
        assertThat(r("{{index . 1 0}}", List.of(List.of("x"), List.of("y")))).isEqualTo("y");
        assertThat(r("{{index . \"k\"}}|{{index . \"nope\"}}|", Map.of("k", "v"))).isEqualTo("v||");
        assertThat(r("{{index . 1}}", "abc")).isEqualTo("98");
        assertThat(r("{{slice . 1 3}}|{{slice . 1}}|{{slice .}}", "abcd")).isEqualTo("bc|bcd|abcd");
        assertThat(r("{{slice . 1 2}}", List.of(1, 2, 3))).isEqualTo("[2]");
        assertThat(err("{{index . 5}}", List.of())).isEqualTo(
                "template: output:1:2: executing \"output\" at <index>: error calling index: index out of range: 5");
        assertThat(err("{{len 3}}", null)).endsWith("error calling len: len of type int");
    }

    @Test
    void builtinPrintFamilyAndEscapers() throws Exception {
        assertThat(r("{{print \"a\" 1 2 \"b\" \"c\"}}", null)).isEqualTo("a1 2bc");
        assertThat(r("{{println 1 \"a\"}}", null)).isEqualTo("1 a\n");
        assertThat(r("{{html \"<a href='x'>&\\\"</a>\"}}", null)).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;");
        assertThat(r("{{js \"it's <b>=\\\\\"}}", null)).isEqualTo("it\\'s \\u003Cb\\u003E\\u003D\\\\");
        assertThat(r("{{urlquery \"a b&c=d/é\"}}", null)).isEqualTo("a+b%26c%3Dd%2F%C3%A9");
    }

    @Test
    void printfVerbs() throws Exception {
        assertThat(r("{{printf \"%s|%d|%v|%q|%x|%5.2f|%-10s|%t|%5d|%-5d|%05d|%X|%o|%%|%c|%T\" "
                + "\"s\" 42 true \"q\\n\" 255 3.14159 \"left\" false 7 7 -42 255 8 65 1.5}}", null))
                .isEqualTo("s|42|true|\"q\\n\"|ff| 3.14|left      |false|    7|7    |-0042|FF|10|%|A|float64");
        assertThat(r("{{printf \"%s %d %d %d %d\" 5 \"x\" 1}}", null))
                .isEqualTo("%!s(int=5) %!d(string=x) 1 %!d(MISSING) %!d(MISSING)");
        assertThat(r("{{printf \"x\" 1 \"y\"}}", null)).isEqualTo("x%!(EXTRA int=1, string=y)");
        assertThat(r("{{printf \"%v %s %x\" .L .L \"hi\"}}", m("L", List.of("a", "b")))).isEqualTo("[a b] [a b] 6869");
        assertThat(r("{{printf \"%e|%g|%.3g|%8.3f|%+d|%v\" 1234.5678 0.000012345 3.14159 -2.5 5 nil}}", null))
                .isEqualTo("1.234568e+03|1.2345e-05|3.14|  -2.500|+5|<nil>");
        assertThat(r("{{printf \"%.2f %.0f %.1f\" 2.675 0.5 0.25}}", null)).isEqualTo("2.67 0 0.2");
        assertThat(r("{{printf \"%+v\" .}}", new Img("i", "r", 1, List.of()))).isEqualTo("{ID:i Repository:r Size:1 Names:[]}");
        assertThat(r("{{printf \"%6.2s|\" \"abcdef\"}}", null)).isEqualTo("    ab|");
    }

    @Test
    void podmanFunctions() throws Exception {
        assertThat(r("{{json .}}", m("b", List.of(1, "x"), "a", "<&>", "c", null, "d", 1.5, "e", m())))
                .isEqualTo("{\"a\":\"<&>\",\"b\":[1,\"x\"],\"c\":null,\"d\":1.5,\"e\":{}}");
        assertThat(r("{{json .}}", new Img("i", "r", 2, List.of("n")))).isEqualTo("{\"ID\":\"i\",\"Repository\":\"r\",\"Size\":2,\"Names\":[\"n\"]}");
        assertThat(r("{{json .}}", "tab\there\u0001\"")).isEqualTo("\"tab\\there\\u0001\\\"\"");
        assertThat(r("{{json .}}", 1e21)).isEqualTo("1e+21");
        assertThat(r("{{json .}}", 1e20)).isEqualTo("100000000000000000000");
        assertThat(r("{{lower \"AbC\"}} {{upper \"aBc\"}} {{title \"hello wORLD it's\"}}", null))
                .isEqualTo("abc ABC Hello WORLD It'S");
        assertThat(r("{{split \"a,b,,c\" \",\"}} {{len (split \"\" \",\")}}", null)).isEqualTo("[a b  c] 1");
        assertThat(r("{{join .L \", \"}}", m("L", List.of("x", "y", "z")))).isEqualTo("x, y, z");
        assertThat(r("{{truncate \"abcdef\" 3}}|{{truncate \"ab\" 3}}", null)).isEqualTo("abc|ab");
        assertThat(r("[{{pad \"ab\" 2 3}}][{{pad \"\" 2 3}}]", null)).isEqualTo("[  ab   ][]");
        assertThat(r("{{contains \"foobar\" \"oba\"}} {{replace \"aaaa\" \"a\" \"b\" 2}} {{replace \"aa\" \"a\" \"c\" -1}} [{{trim \"  x \\n\"}}]", null))
                .isEqualTo("true bbaa cc [x]");
        assertThat(err("{{lower 1}}", null)).endsWith("wrong type for value; expected string; got int");
        assertThat(err("{{truncate \"a\"}}", null)).isEqualTo(
                "template: output:1:2: executing \"output\" at <truncate>: wrong number of args for truncate: want 2 got 1");
    }

    @Test
    void parseErrors() {
        assertThat(err("{{", null)).isEqualTo("template: output:1: unclosed action");
        assertThat(err("{{.Client}", null)).isEqualTo("template: output:1: bad character U+007D '}'");
        assertThat(err("{{foo}}", null)).isEqualTo("template: output:1: function \"foo\" not defined");
        assertThat(err("{{if}}{{end}}", null)).isEqualTo("template: output:1: missing value for if");
        assertThat(err("{{if .}}", null)).isEqualTo("template: output:1: unexpected EOF");
        assertThat(err("{{end}}", null)).isEqualTo("template: output:1: unexpected {{end}}");
        assertThat(err("a\n{{.A)}}", null)).isEqualTo("template: output:2: unexpected right paren");
        assertThat(err("{{(.A}}", null)).isEqualTo("template: output:1: unclosed left paren");
        assertThat(err("{{/* x }}", null)).isEqualTo("template: output:1: unclosed comment");
        assertThat(err("{{\"abc}}", null)).isEqualTo("template: output:1: unterminated quoted string");
        assertThat(err("{{3 4}}", null)).contains("can't give argument to non-function 3");
        assertThat(err("{{nil}}", null)).contains("nil is not a command");
        assertThat(err("{{.A.}}", m())).startsWith("template: output:1:");
    }

    @Test
    void executeWritesToAppendableAndIsReusable() throws Exception {
        Template t = Template.parse("ps", "{{.ID}}\n");
        StringBuilder sb = new StringBuilder();
        t.execute(m("ID", "a"), sb);
        t.execute(m("ID", "b"), sb);
        assertThat(sb).hasToString("a\nb\n");
        assertThat(t.name()).isEqualTo("ps");
        assertThatThrownBy(() -> t.execute(5, sb)).isInstanceOf(TemplateException.class)
                .hasMessage("template: ps:1:2: executing \"ps\" at <.ID>: can't evaluate field ID in type int");
        assertThat(Template.parse("ps", "{{.X}}").name()).isEqualTo("ps");
        assertThat(err("{{template \"T\"}}{{define \"T\"}}{{template \"T\"}}{{end}}", null))
                .contains("exceeded maximum template depth");
    }
}
