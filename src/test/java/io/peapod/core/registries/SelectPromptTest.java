package io.peapod.core.registries;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The short-name prompt driven by scripted key bytes. The expected bytes are podman 4.3.1's, captured from
 * {@code podman pull demo} in a pty with two unqualified-search registries (less readline's echo of the
 * typed keys and its {@code ESC[J} after each frame).
 */
class SelectPromptTest {
    private static final List<String> TWO = List.of("127.0.0.1:5611/demo:latest", "127.0.0.1:5612/demo:latest");
    private static final List<String> SEVEN = List.of("127.0.0.1:5611/demo:latest", "127.0.0.1:5612/demo:latest",
            "127.0.0.1:5613/demo:latest", "127.0.0.1:5614/demo:latest", "127.0.0.1:5615/demo:latest",
            "127.0.0.1:5616/demo:latest", "127.0.0.1:5617/demo:latest");
    private static final String DOWN = "\033[B";
    private static final String UP = "\033[A";
    private static final String RIGHT = "\033[C";
    private static final String LEFT = "\033[D";

    /** Keys from a script, drawing into a buffer. */
    private static final class Scripted implements PromptTerminal {
        final ByteArrayInputStream keys;
        final StringBuilder screen = new StringBuilder();

        Scripted(String keys) {
            this.keys = new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int read() {
            return keys.read();
        }

        @Override
        public void write(String text) {
            screen.append(text);
        }

        /** What is on screen at the end, one string per line, with escape sequences left out. */
        String plain() {
            return Pattern.compile("\033\\[[0-9;?]*[A-Za-z]").matcher(screen).replaceAll("");
        }
    }

    private static int pick(List<String> items, String keys) throws IOException {
        return new SelectPrompt(items).run(new Scripted(keys));
    }

    @Test
    void drawsPodmansPromptAndReplacesItWithTheChoice() throws IOException {
        Scripted t = new Scripted(DOWN + "\r");
        assertThat(new SelectPrompt(TWO).run(t)).isEqualTo(1);
        String first = "\033[?25l"
                + "\033[2K\r\033[34m?\033[0m Please select an image: \r\n"
                + "\033[2K\r  \033[1m▸\033[0m \033[4m127.0.0.1:5611/demo:latest\033[0m\r\n"
                + "\033[2K\r    127.0.0.1:5612/demo:latest\r\n";
        String redraw = "\033[1A\033[1A\033[1A"
                + "\033[2K\r\033[34m?\033[0m Please select an image: \033[1B"
                + "\033[2K\r    127.0.0.1:5611/demo:latest\033[1B"
                + "\033[2K\r  \033[1m▸\033[0m \033[4m127.0.0.1:5612/demo:latest\033[0m\033[1B";
        String chosen = "\033[1A\033[2K\r\033[1A\033[2K\r\033[1A\033[2K\r"
                + "\033[2K\r\033[32m\033[32m✔\033[0m \033[2m127.0.0.1:5612/demo:latest\033[0m\r\n\033[?25h";
        assertThat(t.screen.toString()).isEqualTo(first + redraw + chosen);
    }

    @Test
    void enterAtOncePicksTheFirstCandidate() throws IOException {
        assertThat(pick(TWO, "\r")).isZero();
        assertThat(pick(TWO, "\n")).isZero();
    }

    @Test
    void readlinesKeysMoveTheMarkWithoutWrappingAround() throws IOException {
        assertThat(pick(TWO, "j\r")).isEqualTo(1);
        assertThat(pick(TWO, "jk\r")).isZero();
        assertThat(pick(TWO, "\016\r")).isEqualTo(1);            // Ctrl-N
        assertThat(pick(TWO, "\016\020\r")).isZero();            // Ctrl-N, Ctrl-P
        assertThat(pick(TWO, UP + "\r")).isZero();               // already at the top
        assertThat(pick(TWO, DOWN + DOWN + DOWN + "\r")).isEqualTo(1);   // already at the bottom
        assertThat(pick(TWO, "\033OB\r")).isEqualTo(1);          // application cursor mode
        assertThat(pick(TWO, "\033[1;5B\r")).isEqualTo(1);       // Ctrl-Down
        assertThat(pick(SEVEN, "jjj" + UP + "\r")).isEqualTo(2);
    }

    @Test
    void keysItDoesNotKnowChangeNothing() throws IOException {
        Scripted t = new Scripted("xq /\t\177\033[5~" + "\r");
        assertThat(new SelectPrompt(TWO).run(t)).isZero();
        assertThat(t.plain()).endsWith("✔ 127.0.0.1:5611/demo:latest\r\n");
        assertThat(pick(TWO, "\033j\r")).isEqualTo(1);   // Escape then j: j
    }

    @Test
    void pagesMoveByFiveRowsAndMarkTheEndsOfTheWindow() throws IOException {
        // right / l / Ctrl-F a page down: on a list that fits, to the last item; left / h / Ctrl-B back to the first
        assertThat(pick(TWO, RIGHT + "\r")).isEqualTo(1);
        assertThat(pick(TWO, "l\r")).isEqualTo(1);
        assertThat(pick(TWO, "\006\r")).isEqualTo(1);
        assertThat(pick(TWO, "j" + LEFT + "\r")).isZero();
        assertThat(pick(TWO, "jh\r")).isZero();
        assertThat(pick(TWO, "j\002\r")).isZero();
        assertThat(pick(SEVEN, "l\r")).isEqualTo(2);     // window 2..6, mark on its first row
        assertThat(pick(SEVEN, "ll\r")).isEqualTo(6);    // already there: the last item
        assertThat(pick(SEVEN, "llh\r")).isZero();
        assertThat(pick(SEVEN, "jjjjjj" + "\r")).isEqualTo(6);
    }

    @Test
    void aLongListScrollsWithArrowsAtItsEdgesAsPodmanDraws() {
        SelectPrompt p = new SelectPrompt(SEVEN);
        String label = "\033[34m?\033[0m Please select an image: ";
        String mark = "\033[1m▸\033[0m \033[4m";
        assertThat(p.lines()).containsExactly(label, "  " + mark + SEVEN.get(0) + "\033[0m", "    " + SEVEN.get(1),
                "    " + SEVEN.get(2), "    " + SEVEN.get(3), "↓   " + SEVEN.get(4));
        for (int i = 0; i < 4; i++) {
            p.next();
        }
        assertThat(p.lines().getLast()).isEqualTo("↓ " + mark + SEVEN.get(4) + "\033[0m");
        p.next();
        assertThat(p.lines()).containsExactly(label, "↑   " + SEVEN.get(1), "    " + SEVEN.get(2),
                "    " + SEVEN.get(3), "    " + SEVEN.get(4), "↓ " + mark + SEVEN.get(5) + "\033[0m");
        p.next();
        p.prev();
        assertThat(p.lines()).containsExactly(label, "↑   " + SEVEN.get(2), "    " + SEVEN.get(3),
                "    " + SEVEN.get(4), "  " + mark + SEVEN.get(5) + "\033[0m", "    " + SEVEN.get(6));
    }

    @Test
    void ctrlCFailsWithPodmansErrorAfterErasingThePrompt() {
        Scripted t = new Scripted("j\003");
        assertThatThrownBy(() -> new SelectPrompt(TWO).run(t)).isInstanceOf(EngineException.class).hasMessage("^C");
        assertThat(t.screen.toString()).endsWith("\033[1B"
                + "\033[1A\033[2K\r\033[1A\033[2K\r\033[1A\033[2K\r\033[2K\r\r\n\033[?25h");
    }

    @Test
    void ctrlDOrTheEndOfInputFailsWithCaretD() {
        assertThatThrownBy(() -> pick(TWO, "\004")).isInstanceOf(EngineException.class).hasMessage("^D");
        assertThatThrownBy(() -> pick(TWO, "jj")).isInstanceOf(EngineException.class).hasMessage("^D");
        assertThatThrownBy(() -> pick(TWO, "\033[")).isInstanceOf(EngineException.class).hasMessage("^D");
    }
}
