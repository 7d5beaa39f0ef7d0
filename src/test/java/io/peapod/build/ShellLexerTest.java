package io.peapod.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Docker's word expansion: each word against A=a, EMPTY="", SP="x  y", HOME=/root (BuildKit's shell lexer). */
class ShellLexerTest {
    private static final Map<String, String> ENV = Map.of("A", "a", "EMPTY", "", "SP", "x  y", "HOME", "/root");

    static Stream<Arguments> words() {
        return Stream.of(
                arguments("$A", "a"), arguments("${A}", "a"), arguments("${A}b", "ab"), arguments("$Ab", ""),
                arguments("$A.b", "a.b"), arguments("$A-b", "a-b"), arguments("$UNSET", ""), arguments("pre$UNSET/post", "pre/post"),
                arguments("${UNSET:-def}", "def"), arguments("${EMPTY:-def}", "def"), arguments("${A:-def}", "a"),
                arguments("${EMPTY-def}", ""), arguments("${UNSET-def}", "def"),
                arguments("${A:+alt}", "alt"), arguments("${EMPTY:+alt}", ""), arguments("${UNSET:+alt}", ""),
                arguments("${EMPTY+alt}", "alt"), arguments("${UNSET+alt}", ""),
                arguments("${UNSET:-$A}", "a"), arguments("${UNSET:-${A:-x}/y}", "a/y"), arguments("${UNSET:-a b}", "a b"),
                arguments("${A:?}", "a"), arguments("${UNSET:-'q'}", "q"),
                arguments("'$A'", "$A"), arguments("\"$A\"", "a"), arguments("\\$A", "$A"), arguments("\"\\$A\"", "$A"),
                arguments("'a\\b'", "a\\b"), arguments("\"a\\b\"", "a\\b"), arguments("\"a\\\\b\"", "a\\b"), arguments("\"a\\\"b\"", "a\"b"),
                arguments("a\\ b", "a b"), arguments("a\\", "a"), arguments("$", "$"), arguments("a$", "a$"), arguments("$1", ""),
                arguments("${A}${A}", "aa"), arguments("\"$SP\"", "x  y"), arguments("$SP", "x  y"), arguments("~/$HOME", "~//root"),
                arguments("\"it's\"", "it's"), arguments("", ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("words")
    void expandsWords(String word, String expected) throws ShellLexer.ExpansionException {
        assertThat(new ShellLexer('\\').processWord(word, ENV::get)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("${UNSET:?must be set}", "UNSET: must be set"),
                arguments("${UNSET:?}", "UNSET: is not allowed to be unset"),
                arguments("${EMPTY:?}", "EMPTY: is not allowed to be empty"),
                arguments("${UNSET?}", "UNSET: is not allowed to be unset"),
                arguments("${}", "syntax error: bad substitution"),
                arguments("${:a}", "syntax error: bad substitution"),
                arguments("${", "syntax error: missing '}'"),
                arguments("${A", "missing ':' in substitution"),
                arguments("${A.b}", "missing ':' in substitution"),
                arguments("${A:-x", "syntax error: missing '}'"),
                arguments("${A:=x}", "unsupported modifier (=) in substitution"),
                arguments("it's", "unexpected end of statement while looking for matching single-quote"),
                arguments("\"open", "unexpected end of statement while looking for matching double-quote"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("errors")
    void refuses(String word, String message) {
        assertThatThrownBy(() -> new ShellLexer('\\').processWord(word, ENV::get)).hasMessage(message);
    }

    @Test
    void splitsWordsAtUnquotedWhitespaceAlsoInValues() throws ShellLexer.ExpansionException {
        ShellLexer l = new ShellLexer('\\');
        assertThat(l.processWords("a \"b c\" $SP", ENV::get)).containsExactly("a", "b c", "x", "y");
        assertThat(l.processWords("\"$SP\" '' z\\ w", ENV::get)).containsExactly("x  y", "z w");
        assertThat(l.processWords("  ", ENV::get)).isEmpty();
    }

    @Test
    void theBacktickEscapeLeavesBackslashesAlone() throws ShellLexer.ExpansionException {
        ShellLexer l = new ShellLexer('`');
        assertThat(l.processWord("c:\\dir\\$A", ENV::get)).isEqualTo("c:\\dir\\a");
        assertThat(l.processWord("`$A ``", ENV::get)).isEqualTo("$A `");
        assertThat(l.processWord("\"`\"q`\"\"", ENV::get)).isEqualTo("\"q\"");
    }

    @Test
    void heredocBodiesExpandDollarsAndEscapesButKeepQuotes() throws ShellLexer.ExpansionException {
        ShellLexer l = new ShellLexer('\\');
        assertThat(l.processHeredoc("\"$A\" '$A' \\$A \\\\ \\x ${UNSET:-d}\n", ENV::get))
                .isEqualTo("\"a\" 'a' $A \\ x d\n");
    }

    @Test
    void keepsUnsetVariablesWhenAsked() throws ShellLexer.ExpansionException {
        assertThat(new ShellLexer('\\').skipUnset(true).processWords("$X ${Y} $A", ENV::get))
                .isEqualTo(List.of("$X", "${Y}", "a"));
    }
}
