package io.peapod.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code path/filepath} {@code Clean} and {@code Match} on Linux, ported line for line: buildah globs COPY
 * sources with {@code filepath.Glob} and checks ignore patterns with {@code filepath.Match}, so their quirks
 * (no {@code !} negation, {@code \} escapes, {@code *} never crossing {@code /}) are the ones users meet.
 */
final class GoPath {
    /** Go's {@code filepath.ErrBadPattern}. */
    static final class BadPatternException extends Exception {
        BadPatternException() {
            super("syntax error in pattern");
        }
    }

    private GoPath() {
    }

    /** {@code filepath.Clean}: the shortest equivalent path ("." for empty); ".." above a leading "/" is dropped. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** {@code filepath.Glob}'s test for a pattern: whether it has any of {@code *?[\}. */
    static boolean hasMeta(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /** {@code filepath.Match}: whether {@code name} matches {@code pattern} entirely. */
    static boolean match(String pattern, String name) throws BadPatternException {
        int[] p = pattern.codePoints().toArray();
        int[] n = name.codePoints().toArray();
        int pi = 0;
        int ni = 0;
        patterns:
        while (pi < p.length) {
            boolean star = false;
            while (pi < p.length && p[pi] == '*') {
                pi++;
                star = true;
            }
            int chunkStart = pi;
            int chunkEnd = scanChunk(p, pi);
            pi = chunkEnd;
            if (star && chunkStart == chunkEnd) {
                // A trailing * matches the rest of the name unless it has a /.
                for (int i = ni; i < n.length; i++) {
                    if (n[i] == '/') {
                        return false;
                    }
                }
                return true;
            }
            int t = matchChunk(p, chunkStart, chunkEnd, n, ni);
            if (t >= 0 && (t == n.length || pi < p.length)) {
                ni = t;
                continue;
            }
            if (star) {
                for (int i = ni; i < n.length && n[i] != '/'; i++) {
                    t = matchChunk(p, chunkStart, chunkEnd, n, i + 1);
                    if (t >= 0) {
                        if (pi == p.length && t < n.length) {
                            continue;
                        }
                        ni = t;
                        continue patterns;
                    }
                }
            }
            // Before answering no, check that the rest of the pattern is well formed.
            while (pi < p.length) {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                int s = pi;
                pi = scanChunk(p, pi);
                matchChunk(p, s, pi, n, n.length);
            }
            return false;
        }
        return ni == n.length;
    }

    /** The end of the chunk starting at {@code i}: up to the next * outside a [...] class. */
    private static int scanChunk(int[] p, int i) {
        boolean inRange = false;
        for (; i < p.length; i++) {
            switch (p[i]) {
                case '\\' -> {
                    if (i + 1 < p.length) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return i;
    }

    /** Matches the chunk p[ps, pe) at the start of n[ni..]: the index after it, or -1 (the chunk checked whole). */
    private static int matchChunk(int[] p, int ps, int pe, int[] n, int ni) throws BadPatternException {
        boolean failed = false;
        int ci = ps;
        while (ci < pe) {
            if (!failed && ni >= n.length) {
                failed = true;
            }
            switch (p[ci]) {
                case '[' -> {
                    int r = -1;
                    if (!failed) {
                        r = n[ni++];
                    }
                    ci++;
                    boolean negated = false;
                    if (ci < pe && p[ci] == '^') {
                        negated = true;
                        ci++;
                    }
                    boolean matched = false;
                    int nrange = 0;
                    while (true) {
                        if (ci < pe && p[ci] == ']' && nrange > 0) {
                            ci++;
                            break;
                        }
                        int[] lo = escaped(p, ci, pe);
                        ci = lo[1];
                        int hi = lo[0];
                        if (p[ci] == '-') {
                            int[] h = escaped(p, ci + 1, pe);
                            hi = h[0];
                            ci = h[1];
                        }
                        if (lo[0] <= r && r <= hi) {
                            matched = true;
                        }
                        nrange++;
                    }
                    if (matched == negated) {
                        failed = true;
                    }
                }
                case '?' -> {
                    if (!failed) {
                        if (n[ni] == '/') {
                            failed = true;
                        }
                        ni++;
                    }
                    ci++;
                }
                default -> {
                    if (p[ci] == '\\') {
                        ci++;
                        if (ci >= pe) {
                            throw new BadPatternException();
                        }
                    }
                    if (!failed) {
                        if (p[ci] != n[ni]) {
                            failed = true;
                        }
                        ni++;
                    }
                    ci++;
                }
            }
        }
        return failed ? -1 : ni;
    }

    /** Go's getEsc: one possibly escaped character of a class, {char, next index}; a class must go on after it. */
    private static int[] escaped(int[] p, int i, int pe) throws BadPatternException {
        if (i >= pe || p[i] == '-' || p[i] == ']') {
            throw new BadPatternException();
        }
        if (p[i] == '\\') {
            i++;
            if (i >= pe) {
                throw new BadPatternException();
            }
        }
        int r = p[i];
        i++;
        if (i >= pe) {
            throw new BadPatternException();
        }
        return new int[] {r, i};
    }
}
