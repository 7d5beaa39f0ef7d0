package io.peapod.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code bearer}
 * or {@code basic} (lower-cased) and its parameters ({@code realm}, {@code service}, {@code scope},
 * {@code error}; names lower-cased, values unquoted).
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {

    public String parameter(String name) {
        return parameters.get(name);
    }

    /**
     * Every challenge in the given header values. A value may hold several challenges separated by
     * commas, as may the parameters of one challenge: a token not followed by {@code =} starts a
     * new challenge. Malformed parts are skipped, as Go's net/http-based parsers do.
     */
    public static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String value : headerValues) {
            parseOne(value, out);
        }
        return out;
    }

    private static void parseOne(String s, List<AuthChallenge> out) {
        int i = 0;
        int n = s.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            i = skip(s, i, " \t,");
            if (i >= n) break;
            int start = i;
            while (i < n && isTokenChar(s.charAt(i))) i++;
            if (i == start) {   // not a token: skip one character and go on
                i++;
                continue;
            }
            String token = s.substring(start, i);
            int afterSpace = skip(s, i, " \t");
            if (afterSpace < n && s.charAt(afterSpace) == '=' && scheme != null) {
                i = skip(s, afterSpace + 1, " \t");
                String value;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder b = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        char c = s.charAt(i);
                        if (c == '\\' && i + 1 < n) {
                            c = s.charAt(++i);
                        }
                        b.append(c);
                        i++;
                    }
                    i++;   // closing quote
                    value = b.toString();
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') i++;
                    value = s.substring(vs, i);
                }
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, Map.copyOf(params)));
                    params = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
                i = afterSpace;
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, Map.copyOf(params)));
        }
    }

    private static int skip(String s, int i, String chars) {
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) i++;
        return i;
    }

    private static boolean isTokenChar(char c) {
        return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
