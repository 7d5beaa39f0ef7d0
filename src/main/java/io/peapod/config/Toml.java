package io.peapod.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A TOML 1.0 parser for what containers' config files use: comments, {@code [table]} and
 * {@code [[array.of.tables]]} headers, bare/quoted/dotted keys, basic and literal strings (single and
 * multi-line), integers (decimal, hex, octal, binary), floats (incl. inf/nan), booleans, arrays and inline
 * tables. Dates and times are not supported (no containers config uses them) and are reported as errors.
 *
 * <p>Results are nested {@link LinkedHashMap}s (file order kept) with values of type {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, {@link List} and {@link Map}.
 */
public final class Toml {
    private Toml() {}

    /** Parses a whole document; the message of a {@link TomlException} starts with {@code line N:}. */
    public static Map<String, Object> parse(String text) throws TomlException {
        return new Parser(text).document();
    }

    /**
     * Parses a whole document and remembers on which line each key was defined, so a reader that finds a
     * wrongly typed value can name the line as BurntSushi/toml does ({@code line 3 (last key "a.b")}).
     */
    public static Document parseDocument(String text) throws TomlException {
        Parser parser = new Parser(text);
        Map<String, Object> root = parser.document();
        return new Document(root, parser.keyLines);
    }

    /**
     * A parsed document with the line of every key.
     *
     * @param root     the tables, as {@link #parse} returns them
     * @param keyLines per table (by identity), the 1-based line where each of its keys was set
     */
    public record Document(Map<String, Object> root, Map<Map<String, Object>, Map<String, Integer>> keyLines) {
        /** The line where {@code key} of {@code table} was set, 0 when unknown. */
        public int line(Map<String, Object> table, String key) {
            Map<String, Integer> lines = keyLines.get(table);
            Integer line = lines == null ? null : lines.get(key);
            return line == null ? 0 : line;
        }
    }

    /** Follows a dotted path of tables ({@code "storage", "options"}); null when a step is missing or not a table. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> table(Map<String, Object> root, String... path) {
        Map<String, Object> t = root;
        for (String key : path) {
            if (!(t.get(key) instanceof Map<?, ?> m)) {
                return null;
            }
            t = (Map<String, Object>) m;
        }
        return t;
    }

    /** Recursive descent over the text; {@code pos} is the only state besides the tables being built. */
    private static final class Parser {
        /**
         * The number forms, compiled on the first number: compiling five patterns cost a fresh JVM several
         * milliseconds, and the containers.conf every create reads (Debian's) has no number in it.
         */
        private static final class Numbers {
            static final Pattern DEC_INT = Pattern.compile("[+-]?(?:0|[1-9](?:_?[0-9])*)");
            static final Pattern FLOAT = Pattern.compile(
                    "[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?");
            static final Pattern HEX = Pattern.compile("0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*");
            static final Pattern OCT = Pattern.compile("0o[0-7](?:_?[0-7])*");
            static final Pattern BIN = Pattern.compile("0b[01](?:_?[01])*");
        }

        private final String s;
        private final char[] chars;   // s's characters, for the loops that run over most of the text
        private int pos;
        private int linePos;          // line(): where it last counted to, and the line there
        private int lineAtPos = 1;
        private final Map<String, Object> root = new LinkedHashMap<>();
        private Map<String, Object> current = root;
        // Identity sets: which tables came from a [header] (may not be opened twice), which are inline
        // (closed to later additions), which lists are [[arrays of tables]] (may be appended to).
        private final Set<Object> headerTables = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Object> inlineTables = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Object> tableArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        // Tables made by dotted keys in a key/value line; a later [header] for them is a redefinition.
        private final Set<Object> dottedTables = Collections.newSetFromMap(new IdentityHashMap<>());
        // For Document: the line where each key of each table (by identity) was set.
        private final Map<Map<String, Object>, Map<String, Integer>> keyLines = new IdentityHashMap<>();

        Parser(String text) {
            // A leading BOM is legal in TOML files; CRLF line ends are handled where newlines are.
            this.s = text.startsWith("\uFEFF") ? text.substring(1) : text;
            this.chars = s.toCharArray();
        }

        Map<String, Object> document() throws TomlException {
            while (true) {
                skipBlankLines();
                if (eof()) {
                    return root;
                }
                if (peek() == '[') {
                    header();
                } else {
                    keyValue(current);
                }
                endOfLine();
            }
        }

        // ---- structure ----

        private void header() throws TomlException {
            int line = line();
            boolean array = s.startsWith("[[", pos);
            pos += array ? 2 : 1;
            skipSpaces();
            List<String> keys = key();
            skipSpaces();
            if (!s.startsWith(array ? "]]" : "]", pos)) {
                throw error("expected '" + (array ? "]]" : "]") + "' to close the table header");
            }
            pos += array ? 2 : 1;
            Map<String, Object> parent = root;
            for (int i = 0; i < keys.size() - 1; i++) {
                parent = descend(parent, keys.get(i), line, true);
            }
            String last = keys.getLast();
            Object existing = parent.get(last);
            recordLine(parent, last, line);
            if (array) {
                Map<String, Object> table = new LinkedHashMap<>();
                if (existing == null) {
                    List<Object> list = new ArrayList<>();
                    tableArrays.add(list);
                    parent.put(last, list);
                    list.add(table);
                } else if (existing instanceof List<?> && tableArrays.contains(existing)) {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) existing;
                    list.add(table);
                } else {
                    throw new TomlException(line, "key '" + String.join(".", keys) + "' is already defined");
                }
                current = table;
                return;
            }
            if (existing == null) {
                Map<String, Object> table = new LinkedHashMap<>();
                parent.put(last, table);
                existing = table;
            } else if (!(existing instanceof Map<?, ?>) || headerTables.contains(existing)
                    || inlineTables.contains(existing) || dottedTables.contains(existing)) {
                throw new TomlException(line, "table '" + String.join(".", keys) + "' is already defined");
            }
            headerTables.add(existing);
            @SuppressWarnings("unchecked")
            Map<String, Object> table = (Map<String, Object>) existing;
            current = table;
        }

        /** Steps into (creating if needed) the table {@code key} of {@code parent}. */
        private Map<String, Object> descend(Map<String, Object> parent, String key, int line, boolean fromHeader)
                throws TomlException {
            Object v = parent.get(key);
            if (v == null) {
                Map<String, Object> t = new LinkedHashMap<>();
                parent.put(key, t);
                recordLine(parent, key, line);
                if (!fromHeader) {
                    dottedTables.add(t);
                }
                return t;
            }
            if (fromHeader && v instanceof List<?> list && tableArrays.contains(v)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> lastTable = (Map<String, Object>) list.getLast();
                return lastTable;
            }
            if (v instanceof Map<?, ?> && !inlineTables.contains(v)
                    && (fromHeader || !headerTables.contains(v) || dottedTables.contains(v))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) v;
                return t;
            }
            throw new TomlException(line, "key '" + key + "' is already defined and is not a table");
        }

        private void keyValue(Map<String, Object> table) throws TomlException {
            int line = line();
            List<String> keys = key();
            skipSpaces();
            if (eof() || peek() != '=') {
                throw error("expected '=' after key '" + String.join(".", keys) + "'");
            }
            pos++;
            skipSpaces();
            Object value = value();
            Map<String, Object> target = table;
            for (int i = 0; i < keys.size() - 1; i++) {
                target = descend(target, keys.get(i), line, false);
            }
            String last = keys.getLast();
            if (target.containsKey(last)) {
                throw new TomlException(line, "key '" + String.join(".", keys) + "' is already defined");
            }
            target.put(last, value);
            recordLine(target, last, line);
        }

        private void recordLine(Map<String, Object> table, String key, int line) {
            Map<String, Integer> lines = keyLines.get(table);
            if (lines == null) {
                lines = new LinkedHashMap<>();
                keyLines.put(table, lines);
            }
            lines.putIfAbsent(key, line);
        }

        /** A possibly dotted key: {@code a}, {@code "a b".c}, {@code 'x' . y}. */
        private List<String> key() throws TomlException {
            List<String> parts = new ArrayList<>();
            while (true) {
                parts.add(simpleKey());
                skipSpaces();
                if (eof() || peek() != '.') {
                    return parts;
                }
                pos++;
                skipSpaces();
            }
        }

        private String simpleKey() throws TomlException {
            if (eof()) {
                throw error("expected a key");
            }
            char c = peek();
            if (c == '"') {
                if (s.startsWith("\"\"\"", pos)) {
                    throw error("multi-line strings cannot be keys");
                }
                return basicString();
            }
            if (c == '\'') {
                if (s.startsWith("'''", pos)) {
                    throw error("multi-line strings cannot be keys");
                }
                return literalString();
            }
            int start = pos;
            while (!eof() && isBareKeyChar(peek())) {
                pos++;
            }
            if (pos == start) {
                throw error("invalid character '" + printable(c) + "' where a key was expected");
            }
            return s.substring(start, pos);
        }

        // ---- values ----

        private Object value() throws TomlException {
            if (eof()) {
                throw error("expected a value");
            }
            char c = peek();
            return switch (c) {
                case '"' -> s.startsWith("\"\"\"", pos) ? multiLineBasicString() : basicString();
                case '\'' -> s.startsWith("'''", pos) ? multiLineLiteralString() : literalString();
                case '[' -> array();
                case '{' -> inlineTable();
                default -> scalar();
            };
        }

        private Object scalar() throws TomlException {
            int start = pos;
            while (!eof() && isScalarChar(peek())) {
                pos++;
            }
            String tok = s.substring(start, pos);
            if (!eof() && (peek() == ':' || (peek() == ' ' && tok.matches("\\d{4}-\\d{2}-\\d{2}")))) {
                throw error("dates and times are not supported");
            }
            switch (tok) {
                case "true": return Boolean.TRUE;
                case "false": return Boolean.FALSE;
                case "inf", "+inf": return Double.POSITIVE_INFINITY;
                case "-inf": return Double.NEGATIVE_INFINITY;
                case "nan", "+nan", "-nan": return Double.NaN;
                default: break;
            }
            if (tok.isEmpty()) {
                throw error("invalid character '" + printable(peek()) + "' where a value was expected");
            }
            try {
                if (Numbers.DEC_INT.matcher(tok).matches()) {
                    return Long.parseLong(tok.replace("_", ""));
                }
                if (Numbers.HEX.matcher(tok).matches()) {
                    return Long.parseLong(tok.substring(2).replace("_", ""), 16);
                }
                if (Numbers.OCT.matcher(tok).matches()) {
                    return Long.parseLong(tok.substring(2).replace("_", ""), 8);
                }
                if (Numbers.BIN.matcher(tok).matches()) {
                    return Long.parseLong(tok.substring(2).replace("_", ""), 2);
                }
            } catch (NumberFormatException e) {
                pos = start;
                throw error("integer '" + tok + "' is out of range");
            }
            if (Numbers.FLOAT.matcher(tok).matches()) {
                return Double.parseDouble(tok.replace("_", ""));
            }
            pos = start;
            if (tok.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                throw error("dates and times are not supported");
            }
            throw error("invalid value '" + tok + "'");
        }

        private List<Object> array() throws TomlException {
            int opening = pos;
            pos++; // [
            List<Object> list = new ArrayList<>();
            while (true) {
                skipBlankLines();
                if (eof()) {
                    pos = opening;
                    throw error("unterminated array");
                }
                if (peek() == ']') {
                    pos++;
                    return list;
                }
                list.add(value());
                skipBlankLines();
                if (eof()) {
                    pos = opening;
                    throw error("unterminated array");
                }
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c != ']') {
                    throw error("expected ',' or ']' in array, found '" + printable(c) + "'");
                }
            }
        }

        private Map<String, Object> inlineTable() throws TomlException {
            pos++; // {
            Map<String, Object> table = new LinkedHashMap<>();
            skipSpaces();
            if (!eof() && peek() == '}') {
                pos++;
                inlineTables.add(table);
                return table;
            }
            while (true) {
                skipSpaces();
                if (eof() || peek() == '\n' || peek() == '\r') {
                    throw error("unterminated inline table (inline tables must be on one line)");
                }
                keyValue(table);
                skipSpaces();
                if (eof() || peek() == '\n' || peek() == '\r') {
                    throw error("unterminated inline table (inline tables must be on one line)");
                }
                char c = peek();
                pos++;
                if (c == '}') {
                    // Sub-tables made by dotted keys inside are closed too: { a.b = 1 } cannot grow later.
                    markInline(table);
                    return table;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}' in inline table, found '" + printable(c) + "'");
                }
            }
        }

        private void markInline(Map<String, Object> table) {
            inlineTables.add(table);
            for (Object v : table.values()) {
                if (v instanceof Map<?, ?> m && dottedTables.remove(m)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> sub = (Map<String, Object>) m;
                    markInline(sub);
                }
            }
        }

        // ---- strings ----

        private String basicString() throws TomlException {
            pos++; // "
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (eof() || peek() == '\n' || peek() == '\r') {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    escape(sb);
                } else {
                    checkControl(c);
                    sb.append(c);
                }
            }
        }

        private String multiLineBasicString() throws TomlException {
            int opening = pos;
            pos += 3;
            skipNewlineAfterOpening();
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (eof()) {
                    pos = opening; // the opening line is where the reader must look
                    throw error("unterminated multi-line string");
                }
                if (s.startsWith("\"\"\"", pos)) {
                    closeMultiLine(sb, '"');
                    return sb.toString();
                }
                char c = s.charAt(pos++);
                if (c == '\\') {
                    if (lineEndingBackslash()) {
                        continue;
                    }
                    escape(sb);
                } else if (c == '\r' && !eof() && peek() == '\n') {
                    sb.append('\n');
                    pos++;
                } else {
                    if (c != '\n') {
                        checkControl(c);
                    }
                    sb.append(c);
                }
            }
        }

        private String literalString() throws TomlException {
            pos++; // '
            int start = pos;
            while (true) {
                if (eof() || peek() == '\n' || peek() == '\r') {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '\'') {
                    return s.substring(start, pos - 1);
                }
                checkControl(c);
            }
        }

        private String multiLineLiteralString() throws TomlException {
            int opening = pos;
            pos += 3;
            skipNewlineAfterOpening();
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (eof()) {
                    pos = opening; // the opening line is where the reader must look
                    throw error("unterminated multi-line string");
                }
                if (s.startsWith("'''", pos)) {
                    closeMultiLine(sb, '\'');
                    return sb.toString();
                }
                char c = s.charAt(pos++);
                if (c == '\r' && !eof() && peek() == '\n') {
                    sb.append('\n');
                    pos++;
                } else {
                    if (c != '\n') {
                        checkControl(c);
                    }
                    sb.append(c);
                }
            }
        }

        /** At a run of 3+ quotes: up to two extra quotes belong to the content ({@code """a""""}). */
        private void closeMultiLine(StringBuilder sb, char quote) throws TomlException {
            int run = 0;
            while (pos + run < s.length() && s.charAt(pos + run) == quote) {
                run++;
            }
            if (run > 5) {
                throw error("too many quotes closing a multi-line string");
            }
            sb.append(String.valueOf(quote).repeat(run - 3));
            pos += run;
        }

        private void skipNewlineAfterOpening() {
            if (s.startsWith("\r\n", pos)) {
                pos += 2;
            } else if (s.startsWith("\n", pos)) {
                pos++;
            }
        }

        /** A backslash ending a line (after optional spaces) swallows all whitespace up to the next text. */
        private boolean lineEndingBackslash() {
            int p = pos;
            while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
                p++;
            }
            if (p < s.length() && (s.charAt(p) == '\n' || s.startsWith("\r\n", p))) {
                while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                    p++;
                }
                pos = p;
                return true;
            }
            return false;
        }

        private void escape(StringBuilder sb) throws TomlException {
            if (eof()) {
                throw error("unterminated string");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'f' -> sb.append('\f');
                case 'r' -> sb.append('\r');
                case 'e' -> sb.append('\u001b');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'u' -> sb.appendCodePoint(unicode(4));
                case 'U' -> sb.appendCodePoint(unicode(8));
                default -> {
                    pos--;
                    throw error("invalid escape sequence '\\" + printable(e) + "'");
                }
            }
        }

        private int unicode(int digits) throws TomlException {
            if (pos + digits > s.length() || !s.substring(pos, pos + digits).matches("[0-9A-Fa-f]+")) {
                throw error("invalid unicode escape: expected " + digits + " hex digits");
            }
            int cp = Integer.parseUnsignedInt(s.substring(pos, pos + digits), 16);
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw error("invalid unicode scalar value U+" + Integer.toHexString(cp).toUpperCase());
            }
            pos += digits;
            return cp;
        }

        private void checkControl(char c) throws TomlException {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                pos--;
                throw error("control character U+" + String.format("%04X", (int) c) + " must be escaped");
            }
        }

        // ---- whitespace, comments, lines ----

        private void skipSpaces() {
            while (!eof() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        private void skipComment() throws TomlException {
            if (eof() || peek() != '#') {
                return;
            }
            // A tight loop over the characters: most of a containers.conf is comments, and every command that
            // creates a container reads it in a fresh JVM, where this runs interpreted.
            int at = pos;
            int end = chars.length;
            while (at < end && chars[at] != '\n') {
                char c = chars[at];
                if (c != '\t' && (c < 0x20 || c == 0x7f)) {
                    if (c == '\r' && at + 1 < end && chars[at + 1] == '\n') {
                        break;   // a CRLF line end
                    }
                    pos = at;
                    throw error("control character in comment");
                }
                at++;
            }
            pos = at;
        }

        /** Skips spaces, comments and line breaks (between statements and inside arrays). */
        private void skipBlankLines() throws TomlException {
            while (true) {
                skipSpaces();
                skipComment();
                if (eof()) {
                    return;
                }
                if (peek() == '\r' && s.startsWith("\r\n", pos)) {
                    pos += 2;
                } else if (peek() == '\n') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        /** After a statement only spaces and a comment may follow on the same line. */
        private void endOfLine() throws TomlException {
            skipSpaces();
            skipComment();
            if (eof()) {
                return;
            }
            if (s.startsWith("\r\n", pos)) {
                pos += 2;
            } else if (peek() == '\n') {
                pos++;
            } else {
                throw error("unexpected '" + printable(peek()) + "' after a value (expected a new line)");
            }
        }

        private boolean eof() {
            return pos >= s.length();
        }

        private char peek() {
            return chars[pos];
        }

        /** The 1-based line of {@code pos}, counted on from the last call's position (positions mostly only grow). */
        private int line() {
            if (pos < linePos) {
                linePos = 0;
                lineAtPos = 1;
            }
            int end = Math.min(pos, chars.length);
            for (int i = linePos; i < end; i++) {
                if (chars[i] == '\n') {
                    lineAtPos++;
                }
            }
            linePos = end;
            return lineAtPos;
        }

        private TomlException error(String message) {
            return new TomlException(line(), message);
        }

        private static boolean isBareKeyChar(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }

        private static boolean isScalarChar(char c) {
            return isBareKeyChar(c) || c == '+' || c == '.';
        }

        private static String printable(char c) {
            return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : String.valueOf(c);
        }
    }
}
