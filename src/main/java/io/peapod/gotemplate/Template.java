package io.peapod.gotemplate;

import java.util.List;
import java.util.Map;

/**
 * A parsed Go text/template. Parse once, execute many times (one execution per row in podman's
 * table output). Immutable and thread-safe; each execution keeps its own state.
 *
 * <pre>{@code
 * Template t = Template.parse("{{.ID}}\t{{.Names | join \",\"}}\n");
 * String row = t.render(Map.of("ID", "abc", "Names", List.of("a", "b")));
 * }</pre>
 */
public final class Template {
    /** Name used in error messages when none is given, as in "template: output:1: ...". */
    public static final String DEFAULT_NAME = "output";

    private final String name;
    private final String source;
    private final List<Node> root;
    private final Map<String, List<Node>> defines;

    private Template(String name, String source, List<Node> root, Map<String, List<Node>> defines) {
        this.name = name;
        this.source = source;
        this.root = root;
        this.defines = defines;
    }

    public static Template parse(String text) throws TemplateException {
        return parse(DEFAULT_NAME, text);
    }

    /** Parses with a template name; podman names templates after the command ("ps", "images"). */
    public static Template parse(String name, String text) throws TemplateException {
        Parser p = Parser.parse(name, text);
        return new Template(name, text, List.copyOf(p.root), Map.copyOf(p.defines));
    }

    public void execute(Object data, Appendable out) throws TemplateException {
        try {
            new Exec(this, out).run(data, root);
        } catch (Exec.Failure f) {
            throw new TemplateException(f.getMessage(), f.getCause());
        } catch (StackOverflowError e) {
            throw new TemplateException("template: " + name + ": exceeded maximum template depth", e);
        }
    }

    public String render(Object data) throws TemplateException {
        StringBuilder sb = new StringBuilder();
        execute(data, sb);
        return sb.toString();
    }

    public String name() {
        return name;
    }

    String source() {
        return source;
    }

    Map<String, List<Node>> defines() {
        return defines;
    }
}
