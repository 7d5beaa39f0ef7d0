package io.peapod.core.registries;

import java.io.IOException;

/**
 * The terminal a {@link SelectPrompt} talks to: key bytes in, screen bytes out. The real one is
 * {@link TtyPromptTerminal}; tests script the keys and read back what was drawn.
 */
public interface PromptTerminal {

    /** The next byte the user typed, or -1 when input has ended. */
    int read() throws IOException;

    /** Draws {@code text} (escape sequences included) at once. */
    void write(String text) throws IOException;
}
