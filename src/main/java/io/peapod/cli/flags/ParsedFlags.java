package io.peapod.cli.flags;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link FlagSet#parse}: flag values (defaults for flags not given) and positional arguments.
 * Asking for a flag the set does not define, or with the wrong accessor for its kind, is a programming error
 * and throws {@link IllegalArgumentException} (pflag's getters return an error in the same cases).
 */
public final class ParsedFlags {
    private final FlagSet set;
    /** Values of the flags given on the command line: Boolean, String, Long or List&lt;String&gt;. */
    private final Map<String, Object> values;
    private final List<String> positional;
    private final int argsLenAtDash;

    ParsedFlags(FlagSet set, HashMap<String, Object> values, List<String> positional, int argsLenAtDash) {
        this.set = set;
        this.values = values;
        this.positional = List.copyOf(positional);
        this.argsLenAtDash = argsLenAtDash;
    }

    public boolean bool(String name) {
        FlagDef def = def(name, FlagDef.Kind.BOOL);
        Object v = values.get(name);
        return v != null ? (Boolean) v : Boolean.parseBoolean(def.defValue());
    }

    /** The last value given (pflag: repeated scalar flags overwrite), or the default. */
    public String string(String name) {
        FlagDef def = def(name, FlagDef.Kind.STRING);
        Object v = values.get(name);
        return v != null ? (String) v : def.defValue();
    }

    public long integer(String name) {
        FlagDef def = def(name, FlagDef.Kind.INT);
        Object v = values.get(name);
        return v != null ? (Long) v : Long.parseLong(def.defValue());
    }

    public long uint(String name) {
        FlagDef def = def(name, FlagDef.Kind.UINT);
        Object v = values.get(name);
        return v != null ? (Long) v : Long.parseLong(def.defValue());
    }

    public double floating(String name) {
        FlagDef def = def(name, FlagDef.Kind.FLOAT);
        Object v = values.get(name);
        return v != null ? (Double) v : Double.parseDouble(def.defValue());
    }

    /** All values of a stringArray or stringSlice flag, in command-line order; empty if not given. Unmodifiable. */
    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        FlagDef def = set.lookup(name);
        if (def == null) throw notDefined(name);
        if (!def.kind().isList()) throw wrongKind(def, "list");
        Object v = values.get(name);
        return v != null ? List.copyOf((List<String>) v) : List.of();
    }

    /** Whether the flag was given on the command line (even if set to its default). Undefined names: false. */
    public boolean changed(String name) {
        return values.containsKey(name);
    }

    /** Arguments that are not flags, in order; {@code --} itself is not included. */
    public List<String> positional() {
        return positional;
    }

    /**
     * pflag's ArgsLenAtDash: how many positional arguments came before {@code --}, or -1 if there was no
     * {@code --} (or it came after parsing stopped at the first positional in non-interspersed mode).
     */
    public int argsLenAtDash() {
        return argsLenAtDash;
    }

    private FlagDef def(String name, FlagDef.Kind kind) {
        FlagDef def = set.lookup(name);
        if (def == null) throw notDefined(name);
        if (def.kind() != kind) throw wrongKind(def, kind.typeName());
        return def;
    }

    private static IllegalArgumentException notDefined(String name) {
        return new IllegalArgumentException("flag accessed but not defined: " + name);
    }

    private static IllegalArgumentException wrongKind(FlagDef def, String wanted) {
        return new IllegalArgumentException(
                "trying to get " + wanted + " value of flag of type " + def.kind().typeName() + ": " + def.name());
    }
}
