package io.peapod.build;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ignore files against moby/patternmatcher's documented and tested semantics (and what podman 4.3.1 does with them). */
class IgnoreRulesTest {
    /** One pattern against one path: moby's TestMatches table (MatchesOrParentMatches), relative paths only. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            **               | file                 | true
            **/              | file                 | true
            **               | dir/file             | true
            **/**            | dir/file             | true
            dir/**           | dir/file             | true
            dir/**           | dir/dir2/file        | true
            **/dir           | dir                  | true
            **/dir           | dir/file             | true
            **/dir2/*        | dir/dir2/file        | true
            **/dir2/**       | dir/dir2/dir3/file   | true
            **file           | file                 | true
            **file           | dir/file             | true
            **/file          | dir/file             | true
            **file           | dir/dir/file         | true
            **/file          | dir/dir/file         | true
            **/file*         | dir/dir/file         | true
            **/file*         | dir/dir/file.txt     | true
            **/file*txt      | dir/dir/file.txt     | true
            **/file*.txt     | dir/dir/file.txt     | true
            **/file*.txt*    | dir/dir/file.txt     | true
            **/**/*.txt      | dir/dir/file.txt     | true
            **/**/*.txt2     | dir/dir/file.txt     | false
            **/*.txt         | file.txt             | true
            **/**/*.txt      | file.txt             | true
            a**/*.txt        | a/file.txt           | true
            a**/*.txt        | a/dir/file.txt       | true
            a**/*.txt        | a/dir/dir/file.txt   | true
            a/*.txt          | a/dir/file.txt       | false
            a/*.txt          | a/file.txt           | true
            a/*.txt**        | a/file.txt           | true
            a[b-d]e          | ae                   | false
            a[b-d]e          | ace                  | true
            a[b-d]e          | aae                  | false
            a[^b-d]e         | aze                  | true
            .*               | .foo                 | true
            .*               | foo                  | false
            abc.def          | abcdef               | false
            abc.def          | abc.def              | true
            abc.def          | abcZdef              | false
            abc?def          | abcZdef              | true
            abc?def          | abcdef               | false
            `a\\\\`          | `a\\`                | true
            **/foo/bar       | foo/bar              | true
            **/foo/bar       | dir/foo/bar          | true
            **/foo/bar       | dir/dir2/foo/bar     | true
            abc/**           | abc                  | false
            abc/**           | abc/def              | true
            abc/**           | abc/def/ghi          | true
            **/.foo          | .foo                 | true
            **/.foo          | bar.foo              | false
            a(b)c/def        | a(b)c/def            | true
            a(b)c/def        | a(b)c/xyz            | false
            `a.|)$(}+{bc`    | `a.|)$(}+{bc`        | true
            dist/*.whl       | dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl | true
            *                | a/b/c                | true
            d/*/s            | d/sub/s              | true
            d/*/s            | d/s                  | false
            d/**/s           | d/s                  | true
            d/**/s           | d/a/b/s/t            | true
            a?c              | a/c                  | false
            foo              | foobar               | false
            foo              | foo/bar/baz          | true
            """)
    void onePattern(String pattern, String path, boolean excluded) {
        assertThat(IgnoreRules.parse(pattern).excluded(path)).isEqualTo(excluded);
    }

    @Test
    void fileSyntaxCommentsBlanksCleaningAndLastRuleWins() {
        IgnoreRules rules = IgnoreRules.parse("""
                # a comment
                  # not a comment once trimmed? no: only a line starting with # is one
                
                   *.go   \r
                !main.go
                /abs
                ./dot
                sub/../up
                x
                !x
                y
                !y
                y
                """);
        assertThat(rules.excluded("foo.go")).isTrue();
        assertThat(rules.excluded("main.go")).isFalse();
        assertThat(rules.excluded("dir/main.go")).isFalse();      // *.go is not **/*.go
        assertThat(rules.excluded("abs")).isTrue();
        assertThat(rules.excluded("abs/inner")).isTrue();
        assertThat(rules.excluded("dot")).isTrue();
        assertThat(rules.excluded("up")).isTrue();
        assertThat(rules.excluded("sub")).isFalse();
        assertThat(rules.excluded("x")).isFalse();
        assertThat(rules.excluded("y")).isTrue();
        assertThat(rules.excluded("./y")).isTrue();
        assertThat(rules.excluded("/foo.go")).isTrue();
        // "  # not..." is a pattern once trimmed (ReadAll skips only lines starting with #)
        assertThat(rules.patterns()).contains("# not a comment once trimmed? no: only a line starting with # is one");
        assertThat(rules.patterns()).startsWith("# not a comment once trimmed? no: only a line starting with # is one",
                "*.go", "!main.go", "abs", "dot", "up");
    }

    @Test
    void anExceptionReopensAnExcludedDirectoryOnlyByPrefixAsBuildahWalks() {
        IgnoreRules rules = IgnoreRules.parse("docs\n!docs/README.md\n");
        assertThat(rules.excluded("docs")).isTrue();
        assertThat(rules.excluded("docs/other.md")).isTrue();
        assertThat(rules.excluded("docs/README.md")).isFalse();
        assertThat(rules.mayIncludeUnder("docs")).isTrue();

        IgnoreRules glob = IgnoreRules.parse("d\n!*/sub/s\n");
        assertThat(glob.excluded("d/sub/s")).isFalse();           // the rules alone re-include it...
        assertThat(glob.mayIncludeUnder("d")).isFalse();           // ...but podman never walks into d to find it

        assertThat(IgnoreRules.parse("d\n").mayIncludeUnder("d")).isFalse();
        assertThat(IgnoreRules.NONE.excluded("anything")).isFalse();
        assertThat(IgnoreRules.parse("").isEmpty()).isTrue();
    }

    @Test
    void malformedPatternsAreBuildahsErrors() {
        assertThatThrownBy(() -> IgnoreRules.parse("a\n!\n"))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("processing excludes list [a !]: illegal exclusion pattern: \"!\"");
        assertThatThrownBy(() -> IgnoreRules.parse("["))
                .hasMessage("processing excludes list [[]: syntax error in pattern");
        assertThatThrownBy(() -> IgnoreRules.parse("a[b-]"))
                .hasMessage("processing excludes list [a[b-]]: syntax error in pattern");
    }

    @Test
    void goMatchAndClean() throws Exception {
        assertThat(GoPath.match("*.txt", "a.txt")).isTrue();
        assertThat(GoPath.match("*", "a/b")).isFalse();
        assertThat(GoPath.match("*", ".hidden")).isTrue();
        assertThat(GoPath.match("a\\*", "a*")).isTrue();
        assertThat(GoPath.match("a\\*", "ab")).isFalse();
        assertThat(GoPath.match("[!a]", "!")).isTrue();            // no ! negation in Go
        assertThat(GoPath.match("[^a]", "b")).isTrue();
        assertThat(GoPath.match("a*b*c", "axxbyyc")).isTrue();
        assertThat(GoPath.match("a*b", "axxbyyc")).isFalse();
        assertThatThrownBy(() -> GoPath.match("[", "x")).isInstanceOf(GoPath.BadPatternException.class);
        assertThatThrownBy(() -> GoPath.match("x\\", "x")).isInstanceOf(GoPath.BadPatternException.class);
        assertThat(GoPath.clean("./a//b/../c/")).isEqualTo("a/c");
        assertThat(GoPath.clean("/../../x")).isEqualTo("/x");
        assertThat(GoPath.clean("../x")).isEqualTo("../x");
        assertThat(GoPath.clean("")).isEqualTo(".");
    }
}
