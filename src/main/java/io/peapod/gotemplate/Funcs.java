package io.peapod.gotemplate;

import io.peapod.gotemplate.Node.Expr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The function map: Go's builtins plus the functions containers/common's report package registers
 * for podman (json, lower, upper, title, split, join, truncate, pad; verified against podman 4.3.1,
 * which reports "function not defined" for anything else) and three extras (contains, replace,
 * trim) with the signatures of Go's strings package. A switch instead of a static map keeps class
 * initialisation free.
 */
final class Funcs {
    private Funcs() {}

    static boolean exists(String name) {
        return switch (name) {
            case "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt", "le",
                 "gt", "ge", "html", "js", "urlquery", "json", "lower", "upper", "title", "split", "join",
                 "truncate", "pad", "contains", "replace", "trim" -> true;
            default -> false;
        };
    }

    static Object call(Exec ex, Node.Ident id, Object dot, List<Expr> nodes, Object fin) {
        String name = id.name();
        ex.at(id);
        if (name.equals("and") || name.equals("or")) return andOr(ex, name, dot, nodes, fin);
        List<Object> a = new ArrayList<>(nodes.size() + 1);
        for (Expr n : nodes) a.add(arg(ex.evalArg(dot, n)));
        if (fin != Exec.NONE) a.add(arg(fin));
        ex.at(id); // errors are reported at the function name, as in Go
        try {
            return switch (name) {
                case "not" -> !Exec.isTrue(fixed(ex, name, a, 1).get(0));
                case "len" -> len(ex, fixed(ex, name, a, 1).get(0));
                case "index" -> index(ex, variadic(ex, name, a, 1));
                case "slice" -> slice(ex, variadic(ex, name, a, 1));
                case "print" -> GoFmt.sprint(a);
                case "println" -> GoFmt.sprintln(a);
                case "printf" -> GoFmt.sprintf(str(ex, variadic(ex, name, a, 1).get(0)), a.subList(1, a.size()));
                case "eq" -> eq(ex, variadic(ex, name, a, 1));
                case "ne" -> !eq(ex, fixed(ex, name, a, 2));
                case "lt" -> lessThan(ex, fixed(ex, name, a, 2));
                case "le" -> lessThan(ex, a = fixed(ex, name, a, 2)) || eq(ex, a);
                case "gt" -> !(lessThan(ex, a = fixed(ex, name, a, 2)) || eq(ex, a));
                case "ge" -> !lessThan(ex, fixed(ex, name, a, 2));
                case "html" -> html(evalArgs(a));
                case "js" -> js(evalArgs(a));
                case "urlquery" -> urlquery(evalArgs(a));
                case "json" -> GoFmt.json(fixed(ex, name, a, 1).get(0));
                case "lower" -> mapRunes(str(ex, fixed(ex, name, a, 1).get(0)), false);
                case "upper" -> mapRunes(str(ex, fixed(ex, name, a, 1).get(0)), true);
                case "title" -> title(str(ex, fixed(ex, name, a, 1).get(0)));
                case "split" -> split(str(ex, fixed(ex, name, a, 2).get(0)), str(ex, a.get(1)));
                case "join" -> join(ex, fixed(ex, name, a, 2).get(0), str(ex, a.get(1)));
                case "truncate" -> truncate(ex, str(ex, fixed(ex, name, a, 2).get(0)), toInt(ex, a.get(1)));
                case "pad" -> pad(ex, str(ex, fixed(ex, name, a, 3).get(0)), toInt(ex, a.get(1)), toInt(ex, a.get(2)));
                case "contains" -> str(ex, fixed(ex, name, a, 2).get(0)).contains(str(ex, a.get(1)));
                case "replace" -> replace(str(ex, fixed(ex, name, a, 4).get(0)), str(ex, a.get(1)), str(ex, a.get(2)),
                        toInt(ex, a.get(3)));
                case "trim" -> trimSpace(str(ex, fixed(ex, name, a, 1).get(0)));
                default -> throw ex.error("function \"" + name + "\" not defined");
            };
        } catch (CallError e) {
            throw ex.error("error calling " + name + ": " + e.getMessage());
        }
    }

    /** An error returned by a function; reported as "error calling NAME: msg" like Go. */
    private static final class CallError extends RuntimeException {
        CallError(String msg) {
            super(msg, null, false, false);
        }
    }

    /** Missing map entries reach functions as Go's nil interface. */
    private static Object arg(Object v) {
        return v == Exec.NO_VALUE ? null : v;
    }

    private static List<Object> fixed(Exec ex, String name, List<Object> a, int n) {
        if (a.size() != n) throw ex.error("wrong number of args for " + name + ": want " + n + " got " + a.size());
        return a;
    }

    private static List<Object> variadic(Exec ex, String name, List<Object> a, int min) {
        if (a.size() < min) {
            throw ex.error("wrong number of args for " + name + ": want at least " + min + " got " + a.size());
        }
        return a;
    }

    private static String str(Exec ex, Object v) {
        if (v instanceof CharSequence || v instanceof Character) return v.toString();
        if (v == null) throw ex.error("invalid value; expected string");
        throw ex.error("wrong type for value; expected string; got " + GoFmt.typeName(v));
    }

    private static int toInt(Exec ex, Object v) {
        if (GoFmt.isInt(v)) return ((Number) v).intValue();
        if (v == null) throw ex.error("invalid value; expected int");
        throw ex.error("wrong type for value; expected int; got " + GoFmt.typeName(v));
    }

    // ------------------------------------------------------------------ builtins

    /** and/or evaluate lazily and return the deciding operand (Go 1.18+). */
    private static Object andOr(Exec ex, String name, Object dot, List<Expr> nodes, Object fin) {
        int count = nodes.size() + (fin != Exec.NONE ? 1 : 0);
        if (count < 1) throw ex.error("wrong number of args for " + name + ": want at least 1 got 0");
        boolean isOr = name.equals("or");
        Object v = null;
        for (Expr n : nodes) {
            v = arg(ex.evalArg(dot, n));
            if (Exec.isTrue(v) == isOr) return v;
        }
        if (fin != Exec.NONE) v = arg(fin);
        return v;
    }

    private static Object len(Exec ex, Object v) {
        if (v == null) throw new CallError("len of nil pointer");
        if (v instanceof CharSequence s) return (long) s.toString().getBytes(StandardCharsets.UTF_8).length;
        if (v instanceof Map<?, ?> m) return (long) m.size();
        if (GoFmt.isList(v)) return (long) GoFmt.elements(v).size();
        throw new CallError("len of type " + GoFmt.typeName(v));
    }

    private static int indexArg(Object idx, int cap) {
        if (idx == null) throw new CallError("cannot index slice/array with nil");
        if (!GoFmt.isInt(idx)) throw new CallError("cannot index slice/array with type " + GoFmt.typeName(idx));
        long x = ((Number) idx).longValue();
        if (x < 0 || x >= cap) throw new CallError("index out of range: " + x);
        return (int) x;
    }

    private static Object index(Exec ex, List<Object> a) {
        Object item = a.get(0);
        if (item == null) throw new CallError("index of untyped nil");
        for (Object idx : a.subList(1, a.size())) {
            if (item instanceof CharSequence s) {
                byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
                item = (long) (b[indexArg(idx, b.length)] & 0xff);
            } else if (GoFmt.isList(item)) {
                List<Object> els = GoFmt.elements(item);
                item = els.get(indexArg(idx, els.size()));
            } else if (item instanceof Map<?, ?> m) {
                Object key = mapKey(m, idx);
                item = m.containsKey(key) ? m.get(key) : zeroOfValues(m);
            } else if (item == null) {
                throw new CallError("index of nil pointer");
            } else {
                throw new CallError("can't index item of type " + GoFmt.typeName(item));
            }
        }
        return item;
    }

    /** Template int literals are Longs; let them find Integer keys too. */
    private static Object mapKey(Map<?, ?> m, Object idx) {
        if (GoFmt.isInt(idx) && !m.containsKey(idx)) {
            long l = ((Number) idx).longValue();
            if (m.containsKey((int) l)) return (int) l;
            if (m.containsKey(l)) return l;
        }
        return idx;
    }

    /**
     * Go's index returns the map's element zero value for a missing key. Java maps carry no element
     * type, so infer it from the values present: "" for string maps (e.g. labels), else nil.
     */
    private static Object zeroOfValues(Map<?, ?> m) {
        for (Object v : m.values()) {
            if (v == null) continue;
            if (v instanceof CharSequence) return "";
            if (v instanceof Boolean) return false;
            if (GoFmt.isInt(v)) return 0L;
            if (GoFmt.isFloat(v)) return 0.0;
            return null;
        }
        return null;
    }

    private static Object slice(Exec ex, List<Object> a) {
        Object item = a.get(0);
        if (item == null) throw new CallError("slice of untyped nil");
        List<Object> idx = a.subList(1, a.size());
        if (idx.size() > 3) throw new CallError("too many slice indexes: " + idx.size());
        boolean isStr = item instanceof CharSequence;
        byte[] bytes = isStr ? item.toString().getBytes(StandardCharsets.UTF_8) : null;
        List<Object> els = isStr ? null : GoFmt.isList(item) ? GoFmt.elements(item) : null;
        if (!isStr && els == null) throw new CallError("can't slice item of type " + GoFmt.typeName(item));
        if (isStr && idx.size() == 3) throw new CallError("cannot 3-index slice a string");
        int cap = isStr ? bytes.length : els.size();
        int[] ix = {0, cap, cap};
        for (int i = 0; i < idx.size(); i++) {
            Object o = idx.get(i);
            if (o == null) throw new CallError("cannot index slice/array with nil");
            if (!GoFmt.isInt(o)) throw new CallError("cannot index slice/array with type " + GoFmt.typeName(o));
            long x = ((Number) o).longValue();
            if (x < 0 || x > cap) throw new CallError("index out of range: " + x);
            ix[i] = (int) x;
        }
        if (ix[0] > ix[1]) throw new CallError("invalid slice index: " + ix[0] + " > " + ix[1]);
        if (idx.size() == 3 && ix[1] > ix[2]) throw new CallError("invalid slice index: " + ix[1] + " > " + ix[2]);
        if (isStr) return new String(bytes, ix[0], ix[1] - ix[0], StandardCharsets.UTF_8);
        return new ArrayList<>(els.subList(ix[0], ix[1]));
    }

    private enum K { BOOL, INT, FLOAT, STRING, NIL, OTHER }

    private static K kind(Object v) {
        if (v == null) return K.NIL;
        if (v instanceof Boolean) return K.BOOL;
        if (GoFmt.isInt(v)) return K.INT;
        if (GoFmt.isFloat(v)) return K.FLOAT;
        if (GoFmt.isString(v)) return K.STRING;
        return K.OTHER;
    }

    private static boolean eq(Exec ex, List<Object> a) {
        if (a.size() < 2) throw new CallError("missing argument for comparison");
        Object a1 = a.get(0);
        K k1 = kind(a1);
        if (k1 == K.OTHER && (a1 instanceof Map<?, ?> || GoFmt.isList(a1))) {
            throw new CallError("non-comparable type " + GoFmt.typeName(a1) + ": " + GoFmt.sprint1(a1));
        }
        for (Object b : a.subList(1, a.size())) {
            K k2 = kind(b);
            boolean truth;
            if (k1 != k2) {
                if (k1 != K.NIL && k2 != K.NIL) throw new CallError("incompatible types for comparison");
                truth = false;
            } else {
                truth = switch (k1) {
                    case NIL -> true;
                    case BOOL -> a1.equals(b);
                    case INT -> toBig(a1).equals(toBig(b));
                    case FLOAT -> ((Number) a1).doubleValue() == ((Number) b).doubleValue();
                    case STRING -> a1.toString().equals(b.toString());
                    case OTHER -> {
                        if (b instanceof Map<?, ?> || GoFmt.isList(b)) {
                            throw new CallError("non-comparable type " + GoFmt.typeName(b) + ": " + GoFmt.sprint1(b));
                        }
                        yield a1.equals(b);
                    }
                };
            }
            if (truth) return true;
        }
        return false;
    }

    private static BigInteger toBig(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }

    private static boolean lessThan(Exec ex, List<Object> a) {
        Object x = a.get(0), y = a.get(1);
        K k1 = kind(x), k2 = kind(y);
        if (k1 == K.BOOL || k1 == K.OTHER || k1 == K.NIL || k2 == K.BOOL || k2 == K.OTHER || k2 == K.NIL) {
            throw new CallError("invalid type for comparison");
        }
        if (k1 != k2) throw new CallError("incompatible types for comparison");
        return switch (k1) {
            case INT -> toBig(x).compareTo(toBig(y)) < 0;
            case FLOAT -> new BigDecimal(((Number) x).doubleValue()).compareTo(new BigDecimal(((Number) y).doubleValue())) < 0
                    && ((Number) x).doubleValue() < ((Number) y).doubleValue();
            default -> GoFmt.compareUtf8(x.toString(), y.toString()) < 0;
        };
    }

    /** html/js/urlquery take any arguments: one string is used as is, else fmt.Sprint of all. */
    private static String evalArgs(List<Object> a) {
        if (a.size() == 1 && a.get(0) instanceof CharSequence s) return s.toString();
        return GoFmt.sprint(a);
    }

    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case 0 -> sb.append('\uFFFD');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String js(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (c < ' ' || (c >= 0x80 && !isPrint(c))) sb.append(String.format("\\u%04X", c));
                    else sb.appendCodePoint(c);
                }
            }
        });
        return sb.toString();
    }

    private static boolean isPrint(int c) {
        int t = Character.getType(c);
        return Character.isDefined(c) && t != Character.CONTROL && t != Character.FORMAT && t != Character.SURROGATE
                && t != Character.PRIVATE_USE && t != Character.LINE_SEPARATOR && t != Character.PARAGRAPH_SEPARATOR
                && (t != Character.SPACE_SEPARATOR || c == ' ');
    }

    /** url.QueryEscape. */
    static String urlquery(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ podman's functions

    /** strings.ToUpper/ToLower map rune by rune (no locale, no length-changing mappings). */
    static String mapRunes(String s, boolean upper) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
        return sb.toString();
    }

    /** strings.Title: title-cases letters that follow a separator (Go's isSeparator rules). */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            sb.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(c) : c);
            prev = c;
        }
        return sb.toString();
    }

    private static boolean isSeparator(int r) {
        if (r <= 0x7F) {
            return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_');
        }
        if (Character.isLetter(r) || Character.isDigit(r)) return false;
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    /** strings.Split: literal separator; an empty separator splits into runes. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        int from = 0;
        int i;
        while ((i = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, i));
            from = i + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String join(Exec ex, Object list, String sep) {
        if (list == null) return "";
        if (!GoFmt.isList(list)) {
            throw ex.error("wrong type for value; expected []string; got " + GoFmt.typeName(list));
        }
        StringBuilder sb = new StringBuilder();
        List<Object> els = GoFmt.elements(list);
        for (int i = 0; i < els.size(); i++) {
            if (i > 0) sb.append(sep);
            sb.append(GoFmt.sprint1(els.get(i)));
        }
        return sb.toString();
    }

    /** podman's truncateWithLength: keeps the first n characters (Go slices bytes; we keep chars whole). */
    private static String truncate(Exec ex, String s, int n) {
        if (n < 0) throw new CallError("slice bounds out of range [:" + n + "]");
        if (s.length() < n) return s;
        return s.substring(0, n);
    }

    /** podman's padWithSpace: prefix and suffix spaces, but only around non-empty strings. */
    private static String pad(Exec ex, String s, int prefix, int suffix) {
        if (s.isEmpty()) return s;
        if (prefix < 0 || suffix < 0) throw new CallError("negative Repeat count");
        return " ".repeat(prefix) + s + " ".repeat(suffix);
    }

    /** strings.Replace: at most n replacements (n < 0: all); empty old matches between runes. */
    static String replace(String s, String old, String nw, int n) {
        if (n == 0 || old.equals(nw)) return s;
        StringBuilder sb = new StringBuilder();
        int done = 0;
        int from = 0;
        if (old.isEmpty()) {
            int i = 0;
            while (i <= s.length()) {
                if (n < 0 || done < n) {
                    sb.append(nw);
                    done++;
                } else {
                    sb.append(s, i, s.length());
                    return sb.toString();
                }
                if (i == s.length()) break;
                int cp = s.codePointAt(i);
                sb.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            return sb.toString();
        }
        int i;
        while ((n < 0 || done < n) && (i = s.indexOf(old, from)) >= 0) {
            sb.append(s, from, i).append(nw);
            from = i + old.length();
            done++;
        }
        return sb.append(s, from, s.length()).toString();
    }

    /** strings.TrimSpace. */
    static String trimSpace(String s) {
        int b = 0, e = s.length();
        while (b < e && isGoSpace(s.charAt(b))) b++;
        while (e > b && isGoSpace(s.charAt(e - 1))) e--;
        return s.substring(b, e);
    }

    private static boolean isGoSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f' || c == 0x85 || c == 0xA0
                || Character.isSpaceChar(c);
    }
}
