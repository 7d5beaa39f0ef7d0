package io.peapod.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Containerfile resolved for one build: the global ARGs' values, each stage's FROM expanded with them (an
 * image, or an earlier stage of that name), what each stage takes from other stages ({@code COPY --from},
 * {@code RUN --mount=from=}), and which stages the target needs: the builder can skip the rest.
 */
public final class BuildPlan {
    /**
     * A stage's FROM resolved: {@code image} the expanded name (or "scratch"), {@code baseStage} the index of
     * the earlier stage it names, if any; {@code platform} the expanded {@code --platform} or null;
     * {@code dependsOn} the earlier stages it uses (its base included).
     */
    public record ResolvedStage(Stage stage, String image, Optional<Integer> baseStage, String platform,
                                Set<Integer> dependsOn) {
        public boolean scratch() {
            return baseStage.isEmpty() && image.equalsIgnoreCase("scratch");
        }
    }

    /** What a {@code --from} names: an earlier stage, or else an image to pull. */
    public sealed interface FromRef {
        record StageRef(int index) implements FromRef {
        }

        record ImageRef(String image) implements FromRef {
        }
    }

    private final Dockerfile dockerfile;
    private final BuildOptions options;
    private final Map<String, String> globalArgs;
    private final List<ResolvedStage> stages;
    private final int target;
    private final List<Integer> needed;

    private BuildPlan(Dockerfile dockerfile, BuildOptions options, Map<String, String> globalArgs,
                      List<ResolvedStage> stages, int target, List<Integer> needed) {
        this.dockerfile = dockerfile;
        this.options = options;
        this.globalArgs = globalArgs;
        this.stages = stages;
        this.target = target;
        this.needed = needed;
    }

    static BuildPlan of(Dockerfile df, BuildOptions options, String targetName) throws DockerfileException {
        Map<String, String> global = new LinkedHashMap<>();
        StageScope globalScope = new StageScope(df.escape(), options, Map.of(), Map.of());
        Map<String, String> platform = options.platformArgs();
        ShellLexer.Lookup fromLookup = name -> global.get(name) != null ? global.get(name) : platform.get(name);
        for (Instruction.Arg a : df.globalArgs()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (ArgDecl d : a.args()) {
                String name = word(df, a.source(), d.name(), fromLookup);
                // a repeated global `ARG NAME` keeps the earlier value
                values.put(name, globalScope.argValue(a.source(), name, d.defaultValue(), fromLookup, global));
            }
            global.putAll(values);
        }

        List<ResolvedStage> resolved = new ArrayList<>();
        for (Stage st : df.stages()) {
            Instruction.From from = st.from();
            String image = word(df, from.source(), from.image(), fromLookup);
            if (image.isEmpty()) {
                throw DockerfileException.plain(from.source(), "determining starting point for build: no FROM statement found");
            }
            String plat = from.platform() == null ? null : word(df, from.source(), from.platform(), fromLookup);
            Optional<Integer> base = df.stage(image, st.index()).filter(s -> s.name() != null
                    && s.name().equals(image.toLowerCase(Locale.ROOT))).map(Stage::index);
            Set<Integer> deps = new TreeSet<>();
            base.ifPresent(deps::add);
            for (String ref : fromReferences(df, st, options, global)) {
                if (resolveFrom(df, st.index(), ref) instanceof FromRef.StageRef(int index)) {
                    deps.add(index);
                }
            }
            resolved.add(new ResolvedStage(st, image, base, plat, Collections.unmodifiableSet(deps)));
        }

        int target = df.stages().size() - 1;
        if (targetName != null && !targetName.isEmpty()) {
            String lower = targetName.toLowerCase(Locale.ROOT);
            target = -1;
            for (Stage st : df.stages()) {
                if (lower.equals(st.name())) {
                    target = st.index(); // the last stage of that name, as buildah
                }
            }
            if (target < 0) {
                throw new DockerfileException(DockerfileException.Kind.PLAIN, df.file(), 0, null,
                        "The target \"" + targetName + "\" was not found in the provided Dockerfile");
            }
        }
        Set<Integer> need = new TreeSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (need.add(i)) {
                todo.addAll(resolved.get(i).dependsOn());
            }
        }
        return new BuildPlan(df, options, Collections.unmodifiableMap(global), List.copyOf(resolved), target,
                List.copyOf(need));
    }

    private static String word(Dockerfile df, Source at, String word, ShellLexer.Lookup lookup) throws DockerfileException {
        try {
            return new ShellLexer(df.escape()).processWord(word, lookup);
        } catch (ShellLexer.ExpansionException e) {
            throw DockerfileException.step(at, e.getMessage());
        }
    }

    /**
     * The {@code --from} values of a stage's COPY and RUN mounts, expanded with the stage's ARGs (its ENVs
     * depend on the base image, unknown here: a reference through an ENV is seen unexpanded).
     */
    private static List<String> fromReferences(Dockerfile df, Stage st, BuildOptions options, Map<String, String> global) {
        StageScope scope = new StageScope(df.escape(), options, global, Map.of());
        List<String> refs = new ArrayList<>();
        for (Instruction i : st.instructions()) {
            Instruction e;
            try {
                e = i instanceof Instruction.Arg || i instanceof Instruction.Copy || i instanceof Instruction.Run
                        ? scope.expand(i) : i;
            } catch (DockerfileException x) {
                e = i; // reported when the builder expands it
            }
            if (e instanceof Instruction.Copy c && c.from() != null) {
                refs.add(c.from());
            } else if (e instanceof Instruction.Run r) {
                r.mounts().stream().map(MountSpec::from).filter(f -> !f.isEmpty()).forEach(refs::add);
            }
        }
        return refs;
    }

    /**
     * What {@code --from=ref} in stage {@code stageIndex} names: an earlier stage by name (case-insensitive)
     * or index, else an image. A stage cannot name itself or a later one (those names are taken as images, as
     * podman does; pulling them then fails with {@link #noStageOrImage}'s message).
     */
    public static FromRef resolveFrom(Dockerfile df, int stageIndex, String ref) {
        return df.stage(ref, stageIndex).<FromRef>map(s -> new FromRef.StageRef(s.index()))
                .orElse(new FromRef.ImageRef(ref));
    }

    public FromRef resolveFrom(int stageIndex, String ref) {
        return resolveFrom(dockerfile, stageIndex, ref);
    }

    /** podman's error for a {@code --from} that is neither an earlier stage nor a pullable image. */
    public static DockerfileException noStageOrImage(Source at, String keyword, String ref) {
        return DockerfileException.plain(at, keyword + " --from=" + ref + ": no stage or image found with that name");
    }

    /** A scope for running stage {@code index}, starting from its base image's (or base stage's) environment. */
    public StageScope scope(int index, Map<String, String> baseEnv) {
        return new StageScope(dockerfile.escape(), options, globalArgs, baseEnv);
    }

    public Dockerfile dockerfile() {
        return dockerfile;
    }

    /** The global ARGs' values (null for one declared without any). */
    public Map<String, String> globalArgs() {
        return globalArgs;
    }

    public List<ResolvedStage> stages() {
        return stages;
    }

    /** The index of the stage whose image is the build's result. */
    public int target() {
        return target;
    }

    /** The stages to build for the target, in file order (the target last). */
    public List<Integer> needed() {
        return needed;
    }

    /**
     * The {@code --build-arg} names no ARG of the global scope or of a needed stage declares (and that are not
     * predefined proxy args): buildah warns "one or more build args were not consumed".
     */
    public Set<String> unusedBuildArgs() {
        Set<String> declared = new LinkedHashSet<>();
        dockerfile.globalArgs().forEach(a -> a.args().forEach(d -> declared.add(d.name())));
        for (int i : needed) {
            for (Instruction in : dockerfile.stages().get(i).instructions()) {
                if (in instanceof Instruction.Arg a) {
                    a.args().forEach(d -> declared.add(d.name()));
                }
            }
        }
        Set<String> unused = new TreeSet<>(options.buildArgs().keySet());
        unused.removeAll(declared);
        unused.removeAll(BuildOptions.PROXY_ARGS);
        return unused;
    }
}
