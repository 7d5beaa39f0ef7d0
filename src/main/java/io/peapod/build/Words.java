package io.peapod.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The parser's word-level helpers, each a port of BuildKit's parser function of the same role. */
final class Words {
    /** BuildKit's {@code reWhitespace}: what separates an instruction's name from its arguments. */
    static final Pattern WHITESPACE = Pattern.compile("[\\t\\x0B\\f\\r ]+");

    private Words() {
    }

    /** Builder flags ({@code --name[=value]}) at the start of the arguments, and the rest after them. */
    record FlagSplit(List<String> flags, String rest) {
    }

    /**
     * {@code extractBuilderFlags}: leading words starting with {@code --}; quotes in them are removed and
     * {@code \} escapes the next character (always {@code \}, whatever the escape directive says).
     */
    static FlagSplit extractFlags(String line) {
        List<String> words = new ArrayList<>();
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        int phase = inSpaces;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        char ch = 0;
        for (int pos = 0; pos <= line.length(); pos++) {
            if (pos != line.length()) {
                ch = line.charAt(pos);
            }
            if (phase == inSpaces) {
                if (pos == line.length()) {
                    break;
                }
                if (Character.isWhitespace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-') {
                    return new FlagSplit(words, line.substring(pos));
                }
                phase = inWord;
            }
            if (pos == line.length()) {
                if (!word.toString().equals("--") && (blankOk || !word.isEmpty())) {
                    words.add(word.toString());
                }
                break;
            }
            if (phase == inWord) {
                if (Character.isWhitespace(ch)) {
                    phase = inSpaces;
                    if (word.toString().equals("--")) {
                        return new FlagSplit(words, line.substring(pos));
                    }
                    if (blankOk || !word.isEmpty()) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                    continue;
                }
                if (ch == '\\') {
                    if (pos + 1 == line.length()) {
                        continue;
                    }
                    ch = line.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            // inQuote
            if (ch == quote) {
                phase = inWord;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == line.length()) {
                    phase = inWord;
                    continue;
                }
                ch = line.charAt(++pos);
            }
            word.append(ch);
        }
        return new FlagSplit(words, "");
    }

    /**
     * {@code parseWords}: splits at unquoted whitespace, keeping quotes and escapes in the words (they are
     * removed when the word is expanded). Used for ENV, LABEL and ARG.
     */
    static List<String> parseWords(String rest, char escape) {
        List<String> words = new ArrayList<>();
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        int phase = inSpaces;
        StringBuilder word = new StringBuilder();
        int quote = 0;
        boolean blankOk = false;
        int[] cps = rest.codePoints().toArray();
        int ch = 0;
        for (int pos = 0; pos <= cps.length; pos++) {
            if (pos != cps.length) {
                ch = cps[pos];
            }
            if (phase == inSpaces) {
                if (pos == cps.length) {
                    break;
                }
                if (Character.isWhitespace(ch)) {
                    continue;
                }
                phase = inWord;
            }
            if (pos == cps.length) {
                if (blankOk || !word.isEmpty()) {
                    words.add(word.toString());
                }
                break;
            }
            if (phase == inWord) {
                if (Character.isWhitespace(ch)) {
                    phase = inSpaces;
                    if (blankOk || !word.isEmpty()) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                }
                if (ch == escape) {
                    if (pos + 1 == cps.length) {
                        continue;
                    }
                    word.appendCodePoint(ch);
                    ch = cps[++pos];
                }
                word.appendCodePoint(ch);
                continue;
            }
            // inQuote
            if (ch == quote) {
                phase = inWord;
            }
            if (ch == escape && quote != '\'') {
                if (pos + 1 == cps.length) {
                    phase = inWord;
                    continue;
                }
                word.appendCodePoint(ch);
                ch = cps[++pos];
            }
            word.appendCodePoint(ch);
        }
        return words;
    }

    /** {@code parseStringsWhitespaceDelimited}: no quoting at all. */
    static List<String> splitWhitespace(String rest) {
        String t = rest.strip();
        return t.isEmpty() ? List.of() : List.of(WHITESPACE.split(t));
    }

    /** A JSON array holding something else than strings: Docker refuses it instead of taking it as shell form. */
    static final class NotStringArray extends Exception {
        NotStringArray() {
            super("when using JSON array syntax, arrays must be comprised of strings only");
        }
    }

    /**
     * The exec form: a JSON array of strings at the start of {@code rest}, or null when it does not parse
     * as JSON (then it is shell form, as Docker does). Like Go's json.Decoder, what follows the array is ignored.
     */
    static List<String> jsonStringArray(String rest) throws NotStringArray {
        String t = rest.stripLeading();
        if (!t.startsWith("[")) {
            return null;
        }
        Json j = new Json(t);
        Object value;
        try {
            value = j.value();
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) value) {
            if (!(o instanceof String s)) {
                throw new NotStringArray();
            }
            out.add(s);
        }
        return out;
    }

    /** Just enough JSON to tell a string array from anything else, and a syntax error from both. */
    private static final class Json {
        private final String s;
        private int pos;

        Json(String s) {
            this.s = s;
        }

        private IllegalArgumentException bad() {
            return new IllegalArgumentException("invalid JSON at " + pos);
        }

        private void ws() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        Object value() {
            ws();
            if (pos >= s.length()) {
                throw bad();
            }
            char c = s.charAt(pos);
            switch (c) {
                case '[' -> {
                    pos++;
                    List<Object> list = new ArrayList<>();
                    ws();
                    if (pos < s.length() && s.charAt(pos) == ']') {
                        pos++;
                        return list;
                    }
                    while (true) {
                        list.add(value());
                        ws();
                        if (pos >= s.length()) {
                            throw bad();
                        }
                        char d = s.charAt(pos++);
                        if (d == ']') {
                            return list;
                        }
                        if (d != ',') {
                            throw bad();
                        }
                    }
                }
                case '{' -> {
                    pos++;
                    ws();
                    if (pos < s.length() && s.charAt(pos) == '}') {
                        pos++;
                        return new Object();
                    }
                    while (true) {
                        ws();
                        if (!(value() instanceof String)) {
                            throw bad();
                        }
                        ws();
                        if (pos >= s.length() || s.charAt(pos++) != ':') {
                            throw bad();
                        }
                        value();
                        ws();
                        if (pos >= s.length()) {
                            throw bad();
                        }
                        char d = s.charAt(pos++);
                        if (d == '}') {
                            return new Object();
                        }
                        if (d != ',') {
                            throw bad();
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    for (String lit : new String[]{"true", "false", "null"}) {
                        if (s.startsWith(lit, pos)) {
                            pos += lit.length();
                            return Boolean.TRUE; // not a string: all that matters here
                        }
                    }
                    return number();
                }
            }
        }

        private Object number() {
            var m = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?").matcher(s).region(pos, s.length());
            if (!m.lookingAt()) {
                throw bad();
            }
            pos = m.end();
            return Double.valueOf(m.group());
        }

        private String string() {
            pos++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw bad();
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw bad();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw bad();
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw bad();
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw bad();
                        }
                        pos += 4;
                    }
                    default -> throw bad();
                }
            }
        }
    }
}
