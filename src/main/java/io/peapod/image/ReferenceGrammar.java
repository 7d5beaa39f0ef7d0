package io.peapod.image;

import java.util.regex.Pattern;

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
 */
final class ReferenceGrammar {
    private ReferenceGrammar() {}

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    static final String PATH = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    // Zone identifiers and IPv4-mapped forms are deliberately not accepted, as in distribution/reference.
    private static final String IPV6 = "\\[[a-fA-F0-9:]+\\]";
    static final String DOMAIN = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";

    // \w is ASCII-only in Java unless UNICODE_CHARACTER_CLASS is set, matching Go.
    static final String TAG = "[\\w][\\w.-]{0,127}";
    static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    /** Whole reference; groups: 1 name, 2 tag, 3 digest. Backtracking keeps the domain optional. */
    static final Pattern REFERENCE = Pattern.compile(
            "((?:" + DOMAIN + "/)?" + PATH + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    static final Pattern PATH_PATTERN = Pattern.compile(PATH);
    static final Pattern DOMAIN_PATTERN = Pattern.compile(DOMAIN);
    static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    static final Pattern FULL_ID = Pattern.compile("[a-f0-9]{64}");

    /** Longest repository path docker accepts (distribution's RepositoryNameTotalLengthMax). */
    static final int PATH_MAX = 255;
}
