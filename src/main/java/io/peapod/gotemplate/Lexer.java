package io.peapod.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits template text into tokens, following Go's text/template lexer (lex.go). Unlike Go's
 * goroutine-based lexer it produces the whole token list eagerly: formats are tiny. Trim markers
 * ({@code {{- } and {@code -}}}) are applied here by trimming the neighbouring text tokens.
 */
final class Lexer {
    enum T {
        TEXT, LEFT, RIGHT, SPACE, FIELD, VARIABLE, DOT, IDENT, STRING, RAW_STRING, CHAR_CONST, NUMBER,
        BOOL, NIL, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, EOF,
        // keywords
        IF, ELSE, END, RANGE, WITH, DEFINE, TEMPLATE, BLOCK, BREAK, CONTINUE
    }

    record Token(T type, String val, int pos, int line) {
        @Override
        public String toString() {
            return switch (type) {
                case EOF -> "EOF";
                case TEXT -> '"' + val + '"';
                default -> (type.ordinal() >= T.IF.ordinal()) ? "<" + val + ">" : '"' + val + '"';
            };
        }
    }

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int parenDepth;

    private Lexer(String src) {
        this.src = src;
    }

    /** Thrown with just the Go message part; the parser adds the "template: name:line: " prefix. */
    static final class LexError extends Exception {
        final int line;

        LexError(String msg, int line) {
            super(msg, null, false, false);
            this.line = line;
        }
    }

    static List<Token> lex(String src) throws LexError {
        Lexer l = new Lexer(src);
        l.run();
        return l.out;
    }

    private void run() throws LexError {
        boolean trimNextText = false;
        while (true) {
            int start = pos;
            int left = src.indexOf("{{", pos);
            int textEnd = left < 0 ? src.length() : left;
            boolean trimLeft = left >= 0 && isTrimLeft(left);
            int textStart = start;
            if (trimNextText) {
                while (textStart < textEnd && isSpace(src.charAt(textStart))) textStart++;
            }
            int realEnd = textEnd;
            if (trimLeft) {
                while (realEnd > textStart && isSpace(src.charAt(realEnd - 1))) realEnd--;
            }
            if (realEnd > textStart) {
                out.add(new Token(T.TEXT, src.substring(textStart, realEnd), textStart, line));
            }
            line += countNewlines(start, textEnd);
            if (left < 0) {
                out.add(new Token(T.EOF, "", src.length(), line));
                return;
            }
            pos = left + 2;
            if (trimLeft) pos += 2; // "- " : the marker and its mandatory space
            // A comment must start right after the delimiter (and trim marker).
            if (src.startsWith("/*", pos)) {
                trimNextText = lexComment(left);
                continue;
            }
            out.add(new Token(T.LEFT, "{{", left, line));
            trimNextText = lexInsideAction();
        }
    }

    private boolean isTrimLeft(int left) {
        return left + 3 < src.length() && src.charAt(left + 2) == '-' && isSpace(src.charAt(left + 3));
    }

    /** Returns true when the closing delimiter carried a right trim marker. */
    private boolean lexComment(int left) throws LexError {
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) throw new LexError("unclosed comment", line);
        int after = end + 2;
        line += countNewlines(pos, after);
        if (src.startsWith(" -}}", after) || src.startsWith("\t-}}", after) || src.startsWith("\n-}}", after)
                || src.startsWith("\r-}}", after)) {
            pos = after + 4;
            return true;
        }
        if (src.startsWith("}}", after)) {
            pos = after + 2;
            return false;
        }
        throw new LexError("comment ends before closing delimiter", line);
    }

    private boolean lexInsideAction() throws LexError {
        while (true) {
            if (pos >= src.length()) throw new LexError("unclosed action", line);
            // Right delimiter, possibly with a trim marker: " -}}".
            if (isSpace(src.charAt(pos)) && src.startsWith("-}}", pos + 1)) {
                if (parenDepth > 0) throw new LexError("unclosed left paren", line);
                line += countNewlines(pos, pos + 1);
                out.add(new Token(T.RIGHT, "}}", pos + 1, line));
                pos += 4;
                return true;
            }
            if (src.startsWith("}}", pos)) {
                if (parenDepth > 0) throw new LexError("unclosed left paren", line);
                out.add(new Token(T.RIGHT, "}}", pos, line));
                pos += 2;
                return false;
            }
            char c = src.charAt(pos);
            int start = pos;
            if (isSpace(c)) {
                while (pos < src.length() && isSpace(src.charAt(pos))
                        && !(src.startsWith("-}}", pos + 1))) {
                    pos++;
                }
                if (pos == start) continue; // it is " -}}", handled above
                line += countNewlines(start, pos);
                emit(T.SPACE, start);
            } else if (c == '=') {
                pos++;
                emit(T.ASSIGN, start);
            } else if (c == ':') {
                if (!src.startsWith(":=", pos)) throw new LexError("expected :=", line);
                pos += 2;
                emit(T.DECLARE, start);
            } else if (c == '|') {
                pos++;
                emit(T.PIPE, start);
            } else if (c == '"') {
                lexQuote(start);
            } else if (c == '`') {
                int end = src.indexOf('`', pos + 1);
                if (end < 0) throw new LexError("unterminated raw quoted string", line);
                pos = end + 1;
                emit(T.RAW_STRING, start);
                line += countNewlines(start, pos);
            } else if (c == '\'') {
                lexChar(start);
            } else if (c == '$') {
                pos++;
                while (pos < src.length() && isAlnum(src.charAt(pos))) pos++;
                emit(T.VARIABLE, start);
            } else if (c == '.') {
                if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                    lexNumber(start);
                } else {
                    pos++;
                    while (pos < src.length() && isAlnum(src.charAt(pos))) pos++;
                    emit(pos - start == 1 ? T.DOT : T.FIELD, start);
                }
            } else if (c == '+' || c == '-' || Character.isDigit(c)) {
                lexNumber(start);
            } else if (isAlnum(c)) {
                while (pos < src.length() && isAlnum(src.charAt(pos))) pos++;
                String word = src.substring(start, pos);
                T t = switch (word) {
                    case "true", "false" -> T.BOOL;
                    case "nil" -> T.NIL;
                    case "if" -> T.IF;
                    case "else" -> T.ELSE;
                    case "end" -> T.END;
                    case "range" -> T.RANGE;
                    case "with" -> T.WITH;
                    case "define" -> T.DEFINE;
                    case "template" -> T.TEMPLATE;
                    case "block" -> T.BLOCK;
                    case "break" -> T.BREAK;
                    case "continue" -> T.CONTINUE;
                    default -> T.IDENT;
                };
                // Go: a keyword followed by '.' is a field-ish identifier error; we keep it simple.
                emit(t, start);
            } else if (c == '(') {
                parenDepth++;
                pos++;
                emit(T.LPAREN, start);
            } else if (c == ')') {
                parenDepth--;
                if (parenDepth < 0) throw new LexError("unexpected right paren", line);
                pos++;
                emit(T.RPAREN, start);
            } else if (c == ',') {
                pos++;
                emit(T.COMMA, start);
            } else {
                throw new LexError(String.format("bad character U+%04X '%c'", (int) c, c), line);
            }
        }
    }

    private void lexQuote(int start) throws LexError {
        pos++;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw new LexError("unterminated quoted string", line);
            }
            char c = src.charAt(pos++);
            if (c == '\\') {
                if (pos >= src.length() || src.charAt(pos) == '\n') {
                    throw new LexError("unterminated quoted string", line);
                }
                pos++;
            } else if (c == '"') {
                break;
            }
        }
        emit(T.STRING, start);
    }

    private void lexChar(int start) throws LexError {
        pos++;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw new LexError("unterminated character constant", line);
            }
            char c = src.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '\'') {
                break;
            }
        }
        emit(T.CHAR_CONST, start);
    }

    private void lexNumber(int start) throws LexError {
        // Scan generously (like Go's scanNumber) and let the parser validate the literal.
        if (src.charAt(pos) == '+' || src.charAt(pos) == '-') pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (isAlnum(c) || c == '.') {
                pos++;
            } else if ((c == '+' || c == '-') && pos > start && isExponentMark(start, src.charAt(pos - 1))) {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start + 1 && (src.charAt(start) == '+' || src.charAt(start) == '-')) {
            throw new LexError("bad number syntax: \"" + src.substring(start, pos) + '"', line);
        }
        emit(T.NUMBER, start);
    }

    /** A sign may follow 'e' in decimal literals and 'p' in hex ones (Go's float syntax). */
    private boolean isExponentMark(int start, char prev) {
        int i = start;
        if (src.charAt(i) == '+' || src.charAt(i) == '-') i++;
        boolean hex = src.startsWith("0x", i) || src.startsWith("0X", i);
        return hex ? (prev == 'p' || prev == 'P') : (prev == 'e' || prev == 'E');
    }

    private void emit(T type, int start) {
        out.add(new Token(type, src.substring(start, pos), start, line));
    }

    private int countNewlines(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if (src.charAt(i) == '\n') n++;
        return n;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static boolean isAlnum(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
