package io.peapod.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's shell-word lexer (BuildKit's {@code frontend/dockerfile/shell}): quotes, the escape character
 * and {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-w}}, {@code ${VAR:+w}}, {@code ${VAR-w}}, {@code ${VAR+w}},
 * {@code ${VAR?w}}, {@code ${VAR:?w}}. It is not a shell: no command substitution, globbing or arithmetic;
 * what the builder expands is only the instructions' arguments (RUN's are left to the container's shell).
 */
public final class ShellLexer {
    /** Variable values: null when the variable is not set (as opposed to set and empty). */
    @FunctionalInterface
    public interface Lookup {
        String get(String name);
    }

    /** A failure to expand, with BuildKit's wording. */
    public static final class ExpansionException extends Exception {
        ExpansionException(String message) {
            super(message);
        }
    }

    private static final int EOF = -1;

    private final char escape;
    private boolean rawQuotes;
    private boolean rawEscapes;
    private boolean skipUnset;
    private boolean heredoc;

    public ShellLexer(char escape) {
        this.escape = escape;
    }

    /** Keeps quote characters in the result (used to detect quoted heredoc delimiters). */
    ShellLexer rawQuotes(boolean on) {
        rawQuotes = on;
        return this;
    }

    /** Keeps escape characters in the result. */
    ShellLexer rawEscapes(boolean on) {
        rawEscapes = on;
        return this;
    }

    /** Leaves unset variables as written instead of expanding them to nothing. */
    ShellLexer skipUnset(boolean on) {
        skipUnset = on;
        return this;
    }

    /** The word expanded, quotes removed, whitespace kept (ENV values, WORKDIR, COPY arguments...). */
    public String processWord(String word, Lookup env) throws ExpansionException {
        return new Run(word, env).process().word;
    }

    /**
     * A heredoc body of COPY/ADD whose delimiter was not quoted, as BuildKit expands it: {@code $} expansions
     * and escapes only, quotes are literal. (BuildKit uses a {@code \\} lexer for it whatever the escape
     * directive says: callers pass a lexer made with {@code '\\'}.)
     */
    public String processHeredoc(String body, Lookup env) throws ExpansionException {
        heredoc = true;
        try {
            return new Run(body, env).process().word;
        } finally {
            heredoc = false;
        }
    }

    /** The text expanded and split into words at unquoted whitespace, also inside variables' values. */
    public List<String> processWords(String text, Lookup env) throws ExpansionException {
        return new Run(text, env).process().words;
    }

    private record Result(String word, List<String> words) {
    }

    /** Word splitting: whitespace ends a word unless it came from quotes or an escape. */
    private static final class Words {
        final List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord;

        void addChar(int ch) {
            if (Character.isWhitespace(ch)) {
                if (inWord && !word.isEmpty()) {
                    words.add(word.toString());
                    word = new StringBuilder();
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            word.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            word.append(s);
            inWord = true;
        }

        List<String> get() {
            if (!word.isEmpty()) {
                words.add(word.toString());
                word = new StringBuilder();
            }
            return words;
        }
    }

    private final class Run {
        private final int[] cps;
        private int pos;
        private final Lookup env;

        Run(String text, Lookup env) {
            this.cps = text.codePoints().toArray();
            this.env = env;
        }

        private int peek() {
            return pos < cps.length ? cps[pos] : EOF;
        }

        private int next() {
            return pos < cps.length ? cps[pos++] : EOF;
        }

        Result process() throws ExpansionException {
            return processStopOn(EOF);
        }

        private Result processStopOn(int stop) throws ExpansionException {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (peek() != EOF) {
                int ch = peek();
                if (stop != EOF && ch == stop) {
                    next();
                    return new Result(result.toString(), words.get());
                }
                if (ch == '$' || !heredoc && (ch == '\'' || ch == '"')) {
                    String tmp = ch == '\'' ? singleQuote() : ch == '"' ? doubleQuote() : dollar();
                    result.append(tmp);
                    if (ch == '$') {
                        words.addString(tmp);
                    } else {
                        words.addRawString(tmp);
                    }
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.appendCodePoint(ch);
                    }
                    ch = next();
                    if (ch == EOF) {
                        break;
                    }
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stop != EOF) {
                throw new ExpansionException("unexpected end of statement while looking for matching "
                        + Character.toString(stop));
            }
            return new Result(result.toString(), words.get());
        }

        private String singleQuote() throws ExpansionException {
            StringBuilder result = new StringBuilder();
            int ch = next();
            if (rawQuotes) {
                result.appendCodePoint(ch);
            }
            while (true) {
                ch = next();
                if (ch == EOF) {
                    throw new ExpansionException("unexpected end of statement while looking for matching single-quote");
                }
                if (ch == '\'') {
                    if (rawQuotes) {
                        result.appendCodePoint(ch);
                    }
                    return result.toString();
                }
                result.appendCodePoint(ch);
            }
        }

        private String doubleQuote() throws ExpansionException {
            StringBuilder result = new StringBuilder();
            int ch = next();
            if (rawQuotes) {
                result.appendCodePoint(ch);
            }
            while (true) {
                int p = peek();
                if (p == EOF) {
                    throw new ExpansionException("unexpected end of statement while looking for matching double-quote");
                }
                if (p == '"') {
                    ch = next();
                    if (rawQuotes) {
                        result.appendCodePoint(ch);
                    }
                    return result.toString();
                }
                if (p == '$') {
                    result.append(dollar());
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    int after = peek();
                    if (after == EOF) {
                        continue; // an escape at the end of the word is dropped
                    }
                    if (after == '"' || after == '$' || after == escape) {
                        if (rawEscapes) {
                            result.appendCodePoint(ch);
                        }
                        ch = next();
                    }
                }
                result.appendCodePoint(ch);
            }
        }

        private String dollar() throws ExpansionException {
            next();
            if (peek() != '{') {
                String name = name();
                if (name.isEmpty()) {
                    return "$";
                }
                String value = env.get(name);
                if (value == null && skipUnset) {
                    return "$" + name;
                }
                return value == null ? "" : value;
            }
            next();
            int p = peek();
            if (p == EOF) {
                throw new ExpansionException("syntax error: missing '}'");
            }
            if (p == '{' || p == '}' || p == ':') {
                throw new ExpansionException("syntax error: bad substitution");
            }
            String name = name();
            int ch = next();
            switch (ch) {
                case '}' -> {
                    String value = env.get(name);
                    if (value == null && skipUnset) {
                        return "${" + name + "}";
                    }
                    return value == null ? "" : value;
                }
                case '?' -> {
                    String word = modifierWord();
                    String value = env.get(name);
                    if (value == null) {
                        if (skipUnset) {
                            return "${" + name + "?" + word + "}";
                        }
                        throw new ExpansionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    }
                    return value;
                }
                case '+', '-' -> {
                    // BuildKit's unset-only forms: ${VAR-word}, ${VAR+word} (podman 4.3.1's imagebuilder lacks them)
                    String word = modifierWord();
                    String value = env.get(name);
                    if (ch == '+') {
                        return value != null ? word : "";
                    }
                    return value != null ? value : word;
                }
                case ':' -> {
                    int modifier = next();
                    String word = modifierWord();
                    String value = env.get(name);
                    switch (modifier) {
                        case '+' -> {
                            return value != null && !value.isEmpty() ? word : "";
                        }
                        case '-' -> {
                            return value == null || value.isEmpty() ? word : value;
                        }
                        case '?' -> {
                            if (value == null) {
                                throw new ExpansionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                            }
                            if (value.isEmpty()) {
                                throw new ExpansionException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                            }
                            return value;
                        }
                        default -> throw new ExpansionException("unsupported modifier (" + (modifier == EOF ? "" : Character.toString(modifier))
                                + ") in substitution");
                    }
                }
                default -> throw new ExpansionException("missing ':' in substitution");
            }
        }

        /** The word of a {@code ${VAR<op>word}} up to its brace; it may hold further expansions. */
        private String modifierWord() throws ExpansionException {
            try {
                return processStopOn('}').word;
            } catch (ExpansionException e) {
                if (peek() == EOF) {
                    throw new ExpansionException("syntax error: missing '}'");
                }
                throw e;
            }
        }

        private String name() {
            StringBuilder name = new StringBuilder();
            while (peek() != EOF) {
                int ch = peek();
                if (name.isEmpty() && Character.isDigit(ch)) {
                    while (peek() != EOF && Character.isDigit(peek())) {
                        name.appendCodePoint(next());
                    }
                    return name.toString();
                }
                if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                    return Character.toString(next());
                }
                if (!Character.isLetterOrDigit(ch) && ch != '_') {
                    break;
                }
                name.appendCodePoint(next());
            }
            return name.toString();
        }
    }
}
