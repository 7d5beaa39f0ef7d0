package io.peapod.build;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One instruction's arguments and flags into its record: BuildKit's per-instruction parsers
 * ({@code parseMaybeJSON}, {@code parseNameVal}, ...) with the wording of podman 4.3.1 where it has one.
 */
final class InstructionParser {
    /** An error podman reports only on reaching the step: {@code building at STEP "...": message}. */
    static final class StepError extends Exception {
        StepError(String message) {
            super(message);
        }
    }

    private enum FlagType { STRING, BOOL, REPEATED }

    private final Source src;
    private final String keyword;
    private final List<String> flags;
    private final String args;
    private final List<Heredoc> heredocs;
    private final char escape;
    private final DockerfileParser parser;

    InstructionParser(Source src, String keyword, List<String> flags, String args, List<Heredoc> heredocs, char escape,
                      DockerfileParser parser) {
        this.src = src;
        this.keyword = keyword;
        this.flags = flags;
        this.args = args;
        this.heredocs = heredocs;
        this.escape = escape;
        this.parser = parser;
    }

    Instruction parse() throws StepError, DockerfileException {
        return switch (keyword) {
            case "from" -> from();
            case "run" -> run();
            case "cmd" -> new Instruction.Cmd(src, noFlags(jsonOrShell(args)));
            case "entrypoint" -> new Instruction.Entrypoint(src, noFlags(jsonOrShell(args)));
            case "shell" -> shell();
            case "copy" -> copy();
            case "add" -> add();
            case "env" -> new Instruction.Env(src, noFlags(nameVal("ENV")));
            case "label" -> new Instruction.Label(src, noFlags(nameVal("LABEL")));
            case "arg" -> arg();
            case "expose" -> {
                noFlags(null);
                List<String> ports = Words.splitWhitespace(args);
                if (ports.isEmpty()) {
                    throw atLeastOne();
                }
                yield new Instruction.Expose(src, ports);
            }
            case "volume" -> volume();
            case "user" -> new Instruction.User(src, noFlags(single()));
            case "workdir" -> new Instruction.Workdir(src, noFlags(single()));
            case "stopsignal" -> new Instruction.StopSignal(src, noFlags(single()));
            case "maintainer" -> new Instruction.Maintainer(src, noFlags(single()));
            case "healthcheck" -> healthcheck();
            case "onbuild" -> {
                noFlags(null);
                if (args.isEmpty()) {
                    throw atLeastOne();
                }
                yield new Instruction.Onbuild(src, args, parser.subInstruction(src, args));
            }
            default -> throw new StepError("Build error: Unknown instruction: \"" + upper() + "\"");
        };
    }

    private String upper() {
        return keyword.toUpperCase(Locale.ROOT);
    }

    private StepError atLeastOne() {
        return new StepError(upper() + " requires at least one argument");
    }

    private Instruction from() throws DockerfileException {
        Map<String, List<String>> f;
        try {
            f = flags(Map.of("platform", FlagType.STRING), "FROM only supports the --platform flag");
        } catch (StepError e) {
            throw DockerfileException.plain(src, e.getMessage());
        }
        List<String> words = Words.splitWhitespace(args);
        if (!(words.size() == 1 || words.size() == 3 && words.get(1).equalsIgnoreCase("as"))) {
            throw DockerfileException.plain(src, "FROM requires either one argument, or three: FROM <source> [as <name>]");
        }
        return new Instruction.From(src, words.getFirst(), words.size() == 3 ? words.get(2).toLowerCase(Locale.ROOT) : null,
                first(f, "platform"));
    }

    private Instruction run() throws StepError, DockerfileException {
        Command command = jsonOrShell(args); // the parser's errors before the step's
        Map<String, List<String>> f = flags(Map.of("mount", FlagType.REPEATED, "network", FlagType.STRING,
                "security", FlagType.STRING), "RUN only supports the --mount, --network and --security flags");
        if (command.args().isEmpty()) {
            throw atLeastOne();
        }
        List<String> options = f.getOrDefault("mount", List.of());
        List<MountSpec> mounts = new ArrayList<>();
        for (String o : options) {
            try {
                mounts.add(MountSpec.parse(o, v -> v));
            } catch (MountSpec.InvalidMount e) {
                throw new StepError(e.getMessage());
            }
        }
        String network = first(f, "network");
        if (network != null && !List.of("default", "none", "host").contains(network)) {
            throw new StepError("unsupported network mode \"" + network + "\"");
        }
        String security = first(f, "security");
        if (security != null && !List.of("sandbox", "insecure").contains(security)) {
            throw new StepError("unsupported security mode \"" + security + "\"");
        }
        return new Instruction.Run(src, command, options, mounts, network, security, heredocs);
    }

    private Instruction shell() throws StepError, DockerfileException {
        List<String> json = noFlags(json());
        if (json == null) {
            throw new StepError("SHELL requires the arguments to be in JSON form");
        }
        if (json.isEmpty()) {
            throw atLeastOne();
        }
        return new Instruction.Shell(src, json);
    }

    private Instruction copy() throws StepError, DockerfileException {
        List<String> words = jsonOrWhitespace();
        Map<String, List<String>> f = flags(Map.of("from", FlagType.STRING, "chown", FlagType.STRING,
                        "chmod", FlagType.STRING, "link", FlagType.BOOL),
                "COPY only supports the --chmod=<permissions> --chown=<uid:gid> --from=<image|stage> and the --link flags");
        if (words.size() < 2) {
            throw atLeastOne(); // podman 4.3.1's wording, also for a single argument
        }
        List<String> sources = new ArrayList<>();
        List<Heredoc> docs = new ArrayList<>();
        sourcesAndHeredocs(words, sources, docs);
        return new Instruction.Copy(src, sources, docs, words.getLast(), first(f, "from"), first(f, "chown"),
                first(f, "chmod"), "true".equals(first(f, "link")));
    }

    private Instruction add() throws StepError, DockerfileException {
        List<String> words = jsonOrWhitespace();
        Map<String, List<String>> f = flags(Map.of("chown", FlagType.STRING, "chmod", FlagType.STRING,
                        "link", FlagType.BOOL, "checksum", FlagType.STRING, "keep-git-dir", FlagType.BOOL),
                "ADD only supports the --chmod=<permissions> --chown=<uid:gid> --checksum=<digest> --keep-git-dir and the --link flags");
        if (words.size() < 2) {
            throw atLeastOne();
        }
        List<String> sources = new ArrayList<>();
        List<Heredoc> docs = new ArrayList<>();
        sourcesAndHeredocs(words, sources, docs);
        return new Instruction.Add(src, sources, docs, words.getLast(), first(f, "chown"), first(f, "chmod"),
                "true".equals(first(f, "link")), first(f, "checksum"), "true".equals(first(f, "keep-git-dir")));
    }

    /** COPY/ADD sources: a {@code <<NAME} word takes the heredoc of that name read after the line. */
    private void sourcesAndHeredocs(List<String> words, List<String> sources, List<Heredoc> docs) throws StepError {
        if (Heredoc.opening(words.getLast()) != null && !heredocs.isEmpty()) {
            throw new StepError(upper() + " cannot accept a heredoc as a destination");
        }
        int used = 0;
        for (String w : words.subList(0, words.size() - 1)) {
            Heredoc h = heredocs.isEmpty() ? null : Heredoc.opening(w);
            if (h != null && used < heredocs.size()) {
                docs.add(heredocs.get(used++));
            } else {
                sources.add(w);
            }
        }
    }

    private Instruction arg() throws StepError, DockerfileException {
        noFlags(null);
        List<String> words = Words.parseWords(args, escape);
        if (words.isEmpty()) {
            throw atLeastOne();
        }
        List<ArgDecl> decls = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            decls.add(eq < 0 ? new ArgDecl(w, null) : new ArgDecl(w.substring(0, eq), w.substring(eq + 1)));
        }
        return new Instruction.Arg(src, decls);
    }

    private Instruction volume() throws StepError, DockerfileException {
        List<String> paths = noFlags(jsonOrWhitespace());
        if (paths.isEmpty()) {
            throw atLeastOne();
        }
        for (String p : paths) {
            if (p.isBlank()) {
                throw new StepError("VOLUME specified can not be an empty string");
            }
        }
        return new Instruction.Volume(src, paths);
    }

    private Instruction healthcheck() throws StepError, DockerfileException {
        if (args.isEmpty()) {
            throw atLeastOne();
        }
        int sep = 0;
        while (sep < args.length() && !DockerfileParser.isSpace(args.charAt(sep))) {
            sep++;
        }
        String type = args.substring(0, sep).toUpperCase(Locale.ROOT);
        String rest = args.substring(sep).strip();
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new StepError("HEALTHCHECK NONE takes no arguments");
            }
            return new Instruction.Healthcheck(src, null, null, null, null, null, null);
        }
        if (!type.equals("CMD")) {
            throw new StepError("Unknown type \"" + args.substring(0, sep) + "\" in HEALTHCHECK (try CMD)");
        }
        Map<String, FlagType> known = Map.of("interval", FlagType.STRING, "timeout", FlagType.STRING,
                "start-period", FlagType.STRING, "start-interval", FlagType.STRING, "retries", FlagType.STRING);
        for (String flag : flags) {
            String name = flag.startsWith("--") ? flag.substring(2).split("=", 2)[0] : flag;
            if (!known.containsKey(name)) {
                throw new StepError("flag provided but not defined: -" + name); // Go's flag package, as podman
            }
        }
        Map<String, List<String>> f = flags(known, null);
        Command command = jsonOrShell(rest);
        if (command.args().isEmpty()) {
            throw new StepError("Missing command after HEALTHCHECK CMD");
        }
        Integer retries = null;
        if (first(f, "retries") != null) {
            try {
                retries = Integer.parseInt(first(f, "retries"));
            } catch (NumberFormatException e) {
                throw new StepError("strconv.ParseInt: parsing \"" + first(f, "retries") + "\": invalid syntax");
            }
            if (retries < 0) {
                throw new StepError("--retries cannot be negative (" + retries + ")");
            }
        }
        return new Instruction.Healthcheck(src, command, interval(f, "interval"), interval(f, "timeout"),
                interval(f, "start-period"), interval(f, "start-interval"), retries);
    }

    private static Duration interval(Map<String, List<String>> f, String name) throws StepError {
        String v = first(f, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        Duration d;
        try {
            d = GoDuration.parse(v);
        } catch (IllegalArgumentException e) {
            throw new StepError(e.getMessage());
        }
        if (d.isNegative()) {
            throw new StepError("Interval \"" + name + "\" cannot be negative");
        }
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new StepError("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d;
    }

    /** A single argument: the whole rest of the line. */
    private String single() throws StepError {
        if (args.isEmpty()) {
            throw new StepError(upper() + " requires exactly one argument");
        }
        return args;
    }

    /** ENV and LABEL: {@code k=v ...}, or the legacy {@code k v} when the first word has no '='. */
    private List<KeyValue> nameVal(String what) throws StepError, DockerfileException {
        List<String> words = Words.parseWords(args, escape);
        if (words.isEmpty()) {
            throw atLeastOne();
        }
        if (!words.getFirst().contains("=")) {
            String[] parts = Words.WHITESPACE.split(args, 2);
            if (parts.length < 2) {
                throw DockerfileException.parse(src, what + " must have two arguments");
            }
            return List.of(new KeyValue(parts[0], parts[1]));
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw DockerfileException.parse(src, "Syntax error - can't find = in \"" + w
                        + "\". Must be of the form: name=value");
            }
            pairs.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
        }
        return pairs;
    }

    /** The exec form, or null when the arguments are not a JSON array. */
    private List<String> json() throws DockerfileException {
        try {
            return Words.jsonStringArray(args);
        } catch (Words.NotStringArray e) {
            throw DockerfileException.parse(src, e.getMessage());
        }
    }

    private Command jsonOrShell(String text) throws DockerfileException {
        if (text.isEmpty()) {
            return Command.shell("");
        }
        List<String> json;
        try {
            json = Words.jsonStringArray(text);
        } catch (Words.NotStringArray e) {
            throw DockerfileException.parse(src, e.getMessage());
        }
        return json != null ? Command.exec(json) : Command.shell(text);
    }

    private List<String> jsonOrWhitespace() throws DockerfileException {
        List<String> json = json();
        return json != null ? json : Words.splitWhitespace(args);
    }

    /** Refuses any flag on an instruction that takes none; returns {@code parsed}, found before. */
    private <T> T noFlags(T parsed) throws StepError {
        flags(Map.of(), null);
        return parsed;
    }

    private static String first(Map<String, List<String>> f, String name) {
        List<String> v = f.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /**
     * BuildKit's BFlags: {@code --name=value}, a bare {@code --name} for booleans, repeated only where allowed.
     * {@code unsupported} replaces BuildKit's "unknown flag"/"missing a value" with podman's listing.
     */
    private Map<String, List<String>> flags(Map<String, FlagType> known, String unsupported) throws StepError {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String arg : flags) {
            if (!arg.startsWith("--")) {
                throw new StepError("arg should start with -- : " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            FlagType type = known.get(name);
            if (type == null) {
                throw new StepError(unsupported != null ? unsupported : "unknown flag: " + name);
            }
            if (out.containsKey(name) && type != FlagType.REPEATED) {
                throw new StepError("duplicate flag specified: " + name);
            }
            switch (type) {
                case BOOL -> {
                    if (value != null && value.isEmpty()) {
                        throw new StepError("missing a value on flag: " + name);
                    }
                    String lower = value == null ? "true" : value.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new StepError("expecting boolean value for flag " + name + ", not: " + value);
                    }
                    value = lower;
                }
                case STRING, REPEATED -> {
                    if (value == null) {
                        throw new StepError(unsupported != null ? unsupported : "missing a value on flag: " + name);
                    }
                }
            }
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
