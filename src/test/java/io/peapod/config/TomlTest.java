package io.peapod.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TomlTest {

    private static Map<String, Object> parse(String text) throws TomlException {
        return Toml.parse(text);
    }

    @Test
    void storageConfShape() throws Exception {
        Map<String, Object> doc = parse("""
                # This file is the configuration file for all tools
                [storage]
                  # Default Storage Driver
                  driver = "overlay"
                  runroot = "/run/containers/storage"   # trailing comment
                  graphroot = '/var/lib/containers/storage'

                [storage.options]
                  additionalimagestores = [
                    "/a",
                    "/b",   # comment inside an array
                  ]
                  pull_options = {enable_partial_images = "false", use_hard_links = "false"}

                [storage.options.overlay]
                  mountopt = "nodev,metacopy=on"
                """);
        assertThat(Toml.table(doc, "storage")).containsEntry("driver", "overlay")
                .containsEntry("graphroot", "/var/lib/containers/storage");
        Map<String, Object> options = Toml.table(doc, "storage", "options");
        assertThat(options).containsEntry("additionalimagestores", List.of("/a", "/b"));
        assertThat(options.get("pull_options"))
                .isEqualTo(Map.of("enable_partial_images", "false", "use_hard_links", "false"));
        assertThat(Toml.table(doc, "storage", "options", "overlay")).containsEntry("mountopt", "nodev,metacopy=on");
        assertThat(doc.keySet()).containsExactly("storage");
        assertThat(Toml.table(doc, "storage").keySet()).containsExactly("driver", "runroot", "graphroot", "options");
        assertThat(Toml.table(doc, "nope")).isNull();
        assertThat(Toml.table(doc, "storage", "driver")).isNull();
    }

    @Test
    void keys() throws Exception {
        Map<String, Object> doc = parse("""
                bare_key-1 = 1
                "quoted key" = 2
                'literal "key"' = 3
                a.b . c = 4
                a."d.e" = 5
                "" = 6
                1234 = 7
                """);
        assertThat(doc).containsEntry("bare_key-1", 1L).containsEntry("quoted key", 2L)
                .containsEntry("literal \"key\"", 3L).containsEntry("", 6L).containsEntry("1234", 7L);
        assertThat(doc.get("a")).isEqualTo(Map.of("b", Map.of("c", 4L), "d.e", 5L));
    }

    @Test
    void tableHeaders() throws Exception {
        Map<String, Object> doc = parse("""
                top = true
                [a.b.c]
                x = 1
                [a]
                y = 2
                [ "q r" . 's' ]
                z = 3
                """);
        assertThat(doc).containsEntry("top", true);
        assertThat(doc.get("a")).isEqualTo(Map.of("b", Map.of("c", Map.of("x", 1L)), "y", 2L));
        assertThat(doc.get("q r")).isEqualTo(Map.of("s", Map.of("z", 3L)));
    }

    @Test
    void arraysOfTables() throws Exception {
        Map<String, Object> doc = parse("""
                [[registry]]
                location = "a.io"
                [[registry.mirror]]
                location = "m1"
                [[registry]]
                location = "b.io"
                """);
        assertThat(doc.get("registry")).isEqualTo(List.of(
                Map.of("location", "a.io", "mirror", List.of(Map.of("location", "m1"))),
                Map.of("location", "b.io")));
    }

    @Test
    void basicStringEscapes() throws Exception {
        Map<String, Object> doc = parse("""
                s = "tab\\there \\"q\\" back\\\\slash\\nnl \\u00e9 \\U0001F600 \\b\\f\\r"
                l = 'C:\\path\\no "escapes"'
                """);
        assertThat(doc.get("s")).isEqualTo("tab\there \"q\" back\\slash\nnl é \uD83D\uDE00 \b\f\r");
        assertThat(doc.get("l")).isEqualTo("C:\\path\\no \"escapes\"");
    }

    @Test
    void multiLineStrings() throws Exception {
        Map<String, Object> doc = parse("""
                a = \"\"\"
                first
                  second\"\"\"
                b = \"\"\"one \\
                      two \\
                  three\"\"\"
                c = '''
                raw \\n "x" ''\'''
                d = \"\"\"quotes "" inside""\"\"\"
                e = \"\"\"\"\"\"
                """);
        assertThat(doc.get("a")).isEqualTo("first\n  second");
        assertThat(doc.get("b")).isEqualTo("one two three");
        assertThat(doc.get("c")).isEqualTo("raw \\n \"x\" ''");
        assertThat(doc.get("d")).isEqualTo("quotes \"\" inside\"\"");
        assertThat(doc.get("e")).isEqualTo("");
    }

    @Test
    void crlfLineEnds() throws Exception {
        Map<String, Object> doc = parse("a = 1\r\n# c\r\n[t]\r\nb = \"\"\"x\r\ny\"\"\"\r\n");
        assertThat(doc).containsEntry("a", 1L);
        assertThat(Toml.table(doc, "t")).containsEntry("b", "x\ny");
    }

    @Test
    void numbersAndBooleans() throws Exception {
        Map<String, Object> doc = parse("""
                i1 = +99
                i2 = -17
                i3 = 0
                i4 = 1_000_000
                h = 0xDEAD_beef
                o = 0o755
                b = 0b1101
                f1 = 3.14
                f2 = -0.01
                f3 = 5e+22
                f4 = 6.626e-34
                f5 = 1_000.5
                f6 = inf
                f7 = -inf
                f8 = nan
                t = true
                n = false
                big = 9223372036854775807
                """);
        assertThat(doc).containsEntry("i1", 99L).containsEntry("i2", -17L).containsEntry("i3", 0L)
                .containsEntry("i4", 1_000_000L).containsEntry("h", 0xDEADBEEFL).containsEntry("o", 0755L)
                .containsEntry("b", 13L).containsEntry("f1", 3.14).containsEntry("f2", -0.01)
                .containsEntry("f3", 5e22).containsEntry("f4", 6.626e-34).containsEntry("f5", 1000.5)
                .containsEntry("f6", Double.POSITIVE_INFINITY).containsEntry("f7", Double.NEGATIVE_INFINITY)
                .containsEntry("t", true).containsEntry("n", false).containsEntry("big", Long.MAX_VALUE);
        assertThat((Double) doc.get("f8")).isNaN();
    }

    @Test
    void arrays() throws Exception {
        Map<String, Object> doc = parse("""
                empty = []
                nested = [ [1, 2], ["a", 'b'], [] ]
                mixed = [1, "two", 3.0, true, {x = 1}]
                multi = [
                  # leading comment
                  1,

                  2,
                ]
                """);
        assertThat(doc.get("empty")).isEqualTo(List.of());
        assertThat(doc.get("nested")).isEqualTo(List.of(List.of(1L, 2L), List.of("a", "b"), List.of()));
        assertThat(doc.get("mixed")).isEqualTo(List.of(1L, "two", 3.0, true, Map.of("x", 1L)));
        assertThat(doc.get("multi")).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void inlineTables() throws Exception {
        Map<String, Object> doc = parse("""
                empty = {}
                point = { x = 1, y = -2 }
                nested = { a.b = "c", d = { e = [1] } }
                """);
        assertThat(doc.get("empty")).isEqualTo(Map.of());
        assertThat(doc.get("point")).isEqualTo(Map.of("x", 1L, "y", -2L));
        assertThat(doc.get("nested")).isEqualTo(Map.of("a", Map.of("b", "c"), "d", Map.of("e", List.of(1L))));
    }

    @Test
    void emptyAndCommentOnlyDocuments() throws Exception {
        assertThat(parse("")).isEmpty();
        assertThat(parse("\uFEFF# only a comment\n\n   \n")).isEmpty();
    }

    // document (\n = newline) | line | message fragment
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a = 1\\na = 2                      | 2 | key 'a' is already defined",
        "[t]\\nx=1\\n[t]                     | 3 | table 't' is already defined",
        "a = 1\\n[a]                         | 2 | table 'a' is already defined",
        "[t]\\nk = \"unterminated           | 2 | unterminated string",
        "k = \"\"\"\\nnever closed          | 1 | unterminated multi-line string",
        "\\n\\nk = [1, 2                     | 3 | unterminated array",
        "k = [1 2]                          | 1 | expected ',' or ']'",
        "k = 1 2                            | 1 | unexpected '2'",
        "k =                                | 1 | expected a value",
        "k                                  | 1 | expected '='",
        "= 1                                | 1 | where a key was expected",
        "k = \"bad \\q escape\"             | 1 | invalid escape sequence",
        "k = \"\\u12\"                      | 1 | invalid unicode escape",
        "k = \"\\uD800\"                    | 1 | invalid unicode scalar value",
        "k = 1979-05-27T07:32:00Z           | 1 | dates and times are not supported",
        "k = 1979-05-27                     | 1 | dates and times are not supported",
        "k = 01                             | 1 | invalid value '01'",
        "k = 1__0                           | 1 | invalid value '1__0'",
        "k = 1.                             | 1 | invalid value '1.'",
        "k = .5                             | 1 | invalid value '.5'",
        "k = TRUE                           | 1 | invalid value 'TRUE'",
        "k = bare                           | 1 | invalid value 'bare'",
        "k = 9223372036854775808            | 1 | out of range",
        "k = { a = 1,\\n b = 2 }             | 1 | unterminated inline table",
        "k = { a = 1 b = 2 }                | 1 | expected ',' or '}'",
        "k = {a = 1}\\n[k]                   | 2 | already defined",
        "k = {a = 1}\\nk.b = 2               | 2 | not a table",
        "[a.b]\\nx = 1\\n[a]\\nb.y = 2        | 4 | not a table",
        "a.b = 1\\n[a.b]                     | 2 | already defined",
        "a.b = 1\\n[a]                       | 2 | already defined",
        "[t                                 | 1 | expected ']'",
        "[[t]\\n                             | 1 | expected ']]'",
        "[[t]]\\n[t]                         | 2 | already defined",
        "t = 1\\n[[t]]                       | 2 | already defined",
        "\"\"\"k\"\"\" = 1                  | 1 | multi-line strings cannot be keys",
    })
    void errorsCarryLineNumbers(String doc, int line, String fragment) {
        String text = doc.replace("\\n", "\n");
        assertThatThrownBy(() -> Toml.parse(text))
                .isInstanceOf(TomlException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((TomlException) e).line()).isEqualTo(line));
    }

    @Test
    void controlCharactersMustBeEscaped() {
        assertThatThrownBy(() -> Toml.parse("k = \"a\u0001b\"")).hasMessageContaining("must be escaped");
        assertThatThrownBy(() -> Toml.parse("k = 'a\u0000'")).hasMessageContaining("must be escaped");
    }

    @Test
    void commentsRefuseControlCharactersButEndAtCrlf() throws TomlException {
        assertThatThrownBy(() -> Toml.parse("a = 1\n# x\u0001y\n")).hasMessage("line 2: control character in comment");
        assertThatThrownBy(() -> Toml.parse("# x\ry\n")).hasMessage("line 1: control character in comment");
        assertThat(Toml.parse("# a\ttab\r\na = 1 # end\r\n# last")).isEqualTo(Map.of("a", 1L));
    }

    @Test
    void dottedKeysExtendImplicitTablesOfTheSameSection() throws Exception {
        Map<String, Object> doc = parse("""
                [fruit]
                apple.color = "red"
                apple.taste.sweet = true
                [fruit.apple.texture]
                smooth = true
                """);
        assertThat(doc.get("fruit")).isEqualTo(Map.of("apple",
                Map.of("color", "red", "taste", Map.of("sweet", true), "texture", Map.of("smooth", true))));
    }

    @Test
    void parseDocumentRemembersTheLineOfEveryKey() throws TomlException {
        Toml.Document doc = Toml.parseDocument("""
                # comment
                a = 1
                [[registry]]
                location = "x"

                [[registry]]
                mirror = [
                  { location = "m" },
                ]
                [t]
                b.c = true
                """);
        Map<String, Object> root = doc.root();
        assertThat(doc.line(root, "a")).isEqualTo(2);
        assertThat(doc.line(root, "registry")).isEqualTo(3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> registries = (List<Map<String, Object>>) root.get("registry");
        assertThat(doc.line(registries.get(0), "location")).isEqualTo(4);
        assertThat(doc.line(registries.get(1), "mirror")).isEqualTo(7);
        assertThat(doc.line(root, "t")).isEqualTo(10);
        assertThat(doc.line(Toml.table(root, "t"), "b")).isEqualTo(11);
        assertThat(doc.line(root, "missing")).isZero();
    }
}
