package io.peapod.build;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The variables of one stage as its instructions run, and their expansion. Start one per stage with the
 * base image's environment ({@link BuildPlan#scope}), then pass each instruction through {@link #expand}
 * in order: ARG and ENV take effect as they are met.
 *
 * <p>Rules (Docker's): ENV values (the base image's included) win over ARGs of the same name; an ARG's value
 * is its {@code --build-arg}, else its default, else (for {@code ARG NAME} alone) the global ARG's value of
 * that name, else the predefined platform value; a declared ARG without any value is unset. All names of
 * one ARG or ENV instruction are expanded with the variables from before it ({@code ENV a=1 b=$a} gives b
 * the old a).
 */
public final class StageScope {
    private final ShellLexer lexer;
    private final BuildOptions options;
    private final Map<String, String> globalArgs;
    private final Map<String, String> env;
    private final Map<String, String> args = new LinkedHashMap<>();

    StageScope(char escape, BuildOptions options, Map<String, String> globalArgs, Map<String, String> baseEnv) {
        this.lexer = new ShellLexer(escape);
        this.options = options;
        this.globalArgs = globalArgs;
        this.env = new LinkedHashMap<>(baseEnv);
    }

    /** A variable's value for expansion: ENV first, then declared ARGs; null when unset. */
    public String lookup(String name) {
        String v = env.get(name);
        return v != null ? v : args.get(name);
    }

    /** The image's environment: the base image's and this stage's ENVs so far. */
    public Map<String, String> env() {
        return Collections.unmodifiableMap(env);
    }

    /** The ARGs declared so far that have a value (what RUN sees besides ENV; not committed to the image). */
    public Map<String, String> args() {
        Map<String, String> out = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** RUN's environment: declared ARGs with a value, proxy build args, then ENV over them. */
    public Map<String, String> runEnvironment() {
        Map<String, String> out = new LinkedHashMap<>();
        options.buildArgs().forEach((k, v) -> {
            if (BuildOptions.PROXY_ARGS.contains(k)) {
                out.put(k, v);
            }
        });
        out.putAll(args());
        out.putAll(env);
        return out;
    }

    /** Expands a word as the builder does, with the current variables. */
    public String expandWord(Source at, String word) throws DockerfileException {
        try {
            return lexer.processWord(word, this::lookup);
        } catch (ShellLexer.ExpansionException e) {
            throw DockerfileException.step(at, e.getMessage());
        }
    }

    /**
     * The instruction with its arguments expanded (unchanged for those the builder does not expand), after
     * which its ARG or ENV takes effect.
     */
    public Instruction expand(Instruction raw) throws DockerfileException {
        Source s = raw.source();
        return switch (raw) {
            case Instruction.Arg a -> {
                List<ArgDecl> out = new ArrayList<>();
                for (ArgDecl d : a.args()) {
                    String name = expandWord(s, d.name());
                    out.add(new ArgDecl(name, argValue(s, name, d.defaultValue(), this::lookup, globalArgs)));
                }
                out.forEach(d -> args.put(d.name(), d.defaultValue()));
                yield new Instruction.Arg(s, out);
            }
            case Instruction.Env e -> {
                List<KeyValue> out = pairs(s, e.pairs());
                out.forEach(kv -> env.put(kv.key(), kv.value()));
                yield new Instruction.Env(s, out);
            }
            case Instruction.Label l -> new Instruction.Label(s, pairs(s, l.pairs()));
            case Instruction.Expose x -> new Instruction.Expose(s, splitWords(s, x.ports()));
            case Instruction.Volume v -> new Instruction.Volume(s, words(s, v.paths()));
            case Instruction.User u -> new Instruction.User(s, expandWord(s, u.user()));
            case Instruction.Workdir w -> new Instruction.Workdir(s, expandWord(s, w.path()));
            case Instruction.StopSignal x -> new Instruction.StopSignal(s, expandWord(s, x.signal()));
            case Instruction.Copy c -> new Instruction.Copy(s, words(s, c.sources()), heredocs(s, c.heredocs()),
                    expandWord(s, c.dest()), orNull(s, c.from()), orNull(s, c.chown()), orNull(s, c.chmod()), c.link());
            case Instruction.Add a -> new Instruction.Add(s, words(s, a.sources()), heredocs(s, a.heredocs()),
                    expandWord(s, a.dest()), orNull(s, a.chown()), orNull(s, a.chmod()), a.link(),
                    orNull(s, a.checksum()), a.keepGitDir());
            case Instruction.Run r -> new Instruction.Run(s, r.command(), r.mountOptions(), mounts(s, r.mountOptions()),
                    r.network(), r.security(), r.heredocs());
            default -> raw;
        };
    }

    /**
     * An ARG's value: its build arg, else its default expanded with {@code lookup}, else (no default) the
     * global ARG's value, else the predefined platform value; null when none. Shared with the global scope.
     */
    String argValue(Source at, String name, String defaultValue, ShellLexer.Lookup lookup, Map<String, String> global)
            throws DockerfileException {
        if (options.buildArgs().containsKey(name)) {
            return options.buildArgs().get(name);
        }
        if (defaultValue != null) {
            try {
                return lexer.processWord(defaultValue, lookup);
            } catch (ShellLexer.ExpansionException e) {
                throw DockerfileException.step(at, e.getMessage());
            }
        }
        if (global.get(name) != null) {
            return global.get(name);
        }
        return options.platformArgs().get(name);
    }

    private List<KeyValue> pairs(Source s, List<KeyValue> raw) throws DockerfileException {
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : raw) {
            out.add(new KeyValue(expandWord(s, kv.key()), expandWord(s, kv.value())));
        }
        return out;
    }

    private List<String> words(Source s, List<String> raw) throws DockerfileException {
        List<String> out = new ArrayList<>();
        for (String w : raw) {
            out.add(expandWord(s, w));
        }
        return out;
    }

    /** EXPOSE's words are split again after expansion ({@code EXPOSE $PORTS} with PORTS="80 443": two ports). */
    private List<String> splitWords(Source s, List<String> raw) throws DockerfileException {
        List<String> out = new ArrayList<>();
        for (String w : raw) {
            try {
                out.addAll(lexer.processWords(w, this::lookup));
            } catch (ShellLexer.ExpansionException e) {
                throw DockerfileException.step(s, e.getMessage());
            }
        }
        return out;
    }

    private String orNull(Source s, String word) throws DockerfileException {
        return word == null ? null : expandWord(s, word);
    }

    private List<Heredoc> heredocs(Source s, List<Heredoc> raw) throws DockerfileException {
        List<Heredoc> out = new ArrayList<>();
        for (Heredoc h : raw) {
            if (!h.expand()) {
                out.add(h);
                continue;
            }
            try {
                out.add(h.withExpandedContent(new ShellLexer('\\').processHeredoc(h.content(), this::lookup)));
            } catch (ShellLexer.ExpansionException e) {
                throw DockerfileException.step(s, e.getMessage());
            }
        }
        return out;
    }

    private List<MountSpec> mounts(Source s, List<String> options) throws DockerfileException {
        List<MountSpec> out = new ArrayList<>();
        for (String o : options) {
            List<String> failure = new ArrayList<>();
            UnaryOperator<String> expander = v -> {
                try {
                    return lexer.processWord(v, this::lookup);
                } catch (ShellLexer.ExpansionException e) {
                    failure.add(e.getMessage());
                    return v;
                }
            };
            try {
                MountSpec m = MountSpec.parse(o, expander);
                if (!failure.isEmpty()) {
                    throw DockerfileException.step(s, failure.getFirst());
                }
                out.add(m);
            } catch (MountSpec.InvalidMount e) {
                throw DockerfileException.step(s, failure.isEmpty() ? e.getMessage() : failure.getFirst());
            }
        }
        return out;
    }
}
