package io.peapod.cli;

import io.peapod.engine.EngineException;
import io.peapod.gotemplate.Formats;
import io.peapod.gotemplate.TabWriter;
import io.peapod.gotemplate.Template;
import io.peapod.gotemplate.TemplateException;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Printing rows the way podman's report package does: a {@code --format} Go template per row
 * ({@code table} adds a header row made by running the same template over the column names, and
 * aligns columns with a tabwriter), or {@code json}.
 */
final class Output {
    private Output() {}

    /**
     * Prints {@code rows} with {@code format}; {@code fields} are the row fields in order, used to
     * build the header row, with {@code headerOverrides} for podman's special column names.
     */
    static void rows(PrintStream out, String format, List<? extends Map<String, Object>> rows, List<String> fields,
                     Map<String, String> headerOverrides, boolean noHeading) {
        boolean table = Formats.isTable(format);
        Template t = parse(Formats.normalize(format));
        StringBuilder text = new StringBuilder();
        try {
            if (table && !noHeading) {
                Map<String, Object> headers = new LinkedHashMap<>();
                for (String f : fields) {
                    headers.put(f, Formats.headerFor(f, headerOverrides));
                }
                t.execute(headers, text);
            }
            for (Map<String, Object> row : rows) {
                t.execute(row, text);
            }
        } catch (TemplateException e) {
            throw new EngineException(e.getMessage());
        }
        if (table) {
            StringBuilder aligned = new StringBuilder();
            TabWriter w = TabWriter.podman(aligned);
            w.write(text.toString());
            w.flush();
            out.print(aligned);
        } else {
            out.print(text);
        }
    }

    /** Renders one value with a template ({@code inspect --format}), adding the newline podman adds. */
    static void one(PrintStream out, String format, Object value) {
        Template t = parse(Formats.normalize(format));
        try {
            out.print(t.render(value));
        } catch (TemplateException e) {
            throw new EngineException(e.getMessage());
        }
    }

    static void json(PrintStream out, Object value) {
        out.println(GoJson.indent(value));
    }

    /** {@code inspect}'s JSON: podman indents it with five spaces, unlike its listings. */
    static void inspectJson(PrintStream out, Object value) {
        out.println(GoJson.indent(value, "     "));
    }

    static boolean isJson(String format) {
        return format.trim().equals("json");
    }

    private static Template parse(String format) {
        try {
            return Template.parse(format);
        } catch (TemplateException e) {
            throw new EngineException(e.getMessage());
        }
    }
}
