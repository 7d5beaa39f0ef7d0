package io.peapod.core.registries;

import io.peapod.engine.EngineException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The selection prompt podman 4.3.1 shows for an ambiguous short name: promptui's {@code Select} as
 * containers/image runs it (label "Please select an image", help line hidden, 5 rows, no search), drawn
 * byte for byte as promptui's screen buffer draws it, e.g.
 * <pre>
 * ? Please select an image:
 *   ▸ 127.0.0.1:5000/demo:latest
 *     127.0.0.1:5001/demo:latest
 * </pre>
 * with the marked row underlined and the marker bold. Keys (readline's, as promptui reads them):
 * down / Ctrl-N / {@code j} next, up / Ctrl-P / {@code k} previous, right / Ctrl-F / {@code l} a page down,
 * left / Ctrl-B / {@code h} a page up; none wraps around. Enter picks: the prompt is replaced by
 * {@code ✔ CHOICE} (green mark, faint name). Ctrl-C fails with podman's {@code ^C}, Ctrl-D or the end of
 * input with {@code ^D}, both after erasing the prompt. Other keys change nothing.
 *
 * <p>Not copied: readline echoes typed letters on the line below the list until the next redraw, and a
 * lone Escape makes podman wait for the rest of an escape sequence.
 */
public final class SelectPrompt {
    /** The rows shown at once (promptui's default Size). */
    public static final int ROWS = 5;
    public static final String LABEL = "Please select an image";

    static final String HIDE_CURSOR = "\033[?25l";
    static final String SHOW_CURSOR = "\033[?25h";
    private static final String CLEAR_LINE = "\033[2K\r";
    private static final String UP = "\033[1A";
    private static final String DOWN = "\033[1B";

    /** Keys as promptui acts on them. */
    enum Key { ENTER, NEXT, PREV, PAGE_DOWN, PAGE_UP, INTERRUPT, EOF, OTHER }

    private final List<String> items;
    /** The marked item. */
    private int cursor;
    /** The first item shown. */
    private int start;
    /** Lines drawn by the last frame (0 before the first). */
    private int height;

    public SelectPrompt(List<String> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to select");
        }
        this.items = List.copyOf(items);
    }

    /**
     * Shows the prompt on {@code terminal} (already in raw mode) until the user picks an item.
     *
     * @return the index of the item picked
     * @throws EngineException {@code ^C} or {@code ^D}, as podman fails
     */
    public int run(PromptTerminal terminal) throws IOException {
        terminal.write(HIDE_CURSOR + frame());
        while (true) {
            Key key = readKey(terminal);
            switch (key) {
                case ENTER -> {
                    terminal.write(erase() + CLEAR_LINE + "\033[32m\033[32m✔\033[0m \033[2m" + items.get(cursor)
                            + "\033[0m\r\n" + SHOW_CURSOR);
                    return cursor;
                }
                case INTERRUPT, EOF -> {
                    terminal.write(erase() + CLEAR_LINE + "\r\n" + SHOW_CURSOR);
                    throw new EngineException(key == Key.INTERRUPT ? "^C" : "^D");
                }
                case NEXT -> next();
                case PREV -> prev();
                case PAGE_DOWN -> pageDown();
                case PAGE_UP -> pageUp();
                case OTHER -> { }
            }
            terminal.write(frame());   // promptui redraws after every key, even one it ignores
        }
    }

    /** The index of the marked item. */
    int cursor() {
        return cursor;
    }

    // ---- the list (promptui's list.List) ---------------------------------------------------------

    void next() {
        if (cursor < items.size() - 1) {
            cursor++;
        }
        if (start + ROWS <= cursor) {
            start = cursor - ROWS + 1;
        }
    }

    void prev() {
        if (cursor > 0) {
            cursor--;
        }
        if (start > cursor) {
            start = cursor;
        }
    }

    /** The window moves a page down; the mark goes to the new first row, or to the last item when it is there already. */
    void pageDown() {
        int max = items.size() - ROWS;
        if (items.size() < ROWS) {
            start = 0;
        } else {
            start = Math.min(start + ROWS, max);
        }
        if (start == cursor) {
            cursor = items.size() - 1;
        } else if (start > cursor) {
            cursor = start;
        }
    }

    /** The window moves a page up; a mark below its new first row goes there. */
    void pageUp() {
        start = Math.max(start - ROWS, 0);
        if (start < cursor) {
            cursor = start;
        }
    }

    // ---- drawing (promptui's screenbuf) ------------------------------------------------------------

    /** The lines of the prompt: the label, then each shown item with its page marker (↑ more above, ↓ below). */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("\033[34m?\033[0m " + LABEL + ": ");
        int end = Math.min(start + ROWS, items.size());
        for (int i = start; i < end; i++) {
            String page = " ";
            if (i == start) {
                page = start > 0 ? "↑" : " ";
            } else if (i == end - 1 && end < items.size()) {
                page = "↓";
            }
            String item = items.get(i);
            lines.add(page + " " + (i == cursor ? "\033[1m▸\033[0m \033[4m" + item + "\033[0m" : "  " + item));
        }
        return lines;
    }

    /**
     * A frame: the first is written line by line; later ones go back up over the last and overwrite it in
     * place, clearing lines it no longer needs, so the cursor ends below the prompt either way.
     */
    private String frame() {
        List<String> lines = lines();
        StringBuilder sb = new StringBuilder(UP.repeat(height));
        int previous = height;
        for (int i = 0; i < lines.size(); i++) {
            sb.append(CLEAR_LINE).append(lines.get(i));
            if (i < previous) {
                sb.append(DOWN);
            } else {
                sb.append("\r\n");
                height++;
            }
        }
        for (int i = lines.size(); i < previous; i++) {
            sb.append(CLEAR_LINE).append(DOWN);
        }
        return sb.toString();
    }

    /** Goes up over the prompt clearing each line, ready for the last line podman prints there. */
    private String erase() {
        String s = (UP + CLEAR_LINE).repeat(height);
        height = 0;
        return s;
    }

    // ---- keys (readline's) -------------------------------------------------------------------------

    static Key readKey(PromptTerminal in) throws IOException {
        return key(in.read(), in);
    }

    /** The key that starts with byte {@code b}; {@code in} gives the rest of an escape sequence. */
    private static Key key(int b, PromptTerminal in) throws IOException {
        return switch (b) {
            case -1, 4 -> Key.EOF;              // end of input, Ctrl-D
            case '\r', '\n' -> Key.ENTER;
            case 3 -> Key.INTERRUPT;            // Ctrl-C (raw mode: no SIGINT)
            case 14, 'j' -> Key.NEXT;           // Ctrl-N
            case 16, 'k' -> Key.PREV;           // Ctrl-P
            case 6, 'l' -> Key.PAGE_DOWN;       // Ctrl-F
            case 2, 'h' -> Key.PAGE_UP;         // Ctrl-B
            case 033 -> escape(in);
            default -> Key.OTHER;
        };
    }

    /** After Escape: a cursor key ({@code ESC [ A} or, in application mode, {@code ESC O A}), or a key of its own. */
    private static Key escape(PromptTerminal in) throws IOException {
        int b = in.read();
        if (b != '[' && b != 'O') {
            return key(b, in);
        }
        int last;
        do {   // parameters and intermediates up to the final byte (ESC [ 1 ; 5 A is Ctrl-Up)
            last = in.read();
            if (last == -1) {
                return Key.EOF;
            }
        } while (last < 0x40 || last > 0x7e);
        return switch (last) {
            case 'A' -> Key.PREV;
            case 'B' -> Key.NEXT;
            case 'C' -> Key.PAGE_DOWN;
            case 'D' -> Key.PAGE_UP;
            default -> Key.OTHER;
        };
    }
}
