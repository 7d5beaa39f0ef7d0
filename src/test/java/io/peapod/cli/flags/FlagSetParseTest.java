package io.peapod.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing rules of spf13/pflag as podman exposes them; error texts checked against podman 4.3.1. */
class FlagSetParseTest {

    /** Roughly `podman run`'s flags: bools, a string, repeatable arrays, a slice and an int. */
    private static FlagSet runFlags() {
        return new FlagSet()
                .bool("interactive", 'i', "Keep STDIN open")
                .bool("tty", 't', "Allocate a pseudo-TTY")
                .bool("detach", 'd', "Run in the background")
                .bool("rm", '\0', "Remove the container when it exits")
                .string("name", '\0', "", "Assign a name")
                .string("publish-all", '\0', "", "unused")
                .stringArray("env", 'e', "Set environment variables")
                .stringArray("publish", 'p', "Publish ports")
                .stringArray("volume", 'v', "Bind mount a volume")
                .stringSlice("dns", '\0', "Set custom DNS servers")
                .integer("last", 'n', -1, "Print the n last created containers");
    }

    private static ParsedFlags parse(String... args) throws FlagException {
        return runFlags().parse(List.of(args), true);
    }

    private static ParsedFlags parseRun(String... args) throws FlagException {
        return runFlags().parse(List.of(args), false);
    }

    private static String error(boolean interspersed, String... args) {
        try {
            runFlags().parse(List.of(args), interspersed);
        } catch (FlagException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a FlagException for " + List.of(args));
    }

    private static String error(String... args) {
        return error(true, args);
    }

    // ---- values of long flags ------------------------------------------------------------------------------

    @Test
    void longFlagWithEqualsOrSeparateValue() throws Exception {
        assertThat(parse("--name=web").string("name")).isEqualTo("web");
        assertThat(parse("--name", "web").string("name")).isEqualTo("web");
        assertThat(parse("--name=").string("name")).isEmpty();
        assertThat(parse("--name=a=b").string("name")).isEqualTo("a=b");
    }

    @Test
    void separateValueIsTakenEvenWhenItLooksLikeAFlag() throws Exception {
        ParsedFlags p = parse("--name", "--rm");
        assertThat(p.string("name")).isEqualTo("--rm");
        assertThat(p.bool("rm")).isFalse();
        assertThat(parse("--name", "-").string("name")).isEqualTo("-");
        assertThat(parse("--name", "").string("name")).isEmpty();
    }

    @Test
    void defaultsWhenNotGiven() throws Exception {
        ParsedFlags p = parse();
        assertThat(p.string("name")).isEmpty();
        assertThat(p.bool("rm")).isFalse();
        assertThat(p.integer("last")).isEqualTo(-1);
        assertThat(p.list("env")).isEmpty();
        assertThat(p.list("dns")).isEmpty();
        assertThat(p.positional()).isEmpty();
        assertThat(p.changed("name")).isFalse();
        assertThat(p.argsLenAtDash()).isEqualTo(-1);
    }

    @Test
    void changedEvenWhenSetToTheDefault() throws Exception {
        ParsedFlags p = parse("--name=", "--rm=false", "-n", "-1");
        assertThat(p.changed("name")).isTrue();
        assertThat(p.changed("rm")).isTrue();
        assertThat(p.changed("last")).isTrue();
        assertThat(p.changed("tty")).isFalse();
        assertThat(p.changed("no-such-flag")).isFalse();
    }

    @Test
    void repeatedScalarFlagsLastWins() throws Exception {
        assertThat(parse("--name=a", "--name", "b").string("name")).isEqualTo("b");
        assertThat(parse("-n1", "-n", "2", "--last=3").integer("last")).isEqualTo(3);
        assertThat(parse("--rm", "--rm=false").bool("rm")).isFalse();
    }

    // ---- bools ----------------------------------------------------------------------------------------------

    @Test
    void boolWithoutValueIsTrueAndDoesNotConsumeTheNextArgument() throws Exception {
        ParsedFlags p = parse("--rm", "false");
        assertThat(p.bool("rm")).isTrue();
        assertThat(p.positional()).containsExactly("false");
    }

    @Test
    void boolExplicitValues() throws Exception {
        for (String t : List.of("1", "t", "T", "TRUE", "true", "True")) {
            assertThat(parse("--rm=" + t).bool("rm")).as(t).isTrue();
            assertThat(parse("-t=" + t).bool("tty")).as(t).isTrue();
        }
        for (String f : List.of("0", "f", "F", "FALSE", "false", "False")) {
            assertThat(parse("--rm=" + f).bool("rm")).as(f).isFalse();
            assertThat(parse("-t=" + f).bool("tty")).as(f).isFalse();
        }
    }

    @Test
    void boolInvalidValues() {
        assertThat(error("--rm=maybe")).isEqualTo(
                "invalid argument \"maybe\" for \"--rm\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertThat(error("--rm=")).isEqualTo(
                "invalid argument \"\" for \"--rm\" flag: strconv.ParseBool: parsing \"\": invalid syntax");
        assertThat(error("--rm=yes")).isEqualTo(
                "invalid argument \"yes\" for \"--rm\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax");
        assertThat(error("--rm=tRUE")).startsWith("invalid argument \"tRUE\" for \"--rm\" flag");
        // With a shorthand, pflag names the flag "-t, --tty".
        assertThat(error("-t=maybe")).isEqualTo(
                "invalid argument \"maybe\" for \"-t, --tty\" flag: "
                        + "strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertThat(error("--tty=maybe")).isEqualTo(
                "invalid argument \"maybe\" for \"-t, --tty\" flag: "
                        + "strconv.ParseBool: parsing \"maybe\": invalid syntax");
    }

    @Test
    void boolWithTrueDefaultCanBeTurnedOff() throws Exception {
        FlagSet set = new FlagSet().bool("layers", '\0', true, "cache layers");
        assertThat(set.parse(List.of(), true).bool("layers")).isTrue();
        assertThat(set.parse(List.of("--layers=false"), true).bool("layers")).isFalse();
        assertThat(set.parse(List.of("--layers"), true).bool("layers")).isTrue();
    }

    // ---- shorthands -----------------------------------------------------------------------------------------

    @Test
    void shorthandValueForms() throws Exception {
        assertThat(parse("-n", "5").integer("last")).isEqualTo(5);
        assertThat(parse("-n5").integer("last")).isEqualTo(5);
        assertThat(parse("-n=5").integer("last")).isEqualTo(5);
        assertThat(parse("-n", "-5").integer("last")).isEqualTo(-5);
        assertThat(parse("-eK=V").list("env")).containsExactly("K=V");
        assertThat(parse("-e=K=V").list("env")).containsExactly("K=V");
        assertThat(parse("-e", "K=V").list("env")).containsExactly("K=V");
    }

    @Test
    void shorthandEqualsWithNothingAfterIsTheValueEquals() throws Exception {
        // "-e=" is not the "-x=value" form (that needs a character after '='): the rest "=" is the value.
        assertThat(parse("-e=").list("env")).containsExactly("=");
        assertThat(error("-n=")).isEqualTo(
                "invalid argument \"=\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"=\": invalid syntax");
    }

    @Test
    void groupedBoolShorthands() throws Exception {
        ParsedFlags p = parse("-it");
        assertThat(p.bool("interactive")).isTrue();
        assertThat(p.bool("tty")).isTrue();
        assertThat(p.bool("detach")).isFalse();
        p = parse("-itd");
        assertThat(p.bool("interactive") && p.bool("tty") && p.bool("detach")).isTrue();
        assertThat(p.positional()).isEmpty();
    }

    @Test
    void equalsInABoolGroupAppliesToTheLastLetter() throws Exception {
        ParsedFlags p = parse("-it=false");
        assertThat(p.bool("interactive")).isTrue();
        assertThat(p.bool("tty")).isFalse();
        p = parse("-ti=0");
        assertThat(p.bool("tty")).isTrue();
        assertThat(p.bool("interactive")).isFalse();
    }

    @Test
    void boolShorthandFollowedByBareEqualsIsAnUnknownShorthand() {
        // "-t=" sets -t, then '=' is read as the next shorthand letter (podman: `images -a=`).
        assertThat(error("-t=")).isEqualTo("unknown shorthand flag: '=' in -=");
        assertThat(error("-=")).isEqualTo("unknown shorthand flag: '=' in -=");
    }

    @Test
    void valueShorthandAtTheEndOfAGroupTakesTheRestOrTheNextArgument() throws Exception {
        ParsedFlags p = parse("-dp", "80:80", "img");
        assertThat(p.bool("detach")).isTrue();
        assertThat(p.list("publish")).containsExactly("80:80");
        assertThat(p.positional()).containsExactly("img");

        p = parse("-dp80:80");
        assertThat(p.bool("detach")).isTrue();
        assertThat(p.list("publish")).containsExactly("80:80");

        p = parse("-itp=80:80");
        assertThat(p.bool("tty")).isTrue();
        assertThat(p.list("publish")).containsExactly("80:80");

        // A value letter in the middle swallows the rest of the group, letters included.
        p = parse("-eit");
        assertThat(p.list("env")).containsExactly("it");
        assertThat(p.bool("interactive")).isFalse();
    }

    @Test
    void loneDashAndEmptyStringArePositional() throws Exception {
        ParsedFlags p = parse("-", "--rm", "");
        assertThat(p.positional()).containsExactly("-", "");
        assertThat(p.bool("rm")).isTrue();
        assertThat(parseRun("-", "--rm").positional()).containsExactly("-", "--rm");
    }

    // ---- lists ----------------------------------------------------------------------------------------------

    @Test
    void stringArrayIsRepeatableAndVerbatim() throws Exception {
        ParsedFlags p = parse("-e", "A=1,2", "--env=B=\"x,y\"", "-eC=", "--env", "");
        assertThat(p.list("env")).containsExactly("A=1,2", "B=\"x,y\"", "C=", "");
        assertThat(p.changed("env")).isTrue();
    }

    @Test
    void stringSliceIsRepeatableAndCommaSplit() throws Exception {
        ParsedFlags p = parse("--dns=1.1.1.1,8.8.8.8", "--dns", "9.9.9.9");
        assertThat(p.list("dns")).containsExactly("1.1.1.1", "8.8.8.8", "9.9.9.9");
    }

    @Test
    void stringSliceUsesCsvQuoting() throws Exception {
        assertThat(parse("--dns=a,\"b,c\",d").list("dns")).containsExactly("a", "b,c", "d");
        assertThat(parse("--dns=\"a\"\"b\"").list("dns")).containsExactly("a\"b");
        assertThat(parse("--dns= a , b").list("dns")).containsExactly(" a ", " b");
        assertThat(parse("--dns=a,,b,").list("dns")).containsExactly("a", "", "b", "");
        // An empty value adds nothing (pflag readAsCSV("") is an empty slice) but still counts as changed.
        ParsedFlags p = parse("--dns=");
        assertThat(p.list("dns")).isEmpty();
        assertThat(p.changed("dns")).isTrue();
    }

    @Test
    void stringSliceCsvErrorsAsPodmanPrintsThem() {
        FlagSet ps = new FlagSet().stringSlice("filter", 'f', "Filter output");
        // Each expected text was printed by `podman ps --filter ...` (podman 4.3.1, Go 1.19).
        assertThat(errorOf(ps, "--filter=a\"b")).isEqualTo("invalid argument \"a\\\"b\" for \"-f, --filter\" flag: "
                + "parse error on line 1, column 2: bare \" in non-quoted-field");
        assertThat(errorOf(ps, "--filter=\"ab")).isEqualTo("invalid argument \"\\\"ab\" for \"-f, --filter\" flag: "
                + "parse error on line 1, column 4: extraneous or missing \" in quoted-field");
        assertThat(errorOf(ps, "--filter=\"a\"b")).isEqualTo("invalid argument \"\\\"a\\\"b\" for \"-f, --filter\" "
                + "flag: parse error on line 1, column 3: extraneous or missing \" in quoted-field");
        assertThat(errorOf(ps, "-fx,\"y")).isEqualTo("invalid argument \"x,\\\"y\" for \"-f, --filter\" flag: "
                + "parse error on line 1, column 5: extraneous or missing \" in quoted-field");
        assertThat(errorOf(ps, "--filter=a,b\"c")).isEqualTo("invalid argument \"a,b\\\"c\" for \"-f, --filter\" "
                + "flag: parse error on line 1, column 4: bare \" in non-quoted-field");
        assertThat(errorOf(ps, "--filter", "ab,\"cd\"e")).isEqualTo("invalid argument \"ab,\\\"cd\\\"e\" for "
                + "\"-f, --filter\" flag: parse error on line 1, column 7: extraneous or missing \" in quoted-field");
        assertThat(errorOf(ps, "--filter", "ab,\"c\nd")).isEqualTo("invalid argument \"ab,\\\"c\\nd\" for "
                + "\"-f, --filter\" flag: record on line 1; parse error on line 2, column 2: "
                + "extraneous or missing \" in quoted-field");
        // Columns count UTF-8 bytes.
        assertThat(errorOf(ps, "--filter", "é\"")).isEqualTo("invalid argument \"é\\\"\" for \"-f, --filter\" "
                + "flag: parse error on line 1, column 3: bare \" in non-quoted-field");
        assertThat(errorOf(ps, "--filter=\n")).isEqualTo("invalid argument \"\\n\" for \"-f, --filter\" flag: EOF");
    }

    @Test
    void stringSliceReadsOnlyTheFirstCsvRecord() throws Exception {
        FlagSet ps = new FlagSet().stringSlice("filter", 'f', "Filter output");
        // podman: `ps --filter $'abc\n"'` filters on "abc" only; the rest of the value is never read.
        assertThat(ps.parse(List.of("--filter", "abc\n\""), true).list("filter")).containsExactly("abc");
        assertThat(ps.parse(List.of("--filter", "\n\na,b\nc"), true).list("filter")).containsExactly("a", "b");
        assertThat(ps.parse(List.of("--filter", "\"a\nb\",c"), true).list("filter")).containsExactly("a\nb", "c");
        assertThat(ps.parse(List.of("--filter", "a\r\nb"), true).list("filter")).containsExactly("a");
        assertThat(ps.parse(List.of("--filter", "a\r"), true).list("filter")).containsExactly("a");
    }

    private static String errorOf(FlagSet set, String... args) {
        try {
            set.parse(List.of(args), true);
        } catch (FlagException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a FlagException for " + List.of(args));
    }

    // ---- integers -------------------------------------------------------------------------------------------

    @Test
    void integersFollowParseIntBaseZero() throws Exception {
        assertThat(parse("-n", "+7").integer("last")).isEqualTo(7);
        assertThat(parse("-n", "-7").integer("last")).isEqualTo(-7);
        assertThat(parse("-n", "0x10").integer("last")).isEqualTo(16);
        assertThat(parse("-n", "010").integer("last")).isEqualTo(8);
        assertThat(parse("-n", "0o17").integer("last")).isEqualTo(15);
        assertThat(parse("-n", "0b101").integer("last")).isEqualTo(5);
        assertThat(parse("-n", "1_000").integer("last")).isEqualTo(1000);
        assertThat(parse("-n", "0").integer("last")).isZero();
        assertThat(parse("-n", "9223372036854775807").integer("last")).isEqualTo(Long.MAX_VALUE);
        assertThat(parse("-n", "-9223372036854775808").integer("last")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void integerErrors() {
        assertThat(error("-n", "abc")).isEqualTo(
                "invalid argument \"abc\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax");
        assertThat(error("--last=")).isEqualTo(
                "invalid argument \"\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"\": invalid syntax");
        assertThat(error("-n", "99999999999999999999")).isEqualTo("invalid argument \"99999999999999999999\" for "
                + "\"-n, --last\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
        assertThat(error("-n", "9223372036854775808")).endsWith(
                "parsing \"9223372036854775808\": value out of range");
        assertThat(error("-n", "-9223372036854775809")).endsWith(
                "parsing \"-9223372036854775809\": value out of range");
        for (String bad : List.of("1.5", " 1", "1 ", "0x", "09", "_1", "1_", "1__0", "--1", "+", "-", "0b2", "1e3")) {
            assertThat(error("-n", bad)).as(bad).endsWith("parsing " + Go.quote(bad) + ": invalid syntax");
        }
        // Control characters are escaped the way Go's %q does (checked against podman).
        assertThat(error("-n", "a\tb\u0001é")).isEqualTo("invalid argument \"a\\tb\\x01é\" for \"-n, --last\" flag: "
                + "strconv.ParseInt: parsing \"a\\tb\\x01é\": invalid syntax");
    }

    // ---- positional arguments, interspersed and "--" --------------------------------------------------------

    @Test
    void interspersedFlagsAndArguments() throws Exception {
        ParsedFlags p = parse("a", "--rm", "b", "-n", "3", "c");
        assertThat(p.positional()).containsExactly("a", "b", "c");
        assertThat(p.bool("rm")).isTrue();
        assertThat(p.integer("last")).isEqualTo(3);
    }

    @Test
    void nonInterspersedStopsAtTheFirstPositional() throws Exception {
        ParsedFlags p = parseRun("-it", "--rm", "img", "sh", "-c", "echo --rm", "--name", "x");
        assertThat(p.bool("interactive") && p.bool("tty") && p.bool("rm")).isTrue();
        assertThat(p.positional()).containsExactly("img", "sh", "-c", "echo --rm", "--name", "x");
        assertThat(p.changed("name")).isFalse();
        // Unknown flags after the image are the container's business, not an error.
        assertThat(parseRun("img", "--bogus").positional()).containsExactly("img", "--bogus");
    }

    @Test
    void doubleDashEndsFlagsAndIsDropped() throws Exception {
        ParsedFlags p = parse("a", "--", "--rm", "-x", "--");
        assertThat(p.positional()).containsExactly("a", "--rm", "-x", "--");
        assertThat(p.bool("rm")).isFalse();
        assertThat(p.argsLenAtDash()).isEqualTo(1);

        p = parseRun("--rm", "--", "img", "--name");
        assertThat(p.bool("rm")).isTrue();
        assertThat(p.positional()).containsExactly("img", "--name");
        assertThat(p.argsLenAtDash()).isZero();

        // After the first positional in non-interspersed mode "--" is just another argument.
        p = parseRun("img", "--", "x");
        assertThat(p.positional()).containsExactly("img", "--", "x");
        assertThat(p.argsLenAtDash()).isEqualTo(-1);
    }

    @Test
    void doubleDashAsAFlagValueIsAValue() throws Exception {
        ParsedFlags p = parse("--name", "--", "x");
        assertThat(p.string("name")).isEqualTo("--");
        assertThat(p.positional()).containsExactly("x");
    }

    // ---- errors ---------------------------------------------------------------------------------------------

    @Test
    void unknownFlags() {
        assertThat(error("--foo")).isEqualTo("unknown flag: --foo");
        assertThat(error("--foo=bar")).isEqualTo("unknown flag: --foo");
        assertThat(error(false, "--foo")).isEqualTo("unknown flag: --foo");
        assertThat(error("-x")).isEqualTo("unknown shorthand flag: 'x' in -x");
        // pflag shows what is left of the group at the unknown letter.
        assertThat(error("-ix")).isEqualTo("unknown shorthand flag: 'x' in -x");
        assertThat(error("-xi")).isEqualTo("unknown shorthand flag: 'x' in -xi");
        assertThat(error("-itxd")).isEqualTo("unknown shorthand flag: 'x' in -xd");
        assertThat(error("-'")).isEqualTo("unknown shorthand flag: '\\'' in -'");
        assertThat(error("-\u0001")).isEqualTo("unknown shorthand flag: '\\x01' in -\u0001");
        // pflag reads shorthands as bytes: the letter shown is the first UTF-8 byte of 'é' (0xC3), as a rune.
        assertThat(error("-é")).isEqualTo("unknown shorthand flag: 'Ã' in -é");
        assertThat(error("-ié")).isEqualTo("unknown shorthand flag: 'Ã' in -é");
        assertThat(error("-€")).isEqualTo("unknown shorthand flag: 'â' in -€");
        assertThat(error("-\u0080")).isEqualTo("unknown shorthand flag: 'Â' in -\u0080");
    }

    @Test
    void errorsStopParsingAtTheFirstBadArgument() {
        assertThat(error("--foo", "-x")).isEqualTo("unknown flag: --foo");
        assertThat(error("-n", "abc", "--foo")).startsWith("invalid argument \"abc\"");
    }

    @Test
    void missingValues() {
        assertThat(error("--name")).isEqualTo("flag needs an argument: --name");
        assertThat(error("a", "--last")).isEqualTo("flag needs an argument: --last");
        assertThat(error("-n")).isEqualTo("flag needs an argument: 'n' in -n");
        assertThat(error("-e")).isEqualTo("flag needs an argument: 'e' in -e");
        // In a group, pflag shows what is left at the letter that needs the value.
        assertThat(error("-ite")).isEqualTo("flag needs an argument: 'e' in -e");
    }

    @Test
    void badFlagSyntax() {
        assertThat(error("---x")).isEqualTo("bad flag syntax: ---x");
        assertThat(error("---")).isEqualTo("bad flag syntax: ---");
        assertThat(error("--=x")).isEqualTo("bad flag syntax: --=x");
        assertThat(error("--=")).isEqualTo("bad flag syntax: --=");
    }

    @Test
    void undefinedHelpIsHelpRequestedNotAnError() {
        for (String arg : List.of("--help", "-h", "-ih", "--help=x")) {
            try {
                runFlags().parse(List.of(arg), true);
                throw new AssertionError("expected help for " + arg);
            } catch (FlagException e) {
                assertThat(e.isHelp()).as(arg).isTrue();
                assertThat(e.getMessage()).isEqualTo("pflag: help requested");
            }
        }
        assertThatThrownBy(() -> runFlags().parse(List.of("-x"), true))
                .isInstanceOfSatisfying(FlagException.class, e -> assertThat(e.isHelp()).isFalse());
    }

    @Test
    void definedHelpFlagIsAnOrdinaryBool() throws Exception {
        // Podman defines --help without a shorthand; `podman images --help=maybe` fails like any bool.
        FlagSet set = new FlagSet().bool("help", '\0', "Help for podman");
        assertThat(set.parse(List.of("--help"), true).bool("help")).isTrue();
        assertThat(errorOf(set, "--help=maybe")).isEqualTo("invalid argument \"maybe\" for \"--help\" flag: "
                + "strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertThat(errorOf(set, "-h")).isEqualTo("pflag: help requested");
    }

    // ---- NoOptDefVal ----------------------------------------------------------------------------------------

    @Test
    void stringWithNoOptDefault() throws Exception {
        // podman build --pull string[="true"] (default "true")
        FlagSet set = new FlagSet().string("pull", 'P', "true", "Always attempt to pull").noOptDefault("pull", "true");
        ParsedFlags p = set.parse(List.of("--pull", "ctx"), true);
        assertThat(p.string("pull")).isEqualTo("true");
        assertThat(p.positional()).containsExactly("ctx");
        assertThat(set.parse(List.of("--pull=never"), true).string("pull")).isEqualTo("never");
        assertThat(set.parse(List.of("-P=never"), true).string("pull")).isEqualTo("never");
        // Without '=', the letters after a NoOptDefVal shorthand are more shorthands.
        assertThat(errorOf(set, "-Pnever")).isEqualTo("unknown shorthand flag: 'n' in -never");
    }

    // ---- definitions ----------------------------------------------------------------------------------------

    @Test
    void accessorsRejectUndefinedNamesAndWrongKinds() throws Exception {
        ParsedFlags p = parse();
        assertThatThrownBy(() -> p.bool("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flag accessed but not defined: nope");
        assertThatThrownBy(() -> p.string("rm")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trying to get string value of flag of type bool: rm");
        assertThatThrownBy(() -> p.list("name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.integer("env")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsAreUnmodifiable() throws Exception {
        ParsedFlags p = parse("-e", "A");
        assertThatThrownBy(() -> p.list("env").add("B")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.positional().add("B")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void redefinitionIsAProgrammingError() {
        assertThatThrownBy(() -> new FlagSet().bool("a", '\0', "").string("a", '\0', "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("flag redefined: a");
        assertThatThrownBy(() -> new FlagSet().bool("a", 'x', "").bool("b", 'x', ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unable to redefine 'x' shorthand: it's already used for \"a\" flag");
        assertThatThrownBy(() -> new FlagSet().bool("a", 'é', "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlagSet().hidden("a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hiddenFlagsAreStillParsed() throws Exception {
        FlagSet set = new FlagSet().bool("secret", 'S', "internal").hidden("secret");
        ParsedFlags p = set.parse(List.of("-S"), true);
        assertThat(p.bool("secret")).isTrue();
        assertThat(set.lookup("secret").hidden()).isTrue();
        assertThat(set.lookup("secret").shorthand()).isEqualTo('S');
    }

    @Test
    void addAllMergesGlobalFlagsKeepingExistingOnes() throws Exception {
        FlagSet global = new FlagSet()
                .string("root", '\0', "/var/lib/containers/storage", "Path to the root directory")
                .string("log-level", '\0', "warn", "Log messages above specified level")
                .bool("help", '\0', "Help for podman");
        FlagSet cmd = new FlagSet().bool("all", 'a', "Show all").bool("help", '\0', "help for images").addAll(global);
        assertThat(cmd.flags()).extracting(FlagDef::name).containsExactly("all", "help", "root", "log-level");
        assertThat(cmd.lookup("help").usage()).isEqualTo("help for images");
        ParsedFlags p = cmd.parse(List.of("--root", "/tmp/r", "-a", "img"), true);
        assertThat(p.string("root")).isEqualTo("/tmp/r");
        assertThat(p.string("log-level")).isEqualTo("warn");
        assertThat(p.bool("all")).isTrue();
        assertThat(p.positional()).containsExactly("img");
        // A new flag whose shorthand is taken is still a clash, as in pflag.
        assertThatThrownBy(() -> new FlagSet().bool("all", 'a', "").addAll(new FlagSet().bool("attach", 'a', "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flagDefsDescribeTheDefinitions() {
        FlagSet set = runFlags();
        assertThat(set.flags()).hasSize(11);
        FlagDef last = set.lookup("last");
        assertThat(last.name()).isEqualTo("last");
        assertThat(last.shorthand()).isEqualTo('n');
        assertThat(last.kind()).isEqualTo(FlagDef.Kind.INT);
        assertThat(last.defValue()).isEqualTo("-1");
        assertThat(set.lookup("rm").noOptDefVal()).isEqualTo("true");
        assertThat(set.lookup("rm").shorthand()).isEqualTo('\0');
        assertThat(set.lookup("env").defValue()).isEqualTo("[]");
        assertThat(set.lookup("missing")).isNull();
        assertThatThrownBy(() -> set.flags().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
