package io.peapod.image;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hand-written matcher against distribution/reference's grammar written as regular expressions
 * (the oracle), on many generated strings made of the characters that matter.
 */
class ReferenceGrammarTest {
    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String PATH = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile(
            "((?:" + DOMAIN + "/)?" + PATH + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern DIGEST_FORM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    private static final String[] PIECES = {"a", "b", "z", "0", "9", "A", "F", "x", ".", "_", "__", "-", "--", "/",
            ":", "@", "[", "]", "::1", "localhost", "5000", "sha256:", "0123456789abcdef0123456789abcdef", "=", "+", " "};

    @Test
    void agreesWithTheRegularGrammarOnGeneratedStrings() {
        Random random = new Random(42);
        int matched = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int parts = 1 + random.nextInt(8);
            for (int i = 0; i < parts; i++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String s = b.toString();
            Matcher m = REFERENCE.matcher(s);
            ReferenceGrammar.Parts p = ReferenceGrammar.reference(s);
            if (m.matches()) {
                matched++;
                assertEquals(new ReferenceGrammar.Parts(m.group(1), m.group(2), m.group(3)), p, s);
            } else {
                assertEquals(null, p, s);
            }
            assertEquals(DIGEST_FORM.matcher(s).matches(), ReferenceGrammar.isDigestForm(s), s);
            assertEquals(Pattern.matches(DOMAIN, s), ReferenceGrammar.isDomain(s), s);
            assertEquals(Pattern.matches(TAG, s), ReferenceGrammar.isTag(s), s);
        }
        // The generator must reach both sides of the grammar for the comparison to mean anything.
        org.junit.jupiter.api.Assertions.assertTrue(matched > 10_000, "only " + matched + " valid references generated");
    }

    @Test
    void acceptsTheUsualShapes() {
        assertEquals(new ReferenceGrammar.Parts("localhost:5000/a/b", "1.0", null), ReferenceGrammar.reference("localhost:5000/a/b:1.0"));
        assertEquals(new ReferenceGrammar.Parts("[::1]:5000/busybox", null, null), ReferenceGrammar.reference("[::1]:5000/busybox"));
        assertEquals(null, ReferenceGrammar.reference("Busybox"));
        assertEquals(null, ReferenceGrammar.reference("a:b:c"));
    }
}
