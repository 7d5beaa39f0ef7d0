package io.peapod.build;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Containerfile text into {@link Dockerfile}: BuildKit's line parser (parser directives, the escape
 * character's line continuations, comments and blank lines inside continuations, heredoc bodies), then each
 * instruction's arguments (exec vs shell form, flags, key=value pairs). Nothing is expanded here: that needs
 * the stage's ARG and ENV values ({@link StageScope}, {@link BuildPlan}).
 *
 * <p>Errors follow podman 4.3.1: what its parser refuses before building anything is reported first, even
 * when a step error (reported only on reaching that step) comes earlier in the file.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
    private static final Set<String> DIRECTIVES = Set.of("escape", "syntax", "check");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");

    private final String file;
    private final String[] lines;
    private int next;
    private char escape = '\\';
    private String syntax;
    private boolean directivesDone;
    private final Set<String> directivesSeen = new HashSet<>();
    /** The first step error, thrown once the whole file has parsed (podman finds it only when building). */
    private DockerfileException stepError;

    private DockerfileParser(String file, String text) {
        this.file = file;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] split = text.split("\n", -1);
        int n = split.length;
        if (n > 0 && split[n - 1].isEmpty()) {
            n--; // the text's final line end
        }
        this.lines = new String[n];
        for (int i = 0; i < n; i++) {
            String l = split[i];
            lines[i] = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
        }
    }

    /** Parses {@code text}; {@code file} is the name errors give (podman: the path as given to build). */
    public static Dockerfile parse(String file, String text) throws DockerfileException {
        return new DockerfileParser(file, text).parse();
    }

    /**
     * One ONBUILD trigger of a base image (its config's {@code OnBuild} entry), to run at the start of a
     * stage built from it. {@code file} names the image for errors.
     */
    public static Instruction parseTrigger(String file, String trigger) throws DockerfileException {
        DockerfileParser p = new DockerfileParser(file, "");
        Instruction i = p.instruction(trigger, 0, 0, false);
        if (p.stepError != null) {
            throw p.stepError;
        }
        if (i instanceof Instruction.Onbuild || i instanceof Instruction.From || i instanceof Instruction.Maintainer) {
            throw DockerfileException.step(i.source(), i.keyword() + " isn't allowed as an ONBUILD trigger");
        }
        return i;
    }

    private Dockerfile parse() throws DockerfileException {
        List<Instruction> all = new ArrayList<>();
        while (next < lines.length) {
            String raw = lines[next++];
            int lineNo = next;
            String first = stripLeadingSpace(raw);
            if (!directivesDone) {
                directive(first, lineNo);
            }
            if (isComment(first)) {
                continue;
            }
            String[] cont = trimContinuation(first);
            String line = cont[0];
            boolean end = cont[1] == null;
            if (end && line.isEmpty()) {
                continue;
            }
            while (!end && next < lines.length) {
                String l = lines[next++];
                if (isComment(stripLeadingSpace(l)) || stripLeadingSpace(l).isEmpty()) {
                    continue; // comments and empty lines inside a continuation are dropped
                }
                cont = trimContinuation(l);
                line += cont[0];
                end = cont[1] == null;
            }
            if (trimSpace(line).isEmpty()) {
                continue; // only an escape character and blank or comment lines
            }
            Instruction i = instruction(line, lineNo, next, true);
            if (i != null) {
                all.add(i);
            }
        }
        return group(all);
    }

    /** Parser directives: only at the very top, each once, ended by the first other line. */
    private void directive(String line, int lineNo) throws DockerfileException {
        Matcher m = DIRECTIVE.matcher(line);
        if (!m.matches() || !DIRECTIVES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
            directivesDone = true;
            return;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        Source at = new Source(file, lineNo, lineNo, line);
        if (!directivesSeen.add(name)) {
            throw DockerfileException.parse(at, "only one " + name + " parser directive can be used");
        }
        String value = m.group(2);
        switch (name) {
            case "escape" -> {
                if (!value.equals("`") && !value.equals("\\")) {
                    throw DockerfileException.parse(at, "invalid ESCAPE '" + value + "'. Must be ` or \\");
                }
                escape = value.charAt(0);
            }
            case "syntax" -> syntax = value;
            default -> {
                // "check" configures BuildKit's linter: nothing to do here
            }
        }
    }

    /** The line without a trailing escape character (and blanks after it); [1] non-null when it continues. */
    private String[] trimContinuation(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == escape) {
            return new String[]{line.substring(0, end - 1), ""};
        }
        return new String[]{line, null};
    }

    private static boolean isComment(String strippedLine) {
        return strippedLine.startsWith("#");
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u0085';
    }

    private static String stripLeadingSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String trimSpace(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    /**
     * One logical line into its instruction; reads heredoc bodies after it when {@code heredocs}. Returns
     * null for an instruction in error whose error was deferred (a step error).
     */
    private Instruction instruction(String line, int startLine, int endLine, boolean heredocs) throws DockerfileException {
        String text = trimSpace(line);
        String[] parts = Words.WHITESPACE.split(text, 2);
        String keyword = parts[0];
        String lower = keyword.toLowerCase(Locale.ROOT);
        Words.FlagSplit fs = Words.extractFlags(parts.length > 1 ? parts[1] : "");
        String args = trimSpace(fs.rest());
        List<Heredoc> docs = List.of();
        if (heredocs && HEREDOC_INSTRUCTIONS.contains(lower) && !args.isEmpty() && !isJsonForm(args)) {
            docs = readHeredocs(text, startLine);
            endLine = next;
        }
        Source src = new Source(file, startLine, endLine, text);
        try {
            return new InstructionParser(src, lower, fs.flags(), args, docs, escape, this).parse();
        } catch (InstructionParser.StepError e) {
            if (stepError == null) {
                stepError = DockerfileException.step(src, e.getMessage());
            }
            return null;
        }
    }

    private static boolean isJsonForm(String args) {
        try {
            return Words.jsonStringArray(args) != null;
        } catch (Words.NotStringArray e) {
            return true;
        }
    }

    private List<Heredoc> readHeredocs(String line, int startLine) throws DockerfileException {
        List<Heredoc> out = new ArrayList<>();
        for (Heredoc h : Heredoc.openedOn(line)) {
            StringBuilder body = new StringBuilder();
            boolean terminated = false;
            while (next < lines.length) {
                String l = lines[next++];
                String candidate = h.chomp() ? l.replaceFirst("^\\t+", "") : l;
                if (candidate.equals(h.name())) {
                    terminated = true;
                    break;
                }
                body.append(l).append('\n');
            }
            if (!terminated) {
                throw DockerfileException.parse(new Source(file, startLine, next, line), "unterminated heredoc");
            }
            out.add(h.withContent(body.toString()));
        }
        return out;
    }

    /** An ONBUILD's instruction, parsed as a line of its own (no heredocs). */
    Instruction subInstruction(Source onbuild, String rest) throws InstructionParser.StepError, DockerfileException {
        String[] parts = Words.WHITESPACE.split(trimSpace(rest), 2);
        String lower = parts[0].toLowerCase(Locale.ROOT);
        if (lower.equals("onbuild")) {
            throw new InstructionParser.StepError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        }
        if (lower.equals("from") || lower.equals("maintainer")) {
            throw new InstructionParser.StepError(parts[0].toUpperCase(Locale.ROOT) + " isn't allowed as an ONBUILD trigger");
        }
        Words.FlagSplit fs = Words.extractFlags(parts.length > 1 ? parts[1] : "");
        Source src = new Source(onbuild.file(), onbuild.line(), onbuild.endLine(), trimSpace(rest));
        return new InstructionParser(src, lower, fs.flags(), trimSpace(fs.rest()), List.of(), escape, this).parse();
    }

    /** Instructions into global ARGs and stages. */
    private Dockerfile group(List<Instruction> all) throws DockerfileException {
        List<Instruction.Arg> global = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction.From from = null;
        List<Instruction> body = new ArrayList<>();
        for (Instruction i : all) {
            if (i instanceof Instruction.From f) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from, body));
                }
                from = f;
                body = new ArrayList<>();
            } else if (from != null) {
                body.add(i);
            } else if (i instanceof Instruction.Arg a) {
                global.add(a);
            } else {
                throw DockerfileException.plain(i.source(), "no FROM statement found");
            }
        }
        if (from == null) {
            if (stepError != null) {
                throw stepError;
            }
            throw new DockerfileException(DockerfileException.Kind.PLAIN, file, 0, null,
                    all.isEmpty() ? "building: no stages to build" : "no FROM statement found");
        }
        stages.add(new Stage(stages.size(), from, body));
        if (stepError != null) {
            throw stepError;
        }
        return new Dockerfile(file, escape, syntax, global, stages);
    }
}
