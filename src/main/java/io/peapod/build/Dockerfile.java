package io.peapod.build;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed Containerfile: its parser directives ({@code escape}, {@code syntax} or null), the ARGs before
 * the first FROM (usable in FROM lines only, and by stages that redeclare them) and the stages.
 */
public record Dockerfile(String file, char escape, String syntax, List<Instruction.Arg> globalArgs, List<Stage> stages) {
    public Dockerfile {
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
    }

    /**
     * The stage named {@code ref} (case-insensitively; the last of that name when repeated), else the one
     * at index {@code ref}. Only stages before {@code before} count, as only those are built when it is
     * (pass {@code stages().size()} for all).
     */
    public Optional<Stage> stage(String ref, int before) {
        String lower = ref.toLowerCase(Locale.ROOT);
        for (int i = Math.min(before, stages.size()) - 1; i >= 0; i--) {
            if (lower.equals(stages.get(i).name())) {
                return Optional.of(stages.get(i));
            }
        }
        if (ref.matches("\\d{1,9}")) {
            int index = Integer.parseInt(ref);
            if (index < Math.min(before, stages.size())) {
                return Optional.of(stages.get(index));
            }
        }
        return Optional.empty();
    }

    /** Resolves the FROM lines and which stages {@code target} (null: the last stage) needs. */
    public BuildPlan plan(BuildOptions options, String target) throws DockerfileException {
        return BuildPlan.of(this, options, target);
    }
}
