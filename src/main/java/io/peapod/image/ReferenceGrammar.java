package io.peapod.image;

/**
 * The reference grammar of github.com/distribution/reference, written out as Java patterns.
 *
 * <pre>
 * reference       := name [ ":" tag ] [ "@" digest ]
 * name            := [domain '/'] path
 * domain          := host [':' port]
 * host            := domain-name | '[' IPv6 ']'
 * domain-name     := domain-component ['.' domain-component]*
 * domain-component:= [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * path            := path-component ['/' path-component]*
 * path-component  := [a-z0-9]+ [separator [a-z0-9]+]*
 * separator       := '.' | '_' | '__' | '-'+
 * tag             := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 * digest          := algorithm ':' hex    (algorithm components [A-Za-z][A-Za-z0-9]* joined by [-_+.];
 *                                          hex at least 32 hex digits)
 * </pre>
 *
 * <p>Matched by hand rather than with {@code java.util.regex}: name lookups run in every command, and
 * compiling and running these patterns in a fresh JVM took 15–20 ms before the JIT had seen them.
 * {@code ImageReferenceTest} holds distribution's own test cases.
 */
final class ReferenceGrammar {
    private ReferenceGrammar() {}

    /** Longest repository path docker accepts (distribution's RepositoryNameTotalLengthMax). */
    static final int PATH_MAX = 255;

    /** A whole reference split into name (domain and path), tag and digest; tag and digest may be null. */
    record Parts(String name, String tag, String digest) {}

    /** {@code ((?:domain/)?path)(?::(tag))?(?:@(digest))?}, or null when {@code s} does not match. */
    static Parts reference(String s) {
        String rest = s;
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            rest = s.substring(0, at);
            if (!isDigest(digest)) {
                return null;
            }
        }
        // A tag has neither ':' nor '/', and a path has no ':': a colon after the last slash starts the tag.
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!isTag(tag)) {
                return null;
            }
        }
        if (isPath(rest)) {
            return new Parts(rest, tag, digest);
        }
        int slash = rest.indexOf('/');
        if (slash > 0 && isDomain(rest.substring(0, slash)) && isPath(rest.substring(slash + 1))) {
            return new Parts(rest, tag, digest);
        }
        return null;
    }

    /** path-component ['/' path-component]* */
    static boolean isPath(String s) {
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            if (!isPathComponent(s, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    /** [a-z0-9]+ (separator [a-z0-9]+)*, separator := '.' | '_' | '__' | '-'+ */
    private static boolean isPathComponent(String s, int from, int to) {
        int i = from;
        while (true) {
            if (i >= to || !isLowerAlnum(s.charAt(i))) {
                return false;
            }
            while (i < to && isLowerAlnum(s.charAt(i))) {
                i++;
            }
            if (i == to) {
                return true;
            }
            char c = s.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '_') {
                i++;
                if (i < to && s.charAt(i) == '_') {
                    i++;
                }
            } else if (c == '-') {
                while (i < to && s.charAt(i) == '-') {
                    i++;
                }
            } else {
                return false;
            }
        }
    }

    /** (domain-name | '[' IPv6 ']') [':' port] */
    static boolean isDomain(String s) {
        int i;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int k = 1; k < close; k++) {
                char c = s.charAt(k);
                if (!(isHex(c) || c == ':')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            i = domainNameEnd(s);
            if (i < 0) {
                return false;
            }
        }
        if (i == s.length()) {
            return true;
        }
        if (s.charAt(i) != ':' || i + 1 == s.length()) {
            return false;
        }
        for (int k = i + 1; k < s.length(); k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the domain name at the start of {@code s} ends (at ':' or the end), or -1 when it is not
     * one: components of [a-zA-Z0-9-] that neither start nor end with '-', joined by '.'.
     */
    private static int domainNameEnd(String s) {
        int i = 0;
        while (true) {
            int start = i;
            while (i < s.length() && (isAlnum(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            if (i == start || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
                return -1;
            }
            if (i == s.length() || s.charAt(i) == ':') {
                return i;
            }
            if (s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    /** [\w][\w.-]{0,127} with ASCII \w, as Go's regexp has it */
    static boolean isTag(String s) {
        if (s.isEmpty() || s.length() > 128 || !isWord(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isWord(c) || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)* ':' [0-9a-fA-F]{32,} */
    static boolean isDigest(String s) {
        int colon = s.indexOf(':');
        if (colon < 0 || s.length() - colon - 1 < 32) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        int i = 0;
        while (true) {
            if (i >= colon || !isLetter(s.charAt(i))) {
                return false;
            }
            while (i < colon && isAlnum(s.charAt(i))) {
                i++;
            }
            if (i == colon) {
                return true;
            }
            char c = s.charAt(i);
            if (c != '-' && c != '_' && c != '+' && c != '.') {
                return false;
            }
            i++;
        }
    }

    /** go-digest's DigestRegexp: [a-z0-9]+([.+_-][a-z0-9]+)* ':' [a-zA-Z0-9=_-]+ */
    static boolean isDigestForm(String s) {
        int colon = s.indexOf(':');
        if (colon < 0 || colon == s.length() - 1) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlnum(c) || c == '=' || c == '_' || c == '-')) {
                return false;
            }
        }
        int i = 0;
        while (true) {
            if (i >= colon || !isLowerAlnum(s.charAt(i))) {
                return false;
            }
            while (i < colon && isLowerAlnum(s.charAt(i))) {
                i++;
            }
            if (i == colon) {
                return true;
            }
            char c = s.charAt(i);
            if (c != '.' && c != '+' && c != '_' && c != '-') {
                return false;
            }
            i++;
        }
    }

    /** 64 lower-case hex digits */
    static boolean isFullId(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (!isLowerHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isLowerHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isLowerHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }

    private static boolean isHex(char c) {
        return isLowerHex(c) || (c >= 'A' && c <= 'F');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isLetter(c) || isDigit(c);
    }

    static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    private static boolean isWord(char c) {
        return isAlnum(c) || c == '_';
    }
}
