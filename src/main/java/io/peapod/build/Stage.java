package io.peapod.build;

import java.util.List;

/**
 * One build stage: its FROM (as written) and the instructions after it, up to the next FROM. {@code index}
 * counts from 0, as {@code COPY --from=0} does.
 */
public record Stage(int index, Instruction.From from, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** The {@code AS} name (lower case), or null. */
    public String name() {
        return from.stageName();
    }

    /** The name, else the index, as podman names stages. */
    public String displayName() {
        return name() != null ? name() : Integer.toString(index);
    }
}
