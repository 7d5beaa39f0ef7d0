package io.peapod.cli.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * A command's flags, defined fluently, and a parser that follows spf13/pflag (v1.0.5, as vendored by podman 4)
 * rule for rule. Defining the same name or shorthand twice is a programming error: pflag panics, we throw
 * {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * FlagSet flags = new FlagSet()
 *     .bool("all", 'a', "Show all images")
 *     .stringSlice("filter", 'f', "Filter output based on conditions provided")
 *     .string("format", '\0', "", "Change the output format to JSON or a Go template");
 * ParsedFlags p = flags.parse(args, true);
 * }</pre>
 */
public final class FlagSet {
    private final ArrayList<FlagDef> flags = new ArrayList<>();
    private final HashMap<String, Integer> byName = new HashMap<>();
    /** Shorthands are single ASCII bytes in pflag, so a table indexed by the character suffices. */
    private final FlagDef[] byShorthand = new FlagDef[128];

    public FlagSet() {}

    // ---- definition ----------------------------------------------------------------------------------------

    /** A bool flag defaulting to false; given without a value it means true (pflag NoOptDefVal "true"). */
    public FlagSet bool(String name, char shorthand, String usage) {
        return bool(name, shorthand, false, usage);
    }

    /** A bool flag with an explicit default; {@code --name=false} turns a true default off. */
    public FlagSet bool(String name, char shorthand, boolean defValue, String usage) {
        return add(new FlagDef(name, shorthand, FlagDef.Kind.BOOL, Boolean.toString(defValue), usage, false, "true"));
    }

    public FlagSet string(String name, char shorthand, String defValue, String usage) {
        return add(new FlagDef(name, shorthand, FlagDef.Kind.STRING, defValue, usage, false, ""));
    }

    /** pflag StringArray: repeatable; every value kept verbatim (commas included). */
    public FlagSet stringArray(String name, char shorthand, String usage) {
        return add(new FlagDef(name, shorthand, FlagDef.Kind.STRING_ARRAY, "[]", usage, false, ""));
    }

    /** pflag StringSlice: repeatable; every value split as a CSV record ({@code a,"b,c"} gives a and b,c). */
    public FlagSet stringSlice(String name, char shorthand, String usage) {
        return add(new FlagDef(name, shorthand, FlagDef.Kind.STRING_SLICE, "[]", usage, false, ""));
    }

    /** pflag Int: a 64-bit integer read by strconv.ParseInt(s, 0, 64), so 0x10, 010, 0b10 and 1_000 work. */
    public FlagSet integer(String name, char shorthand, long defValue, String usage) {
        return add(new FlagDef(name, shorthand, FlagDef.Kind.INT, Long.toString(defValue), usage, false, ""));
    }

    /** pflag Uint64: strconv.ParseUint(s, 0, 64), so a sign is a syntax error; values above Long.MAX_VALUE are refused. */
    public FlagSet uint(String name, char shorthand, long defValue, String usage) {
        return add(new FlagDef(name, shorthand, FlagDef.Kind.UINT, Long.toString(defValue), usage, false, ""));
    }

    /** pflag Float64: strconv.ParseFloat(s, 64). */
    public FlagSet floating(String name, char shorthand, double defValue, String usage) {
        return add(new FlagDef(name, shorthand, FlagDef.Kind.FLOAT, defValue == 0 ? "0" : Double.toString(defValue), usage, false, ""));
    }

    /** Marks a defined flag hidden: still parsed, not listed by {@link #usage()}. */
    public FlagSet hidden(String name) {
        return replace(name, existing(name).withHidden());
    }

    /**
     * Sets pflag's NoOptDefVal: the value a flag takes when given without {@code =value}
     * ({@code --name} or {@code -n}); the next argument is then never consumed as its value.
     */
    public FlagSet noOptDefault(String name, String value) {
        return replace(name, existing(name).withNoOptDefVal(value));
    }

    /**
     * Adds the flags of {@code other} that this set does not already define by name (pflag AddFlagSet), e.g. the
     * global flags into a command's set. A clashing shorthand on a new flag is still an error, as in pflag.
     */
    public FlagSet addAll(FlagSet other) {
        for (FlagDef f : other.flags) {
            if (!byName.containsKey(f.name())) add(f);
        }
        return this;
    }

    /** The flags in definition order. */
    public List<FlagDef> flags() {
        return Collections.unmodifiableList(flags);
    }

    /** The flag with this long name, or null. */
    public FlagDef lookup(String name) {
        Integer i = byName.get(name);
        return i == null ? null : flags.get(i);
    }

    private FlagSet add(FlagDef f) {
        if (f.name().isEmpty()) throw new IllegalArgumentException("flag name must not be empty");
        if (byName.containsKey(f.name())) throw new IllegalArgumentException("flag redefined: " + f.name());
        char c = f.shorthand();
        if (c != '\0') {
            if (c >= 128) {
                throw new IllegalArgumentException("\"" + c + "\" shorthand is more than one ASCII character");
            }
            if (byShorthand[c] != null) {
                throw new IllegalArgumentException("unable to redefine '" + c + "' shorthand: it's already used for \""
                        + byShorthand[c].name() + "\" flag");
            }
            byShorthand[c] = f;
        }
        byName.put(f.name(), flags.size());
        flags.add(f);
        return this;
    }

    private FlagDef existing(String name) {
        FlagDef f = lookup(name);
        if (f == null) throw new IllegalArgumentException("flag does not exist: " + name);
        return f;
    }

    private FlagSet replace(String name, FlagDef f) {
        flags.set(byName.get(name), f);
        if (f.shorthand() != '\0') byShorthand[f.shorthand()] = f;
        return this;
    }

    // ---- parsing (pflag's parseArgs / parseLongArg / parseSingleShortArg) -----------------------------------

    /**
     * Parses {@code args} (the arguments after the command path).
     *
     * @param interspersed true: flags and positional arguments may be mixed (cobra's default); false: the first
     *                     positional argument, and everything after it, is positional (podman run, exec, create)
     */
    public ParsedFlags parse(List<String> args, boolean interspersed) throws FlagException {
        HashMap<String, Object> values = new HashMap<>();
        ArrayList<String> positional = new ArrayList<>();
        int argsLenAtDash = -1;
        int n = args.size();
        for (int i = 0; i < n; ) {
            String s = args.get(i++);
            // "", "-" and anything not starting with '-' are positional.
            if (s.length() < 2 || s.charAt(0) != '-') {
                positional.add(s);
                if (!interspersed) {
                    positional.addAll(args.subList(i, n));
                    break;
                }
                continue;
            }
            if (s.charAt(1) == '-') {
                if (s.length() == 2) { // "--" ends the flags and is dropped
                    argsLenAtDash = positional.size();
                    positional.addAll(args.subList(i, n));
                    break;
                }
                i = parseLong(s, args, i, values);
            } else {
                i = parseShort(s, args, i, values);
            }
        }
        return new ParsedFlags(this, values, positional, argsLenAtDash);
    }

    /** {@code --name}, {@code --name=value}, {@code --name value}; returns the index of the next argument. */
    private int parseLong(String s, List<String> args, int next, HashMap<String, Object> values)
            throws FlagException {
        String name = s.substring(2);
        if (name.charAt(0) == '-' || name.charAt(0) == '=') throw new FlagException("bad flag syntax: " + s);
        int eq = name.indexOf('=');
        String value = eq >= 0 ? name.substring(eq + 1) : null;
        if (eq >= 0) name = name.substring(0, eq);
        FlagDef f = lookup(name);
        if (f == null) {
            // pflag answers an undefined --help with ErrHelp, which cobra turns into the help text.
            if (name.equals("help")) throw FlagException.helpRequested();
            throw new FlagException("unknown flag: --" + name);
        }
        if (value == null) {
            if (!f.noOptDefVal().isEmpty()) {
                value = f.noOptDefVal();
            } else if (next < args.size()) {
                value = args.get(next++); // taken even if it starts with '-', as pflag does
            } else {
                throw new FlagException("flag needs an argument: " + s);
            }
        }
        set(f, value, values);
        return next;
    }

    /**
     * A group of shorthands such as {@code -itd}, {@code -n5}, {@code -e=K=V}, {@code -dp 80:80}. Each letter is
     * handled in turn: {@code -x=v} gives the rest after '=' to x; a letter with NoOptDefVal (every bool) takes
     * that and the group goes on; any other letter takes the rest of the group, or else the next argument.
     */
    private int parseShort(String s, List<String> args, int next, HashMap<String, Object> values)
            throws FlagException {
        String shorthands = s.substring(1);
        while (!shorthands.isEmpty()) {
            char c = shorthands.charAt(0);
            FlagDef f = c < 128 ? byShorthand[c] : null;
            if (f == null) {
                if (c == 'h') throw FlagException.helpRequested(); // pflag: undefined -h means help
                // pflag quotes the letter and shows what is left of the group: -ax gives 'x' in -x.
                throw new FlagException("unknown shorthand flag: " + Go.quoteRune(firstUtf8Byte(shorthands))
                        + " in -" + shorthands);
            }
            String value;
            String rest = shorthands.substring(1);
            if (shorthands.length() > 2 && shorthands.charAt(1) == '=') {
                value = shorthands.substring(2);
                rest = "";
            } else if (!f.noOptDefVal().isEmpty()) {
                value = f.noOptDefVal();
            } else if (shorthands.length() > 1) {
                value = rest;
                rest = "";
            } else if (next < args.size()) {
                value = args.get(next++);
            } else {
                throw new FlagException("flag needs an argument: " + Go.quoteRune(c) + " in -" + shorthands);
            }
            set(f, value, values);
            shorthands = rest;
        }
        return next;
    }

    // Plain code rather than computeIfAbsent with a lambda: the first lambda costs milliseconds of start-up.
    @SuppressWarnings("unchecked")
    private static List<String> listOf(FlagDef f, HashMap<String, Object> values) {
        Object list = values.get(f.name());
        if (list == null) values.put(f.name(), list = new ArrayList<String>());
        return (List<String>) list;
    }

    /**
     * pflag walks shorthands byte by byte, so for {@code -é} it reports the first UTF-8 byte of 'é' (0xC3) as the
     * rune U+00C3: {@code unknown shorthand flag: 'Ã' in -é}.
     */
    private static char firstUtf8Byte(String s) {
        int c = s.codePointAt(0);
        if (c < 0x80) return (char) c;
        if (c < 0x800) return (char) (0xC0 | c >> 6);
        if (c < 0x10000) return (char) (0xE0 | c >> 12);
        return (char) (0xF0 | c >> 18);
    }

    /** pflag FlagSet.Set: convert, store, and wrap conversion errors with the flag's display name. */
    private static void set(FlagDef f, String value, HashMap<String, Object> values) throws FlagException {
        try {
            switch (f.kind()) {
                case BOOL -> values.put(f.name(), Go.parseBool(value));
                case STRING -> values.put(f.name(), value); // last one wins
                case INT -> values.put(f.name(), Go.parseInt(value));
                case UINT -> values.put(f.name(), Go.parseUint(value));
                case FLOAT -> values.put(f.name(), Go.parseFloat(value));
                case STRING_ARRAY -> listOf(f, values).add(value); // verbatim: no comma splitting
                case STRING_SLICE -> listOf(f, values).addAll(Go.readCsvRecord(value));
            }
        } catch (Go.ValueException e) {
            throw new FlagException("invalid argument " + Go.quote(value) + " for " + Go.quote(f.displayName())
                    + " flag: " + e.getMessage());
        }
    }

    // ---- help (pflag FlagUsages) ----------------------------------------------------------------------------

    /**
     * The flag lines of {@code --help} exactly as pflag's FlagUsages prints them: sorted by name, hidden flags
     * left out, descriptions aligned one column past the longest {@code -x, --name type}, each line ending in a
     * newline. Podman prints this under an {@code Options:} heading (trailing whitespace trimmed).
     */
    public String usage() {
        // pflag sorts by name; a map sorted by key avoids a comparator lambda.
        TreeMap<String, FlagDef> sorted = new TreeMap<>();
        for (FlagDef f : flags) sorted.put(f.name(), f);
        ArrayList<String> heads = new ArrayList<>();
        ArrayList<String> tails = new ArrayList<>();
        int maxlen = 0;
        for (FlagDef f : sorted.values()) {
            if (f.hidden()) continue;
            StringBuilder line = new StringBuilder();
            if (f.shorthand() != '\0') line.append("  -").append(f.shorthand()).append(", --");
            else line.append("      --");
            line.append(f.name());
            String usage = f.usage();
            String varname = switch (f.kind()) {
                case BOOL -> "";
                case INT -> "int";
                case UINT -> "uint";
                case FLOAT -> "float";
                case STRING_SLICE -> "strings";
                default -> f.kind().typeName();
            };
            // UnquoteUsage: a `name` in back quotes becomes the value's name in the help line.
            int q1 = usage.indexOf('`');
            int q2 = q1 >= 0 ? usage.indexOf('`', q1 + 1) : -1;
            if (q2 > 0) {
                varname = usage.substring(q1 + 1, q2);
                usage = new StringBuilder(usage).deleteCharAt(q2).deleteCharAt(q1).toString();
            }
            if (!varname.isEmpty()) line.append(' ').append(varname);
            String noOpt = f.noOptDefVal();
            // An optional value is shown as [=value], except the "true" every bool has.
            if (f.kind() == FlagDef.Kind.STRING && !noOpt.isEmpty()) {
                line.append("[=").append(Go.quote(noOpt)).append(']');
            } else if (!noOpt.isEmpty() && !(f.kind() == FlagDef.Kind.BOOL && noOpt.equals("true"))) {
                line.append("[=").append(noOpt).append(']');
            }
            maxlen = Math.max(maxlen, line.length() + 1); // pflag counts its "\x00" separator here
            StringBuilder tail = new StringBuilder(usage);
            if (!isZeroDefault(f)) {
                tail.append(" (default ")
                        .append(f.kind() == FlagDef.Kind.STRING ? Go.quote(f.defValue()) : f.defValue()).append(')');
            }
            heads.add(line.toString());
            tails.add(tail.toString());
        }
        StringBuilder out = new StringBuilder();
        // Continuation lines of a multi-line usage line up with the first.
        String newlineIndent = new StringBuilder().append('\n').repeat(' ', maxlen + 2).toString();
        for (int i = 0; i < heads.size(); i++) {
            String head = heads.get(i);
            // fmt.Fprintln(buf, head, spacing, usage): operands joined by single spaces.
            out.append(head).append(' ').repeat(' ', maxlen - head.length()).append(' ')
                    .append(tails.get(i).replace("\n", newlineIndent)).append('\n');
        }
        return out.toString();
    }

    /** pflag defaultIsZeroValue: defaults equal to the type's zero value are not shown. */
    private static boolean isZeroDefault(FlagDef f) {
        return switch (f.kind()) {
            case BOOL -> f.defValue().equals("false");
            case STRING -> f.defValue().isEmpty();
            case INT, UINT, FLOAT -> f.defValue().equals("0");
            case STRING_ARRAY, STRING_SLICE -> f.defValue().equals("[]");
        };
    }
}
