package io.peapod.image;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) parser into plain Java values: objects become {@link LinkedHashMap}s in
 * document order (a repeated key keeps its last value), arrays {@link ArrayList}s, numbers
 * {@link Integer}, {@link Long} or {@link BigInteger} when integral and {@link Double} otherwise,
 * plus {@link String}, {@link Boolean} and null.
 *
 * <p>Why not a library: every peapod command parses a few small documents once, so what counts is
 * the cost of the first parse in a fresh JVM. jackson-jr's was 50–90 ms here (class initialisation
 * and interpreted set-up); this one is a single small class that runs in well under a millisecond.
 */
final class JsonReader {
    private final byte[] in;
    private int pos;

    private JsonReader(byte[] in) {
        this.in = in;
    }

    static Object parse(byte[] data) {
        JsonReader r = new JsonReader(data);
        r.skipSpace();
        Object value = r.value(0);
        r.skipSpace();
        if (r.pos != data.length) {
            throw r.error("unexpected data after the top-level value");
        }
        return value;
    }

    /** Deeper than this is not a document peapod reads; refusing it keeps the recursion bounded. */
    private static final int MAX_DEPTH = 512;

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        if (pos >= in.length) {
            throw error("unexpected end of input");
        }
        byte b = in[pos];
        if (b == '{') {
            return object(depth);
        }
        if (b == '[') {
            return array(depth);
        }
        if (b == '"') {
            return string();
        }
        if (b == '-' || (b >= '0' && b <= '9')) {
            return number();
        }
        if (literal("true")) {
            return Boolean.TRUE;
        }
        if (literal("false")) {
            return Boolean.FALSE;
        }
        if (literal("null")) {
            return null;
        }
        throw error("unexpected character '" + (char) b + "'");
    }

    private Map<String, Object> object(int depth) {
        pos++;   // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string for an object key");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value(depth + 1));
            skipSpace();
            byte b = next();
            if (b == '}') {
                return map;
            }
            if (b != ',') {
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) {
        pos++;   // [
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            byte b = next();
            if (b == ']') {
                return list;
            }
            if (b != ',') {
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        pos++;   // opening quote
        int start = pos;
        // Fast path: no escapes, so the bytes are the string's UTF-8.
        while (pos < in.length) {
            byte b = in[pos];
            if (b == '"') {
                return new String(in, start, pos++ - start, StandardCharsets.UTF_8);
            }
            if (b == '\\') {
                break;
            }
            if ((b & 0xff) < 0x20) {
                throw error("control character in a string");
            }
            pos++;
        }
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        raw.write(in, start, pos - start);
        while (true) {
            if (pos >= in.length) {
                throw error("unterminated string");
            }
            byte b = in[pos++];
            if (b == '"') {
                return raw.toString(StandardCharsets.UTF_8);
            }
            if ((b & 0xff) < 0x20) {
                throw error("control character in a string");
            }
            if (b != '\\') {
                raw.write(b);
                continue;
            }
            byte e = next();
            switch (e) {
                case '"', '\\', '/' -> raw.write(e);
                case 'b' -> raw.write('\b');
                case 'f' -> raw.write('\f');
                case 'n' -> raw.write('\n');
                case 'r' -> raw.write('\r');
                case 't' -> raw.write('\t');
                case 'u' -> {
                    char c = (char) hex4();
                    if (Character.isHighSurrogate(c) && pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
                        int save = pos;
                        pos += 2;
                        char low = (char) hex4();
                        if (Character.isLowSurrogate(low)) {
                            raw.writeBytes(new String(new char[] {c, low}).getBytes(StandardCharsets.UTF_8));
                            continue;
                        }
                        pos = save;
                    }
                    raw.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
                default -> throw error("invalid escape '\\" + (char) e + "'");
            }
        }
    }

    private int hex4() {
        if (pos + 4 > in.length) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[pos++], 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private Number number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("invalid number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("invalid number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("invalid number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (!integral) {
            return Double.parseDouble(text);
        }
        int digits = text.length() - (text.charAt(0) == '-' ? 1 : 0);
        if (digits <= 9) {
            return Integer.parseInt(text);
        }
        if (digits <= 18) {
            long v = Long.parseLong(text);
            return v == (int) v ? (Number) (int) v : (Number) v;
        }
        BigInteger big = new BigInteger(text);
        return big.bitLength() < 64 ? (Number) big.longValue() : big;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > in.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    private void skipSpace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < in.length ? in[pos] : -1;
    }

    private byte next() {
        if (pos >= in.length) {
            throw error("unexpected end of input");
        }
        return in[pos++];
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + Math.min(pos, in.length));
    }
}
