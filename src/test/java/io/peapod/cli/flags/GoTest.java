package io.peapod.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The ported Go library pieces on their own. */
class GoTest {

    @Test
    void quoteLikeStrconvQuote() {
        assertThat(Go.quote("abc")).isEqualTo("\"abc\"");
        assertThat(Go.quote("")).isEqualTo("\"\"");
        assertThat(Go.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Go.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
        assertThat(Go.quote("\u0000\u001f\u007f")).isEqualTo("\"\\x00\\x1f\\x7f\"");
        assertThat(Go.quote("é日本😀")).isEqualTo("\"é日本😀\"");
        assertThat(Go.quote("\u00a0\u0085\u200b")).isEqualTo("\"\\u00a0\\u0085\\u200b\"");
        assertThat(Go.quote("'")).isEqualTo("\"'\"");
    }

    @Test
    void quoteRuneLikeGoPercentQOfAByte() {
        assertThat(Go.quoteRune('x')).isEqualTo("'x'");
        assertThat(Go.quoteRune('=')).isEqualTo("'='");
        assertThat(Go.quoteRune('\'')).isEqualTo("'\\''");
        assertThat(Go.quoteRune('"')).isEqualTo("'\"'");
        assertThat(Go.quoteRune('\\')).isEqualTo("'\\\\'");
        assertThat(Go.quoteRune('\u0001')).isEqualTo("'\\x01'");
        assertThat(Go.quoteRune('\u0085')).isEqualTo("'\\u0085'");
    }

    @Test
    void parseIntUnderscoresFollowGoRules() throws Exception {
        assertThat(Go.parseInt("0x_1f")).isEqualTo(31);
        assertThat(Go.parseInt("0_1")).isEqualTo(1);
        assertThat(Go.parseInt("-1_000_000")).isEqualTo(-1_000_000);
        assertThat(Go.parseInt("0XFF")).isEqualTo(255);
        assertThat(Go.parseInt("0B11")).isEqualTo(3);
        assertThat(Go.parseInt("-0x8000000000000000")).isEqualTo(Long.MIN_VALUE);
        for (String bad : new String[] {"1__2", "_1", "1_", "0x_", "0b", "0o", "1_x"}) {
            assertThatThrownBy(() -> Go.parseInt(bad)).as(bad).hasMessageEndingWith(": invalid syntax");
        }
        // Overflow is reported as soon as it happens, before a later bad character is seen.
        assertThatThrownBy(() -> Go.parseInt("99999999999999999999x"))
                .hasMessage("strconv.ParseInt: parsing \"99999999999999999999x\": value out of range");
        assertThatThrownBy(() -> Go.parseInt("0x8000000000000000"))
                .hasMessage("strconv.ParseInt: parsing \"0x8000000000000000\": value out of range");
        assertThatThrownBy(() -> Go.parseInt("18446744073709551616"))
                .hasMessageEndingWith(": value out of range");
    }

    @Test
    void parseBoolRejectsEverythingElse() {
        for (String bad : new String[] {"", "yes", "no", "on", "tRue", "2", " true"}) {
            assertThatThrownBy(() -> Go.parseBool(bad)).as(bad)
                    .hasMessage("strconv.ParseBool: parsing " + Go.quote(bad) + ": invalid syntax");
        }
    }

    @Test
    void csvRecord() throws Exception {
        assertThat(Go.readCsvRecord("")).isEmpty();
        assertThat(Go.readCsvRecord("a")).containsExactly("a");
        assertThat(Go.readCsvRecord(",")).containsExactly("", "");
        assertThat(Go.readCsvRecord("\"\"")).containsExactly("");
        assertThat(Go.readCsvRecord("\"a,b\"")).containsExactly("a,b");
        assertThat(Go.readCsvRecord("\"a\",\"b\"")).containsExactly("a", "b");
        assertThat(Go.readCsvRecord("\"a\"\n\"b\"")).containsExactly("a");
        assertThat(Go.readCsvRecord("x,\"\"\"\"")).containsExactly("x", "\"");
        assertThat(Go.readCsvRecord("é,日本")).containsExactly("é", "日本");
        assertThatThrownBy(() -> Go.readCsvRecord("\r\n\n")).hasMessage("EOF");
        // Podman prints column 3 here: the column of the closing quote, not of the space after it.
        assertThatThrownBy(() -> Go.readCsvRecord("\"a\" ,b"))
                .hasMessage("parse error on line 1, column 3: extraneous or missing \" in quoted-field");
        assertThatThrownBy(() -> Go.readCsvRecord("\n\"a"))
                .hasMessage("parse error on line 2, column 3: extraneous or missing \" in quoted-field");
    }
}
