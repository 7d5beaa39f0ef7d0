package io.peapod.cli.flags;

/** One defined flag, immutable. Created through {@link FlagSet}; exposed for help rendering and completion. */
public final class FlagDef {
    /** The value kinds podman uses; {@link #typeName()} is pflag's {@code Value.Type()}. */
    public enum Kind {
        BOOL("bool"),
        STRING("string"),
        /** pflag StringArray: repeatable, each value kept verbatim. */
        STRING_ARRAY("stringArray"),
        /** pflag StringSlice: repeatable, each value split as one CSV record. */
        STRING_SLICE("stringSlice"),
        /** pflag Int / Int64: parsed with Go's strconv.ParseInt(s, 0, 64). */
        INT("int"),
        /** pflag Uint64: parsed with Go's strconv.ParseUint(s, 0, 64). */
        UINT("uint64"),
        /** pflag Float64: parsed with Go's strconv.ParseFloat(s, 64). */
        FLOAT("float64");

        private final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }

        public String typeName() {
            return typeName;
        }

        boolean isList() {
            return this == STRING_ARRAY || this == STRING_SLICE;
        }
    }

    private final String name;
    private final char shorthand;
    private final Kind kind;
    private final String defValue;
    private final String usage;
    private final boolean hidden;
    private final String noOptDefVal;

    FlagDef(String name, char shorthand, Kind kind, String defValue, String usage, boolean hidden, String noOptDefVal) {
        this.name = name;
        this.shorthand = shorthand;
        this.kind = kind;
        this.defValue = defValue;
        this.usage = usage;
        this.hidden = hidden;
        this.noOptDefVal = noOptDefVal;
    }

    public String name() {
        return name;
    }

    /** The one-letter alias, or {@code '\0'} for none. */
    public char shorthand() {
        return shorthand;
    }

    public Kind kind() {
        return kind;
    }

    /** The default as pflag's DefValue string: {@code "false"}, {@code ""}, {@code "10"}, {@code "[]"}. */
    public String defValue() {
        return defValue;
    }

    public String usage() {
        return usage;
    }

    public boolean hidden() {
        return hidden;
    }

    /** The value used when the flag is given without one ({@code "true"} for bools), or {@code ""} for none. */
    public String noOptDefVal() {
        return noOptDefVal;
    }

    /** How pflag names the flag in "invalid argument" errors: {@code -n, --last} or {@code --rm}. */
    String displayName() {
        return shorthand != '\0' ? "-" + shorthand + ", --" + name : "--" + name;
    }

    FlagDef withHidden() {
        return new FlagDef(name, shorthand, kind, defValue, usage, true, noOptDefVal);
    }

    FlagDef withNoOptDefVal(String value) {
        return new FlagDef(name, shorthand, kind, defValue, usage, hidden, value);
    }

    @Override
    public String toString() {
        return displayName() + " " + kind.typeName;
    }
}
