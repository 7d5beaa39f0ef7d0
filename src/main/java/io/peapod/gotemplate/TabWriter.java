package io.peapod.gotemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port of Go's text/tabwriter, which podman uses to align {@code table} output
 * (minwidth=12, tabwidth=2, padding=2, padchar=' ', flags=0).
 *
 * <p>Semantics (as in Go): text is split into cells terminated by '\t' (or '\v'); the last cell of
 * a line is not tab-terminated and so is not part of any column. A column block is a run of
 * consecutive lines that all have a cell in that column; its width is the widest cell plus
 * padding, at least minwidth. Widths count code points. A '\f' or a line with a single cell
 * lets buffered text be flushed early; call {@link #flush()} at the end.
 *
 * <p>Not supported: the Escape character (0xff) and FilterHTML/StripEscape flags.
 */
public final class TabWriter {
    public static final int ALIGN_RIGHT = 4;
    public static final int DISCARD_EMPTY_COLUMNS = 8;
    public static final int TAB_INDENT = 16;
    public static final int DEBUG = 32;

    /** One cell: its text, width in code points, and whether it ended with a '\t'. */
    private record Cell(String text, int width, boolean htab) {}

    private final Appendable out;
    private final int minwidth;
    private final int tabwidth;
    private final int padding;
    private final char padchar;
    private final int flags;

    private final StringBuilder cell = new StringBuilder();
    private final List<List<Cell>> lines = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();

    public TabWriter(Appendable out, int minwidth, int tabwidth, int padding, char padchar, int flags) {
        if (minwidth < 0 || tabwidth < 0 || padding < 0) throw new IllegalArgumentException("negative minwidth, tabwidth, or padding");
        this.out = out;
        this.minwidth = minwidth;
        this.tabwidth = tabwidth;
        this.padding = padding;
        this.padchar = padchar;
        // tab padding enforces left-alignment
        this.flags = padchar == '\t' ? flags & ~ALIGN_RIGHT : flags;
        lines.add(new ArrayList<>());
    }

    /** podman's report writer settings. */
    public static TabWriter podman(Appendable out) {
        return new TabWriter(out, 12, 2, 2, ' ', 0);
    }

    public void write(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\t' || ch == 0x0B || ch == '\n' || ch == '\f') {
                cell.append(s, n, i);
                n = i + 1;
                int ncells = terminateCell(ch == '\t');
                if (ch == '\n' || ch == '\f') {
                    lines.add(new ArrayList<>());
                    if (ch == '\f' || ncells == 1) {
                        // A one-cell line cannot influence later columns, so everything so far can go out.
                        flushInternal();
                        if (ch == '\f' && (flags & DEBUG) != 0) emit("---\n");
                    }
                }
            }
        }
        cell.append(s, n, s.length());
    }

    /** Formats and writes all buffered text, terminating a pending partial cell. */
    public void flush() {
        if (!cell.isEmpty()) terminateCell(false);
        flushInternal();
    }

    private int terminateCell(boolean htab) {
        String text = cell.toString();
        List<Cell> line = lines.getLast();
        line.add(new Cell(text, text.codePointCount(0, text.length()), htab));
        cell.setLength(0);
        return line.size();
    }

    private void flushInternal() {
        format(0, lines.size());
        lines.clear();
        widths.clear();
        lines.add(new ArrayList<>());
    }

    /** Go's recursive column-block formatter. */
    private void format(int line0, int line1) {
        int column = widths.size();
        for (int th = line0; th < line1; th++) {
            List<Cell> line = lines.get(th);
            if (column >= line.size() - 1) continue;
            // This line has a cell in this column: print the lines before the block, then find its end.
            writeLines(line0, th);
            line0 = th;
            int width = minwidth;
            boolean discardable = true;
            for (; th < line1; th++) {
                line = lines.get(th);
                if (column >= line.size() - 1) break;
                Cell c = line.get(column);
                width = Math.max(width, c.width + padding);
                if (c.width > 0 || c.htab) discardable = false;
            }
            if (discardable && (flags & DISCARD_EMPTY_COLUMNS) != 0) width = 0;
            widths.add(width);
            format(line0, th);
            widths.removeLast();
            line0 = th;
        }
        writeLines(line0, line1);
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            List<Cell> line = lines.get(i);
            boolean useTabs = (flags & TAB_INDENT) != 0;
            for (int j = 0; j < line.size(); j++) {
                Cell c = line.get(j);
                if (j > 0 && (flags & DEBUG) != 0) emit("|");
                if (c.text.isEmpty()) {
                    if (j < widths.size()) writePadding(c.width, widths.get(j), useTabs);
                } else {
                    useTabs = false;
                    if ((flags & ALIGN_RIGHT) == 0) {
                        emit(c.text);
                        if (j < widths.size()) writePadding(c.width, widths.get(j), false);
                    } else {
                        if (j < widths.size()) writePadding(c.width, widths.get(j), false);
                        emit(c.text);
                    }
                }
            }
            // The last buffered line has no newline (its text, if any, was terminated as a cell).
            if (i + 1 != lines.size()) emit("\n");
        }
    }

    private void writePadding(int textw, int cellw, boolean useTabs) {
        if (padchar == '\t' || useTabs) {
            if (tabwidth == 0) return; // tabs have no width: no padding possible
            cellw = (cellw + tabwidth - 1) / tabwidth * tabwidth;
            int n = cellw - textw;
            emit("\t".repeat((n + tabwidth - 1) / tabwidth));
            return;
        }
        emit(String.valueOf(padchar).repeat(cellw - textw));
    }

    private void emit(String s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
