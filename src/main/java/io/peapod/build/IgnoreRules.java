package io.peapod.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code .containerignore}/{@code .dockerignore} file, with moby/patternmatcher's semantics (what buildah
 * uses): {@code ignorefile.ReadAll} (comment lines skipped, blanks trimmed, patterns cleaned of {@code ./} and a
 * leading {@code /}), then {@code patternmatcher.New} and {@code MatchesOrParentMatches}: {@code !} exceptions,
 * {@code **} crossing directories, {@code *}/{@code ?}/{@code [...]} within one, a path excluded when it or one of
 * its parent directories matches, and the last matching rule wins.
 */
public final class IgnoreRules {
    /** No rules: nothing excluded. */
    public static final IgnoreRules NONE = new IgnoreRules(List.of(), List.of());

    private enum MatchType { EXACT, PREFIX, SUFFIX, REGEXP }

    /** One compiled line: moby's {@code Pattern}. */
    private record Rule(String cleaned, boolean exception, MatchType type, Pattern regexp) {
        boolean matches(String path) {
            return switch (type) {
                case EXACT -> path.equals(cleaned);
                case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
                case SUFFIX -> {
                    String suffix = cleaned.substring(2);
                    // "**/foo" also matches "foo" itself.
                    yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
                }
                case REGEXP -> regexp.matcher(path).matches();
            };
        }
    }

    private final List<String> patterns;
    private final List<Rule> rules;

    private IgnoreRules(List<String> patterns, List<Rule> rules) {
        this.patterns = patterns;
        this.rules = rules;
    }

    /**
     * Parses an ignore file's text.
     *
     * @throws BuildContextException buildah's "processing excludes list [p1 p2]: illegal exclusion pattern: \"!\""
     *         or "...: syntax error in pattern" for a malformed pattern
     */
    public static IgnoreRules parse(String text) {
        List<String> patterns = readAll(text);
        List<Rule> rules = new ArrayList<>();
        for (String p : patterns) {
            try {
                Rule rule = compile(p);
                if (rule != null) {
                    rules.add(rule);
                }
            } catch (IllegalArgumentException e) {
                throw new BuildContextException("processing excludes list [" + String.join(" ", patterns) + "]: "
                        + e.getMessage());
            }
        }
        return new IgnoreRules(List.copyOf(patterns), List.copyOf(rules));
    }

    /** The patterns as buildah passes them on (after {@code ReadAll}'s cleaning), exceptions with their "!". */
    public List<String> patterns() {
        return patterns;
    }

    /** Whether there are no rules at all. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether a path relative to the context root ("/"-separated; a leading "/" or "./" is ignored) is excluded. */
    public boolean excluded(String relativePath) {
        String file = GoPath.clean(relativePath.replaceFirst("^/+", ""));
        if (file.equals(".") || rules.isEmpty()) {
            return false;
        }
        int slash = file.lastIndexOf('/');
        String parent = slash < 0 ? "." : file.substring(0, slash);
        String[] parentDirs = parent.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            // An inclusion only matters while unmatched, an exception only once matched.
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.matches(file);
            if (!match && !parent.equals(".")) {
                StringBuilder prefix = new StringBuilder();
                for (String dir : parentDirs) {
                    if (!prefix.isEmpty()) {
                        prefix.append('/');
                    }
                    prefix.append(dir);
                    if (rule.matches(prefix.toString())) {
                        match = true;
                        break;
                    }
                }
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /**
     * Whether an excluded directory must still be walked because an exception may re-include something in it:
     * buildah's copier rule, some {@code !} pattern (trimmed of "/") starting with the directory's path. So
     * {@code !dir/keep} opens {@code dir}, but {@code !*}{@code /keep} opens nothing (as in podman).
     */
    public boolean mayIncludeUnder(String relativeDir) {
        String dir = trimSlashes(relativeDir);
        for (Rule rule : rules) {
            if (rule.exception() && trimSlashes(rule.cleaned()).startsWith(dir)) {
                return true;
            }
        }
        return false;
    }

    /** Whether there is any {@code !} rule. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("^/+|/+$", "");
    }

    /** moby/patternmatcher/ignorefile.ReadAll. */
    static List<String> readAll(String text) {
        List<String> out = new ArrayList<>();
        boolean first = true;
        for (String line : text.split("\r?\n", -1)) {
            if (first && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            first = false;
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = goTrimSpace(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = goTrimSpace(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = GoPath.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            out.add(invert ? "!" + pattern : pattern);
        }
        return out;
    }

    /** Go's strings.TrimSpace (ASCII and Unicode white space). */
    private static String goTrimSpace(String s) {
        return s.strip();
    }

    /** patternmatcher.New's handling of one pattern plus Pattern.compile: null for a blank one. */
    private static Rule compile(String p) {
        p = goTrimSpace(p);
        if (p.isEmpty()) {
            return null;
        }
        p = GoPath.clean(p);
        boolean exception = false;
        if (p.charAt(0) == '!') {
            if (p.length() == 1) {
                throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
            }
            exception = true;
            p = p.substring(1);
        }
        try {
            GoPath.match(p, ".");
        } catch (GoPath.BadPatternException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        StringBuilder re = new StringBuilder("^");
        MatchType type = MatchType.EXACT;
        int[] cps = p.codePoints().toArray();
        boolean inClass = false;
        for (int i = 0; i < cps.length; i++) {
            int ch = cps[i];
            boolean atStart = i == 0;
            if (ch == '*') {
                if (i + 1 < cps.length && cps[i + 1] == '*') {
                    i++;
                    // "**/" is "**": the "/" is eaten.
                    if (i + 1 < cps.length && cps[i + 1] == '/') {
                        i++;
                    }
                    if (i + 1 >= cps.length) {
                        // A trailing "**" matches everything below, as in .gitignore.
                        if (type == MatchType.EXACT) {
                            type = MatchType.PREFIX;
                        } else {
                            re.append(".*");
                            type = MatchType.REGEXP;
                        }
                    } else {
                        re.append("(.*/)?");
                        type = MatchType.REGEXP;
                    }
                    if (atStart) {
                        type = MatchType.SUFFIX;
                    }
                } else {
                    re.append("[^/]*");
                    type = MatchType.REGEXP;
                }
            } else if (ch == '?') {
                re.append("[^/]");
                type = MatchType.REGEXP;
            } else if (".+()|{}$".indexOf(ch) >= 0) {
                re.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (i + 1 < cps.length) {
                    i++;
                    appendEscaped(re, cps[i]);
                } else {
                    re.append("\\\\");
                }
                type = MatchType.REGEXP;   // an escaped character is not compared as written
            } else if (ch == '[' || ch == ']') {
                if (ch == '[' && inClass) {
                    re.append("\\[");   // literal inside a class for Go's RE2; Java would nest it
                } else {
                    re.appendCodePoint(ch);
                    inClass = ch == '[';
                }
                type = MatchType.REGEXP;
            } else if (ch == '&' && inClass) {
                re.append("\\&");       // Java's "&&" intersection is literal text for RE2
            } else {
                re.appendCodePoint(ch);
            }
        }
        if (type != MatchType.REGEXP) {
            return new Rule(p, exception, type, null);
        }
        re.append('$');
        try {
            return new Rule(p, exception, type, Pattern.compile(re.toString()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription());
        }
    }

    /** moby keeps "\x" as a regexp escape; letters and digits are literal here (RE2 rejects most of them anyway). */
    private static void appendEscaped(StringBuilder re, int ch) {
        if (Character.isLetterOrDigit(ch)) {
            re.appendCodePoint(ch);
        } else {
            re.append('\\').appendCodePoint(ch);
        }
    }
}
