package io.peapod.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class DetachMatcherTest {
    private static final byte[] KEYS = {16, 17};   // ctrl-p,ctrl-q

    private static String sent(DetachMatcher.Result r) {
        return new String(Arrays.copyOf(r.bytes(), r.length()), StandardCharsets.ISO_8859_1);
    }

    private static DetachMatcher.Result feed(DetachMatcher m, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return m.feed(b, b.length);
    }

    @Test
    void ordinaryInputPassesThrough() {
        DetachMatcher m = new DetachMatcher(KEYS);
        DetachMatcher.Result r = feed(m, "ls -l\r");
        assertThat(sent(r)).isEqualTo("ls -l\r");
        assertThat(r.detach()).isFalse();
    }

    @Test
    void theSequenceDetachesWithinOneReadOrAcrossReads() {
        DetachMatcher.Result r = feed(new DetachMatcher(KEYS), "ab\020\021cd");
        assertThat(r.detach()).isTrue();
        assertThat(sent(r)).isEqualTo("ab");   // what came before is sent, nothing after

        DetachMatcher m = new DetachMatcher(KEYS);
        r = feed(m, "x\020");
        assertThat(sent(r)).isEqualTo("x");    // the ctrl-p is held back until we know
        assertThat(r.detach()).isFalse();
        assertThat(feed(m, "\021").detach()).isTrue();
    }

    @Test
    void aFalseStartIsSentAfterAll() {
        DetachMatcher m = new DetachMatcher(KEYS);
        assertThat(sent(feed(m, "\020"))).isEmpty();
        DetachMatcher.Result r = feed(m, "k");
        assertThat(sent(r)).isEqualTo("\020k");   // ctrl-p then k: readline's "previous line" and a k
        assertThat(r.detach()).isFalse();
        r = feed(m, "\020\020\021");
        assertThat(sent(r)).isEqualTo("\020");
        assertThat(r.detach()).isTrue();
    }

    @Test
    void noKeysMeansNoDetaching() {
        DetachMatcher.Result r = feed(new DetachMatcher(new byte[0]), "\020\021");
        assertThat(sent(r)).isEqualTo("\020\021");
        assertThat(r.detach()).isFalse();
    }
}
