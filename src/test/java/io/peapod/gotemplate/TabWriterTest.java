package io.peapod.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {
    static String tw(int minwidth, int tabwidth, int padding, char padchar, int flags, String... writes) {
        StringBuilder sb = new StringBuilder();
        TabWriter w = new TabWriter(sb, minwidth, tabwidth, padding, padchar, flags);
        for (String s : writes) w.write(s);
        w.flush();
        return sb.toString();
    }

    @Test
    void podmanImagesTable() {
        StringBuilder sb = new StringBuilder();
        TabWriter w = TabWriter.podman(sb);
        w.write("REPOSITORY\tTAG\tIMAGE ID\n");
        w.write("docker.io/library/alpine\tlatest\tabc123\n");
        w.write("quay.io/x\t1.0\tdef456\n");
        w.flush();
        // col 0: widest 24 + padding 2 = 26; col 1: 6 + 2 = 8 < minwidth 12; last cell unaligned
        assertThat(sb.toString()).isEqualTo(
                "REPOSITORY" + " ".repeat(16) + "TAG" + " ".repeat(9) + "IMAGE ID\n"
                        + "docker.io/library/alpine  latest      abc123\n"
                        + "quay.io/x" + " ".repeat(17) + "1.0" + " ".repeat(9) + "def456\n");
    }

    @Test
    void podmanHeaderOnlyMatchesObservedPodmanOutput() {
        assertThat(tw(12, 2, 2, ' ', 0, "CONTAINER ID\tCREATED AT\tRUNNING FOR\n"))
                .isEqualTo("CONTAINER ID  CREATED AT  RUNNING FOR\n");
        assertThat(tw(12, 2, 2, ' ', 0, "IMAGE ID\t<no value>\tSIZE\n")).isEqualTo("IMAGE ID    <no value>  SIZE\n");
    }

    @Test
    void goDocExampleTabsAndRightAlign() {
        assertThat(tw(0, 8, 0, '\t', 0, "a\tb\tc\td\t.\n", "123\t12345\t1234567\t123456789\t.\n"))
                .isEqualTo("a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n");
        assertThat(tw(5, 0, 1, ' ', TabWriter.ALIGN_RIGHT, "a\tb\tc\td\t.\n", "123\t12345\t1234567\t123456789\t.\n"))
                .isEqualTo("    a     b       c         d.\n  123 12345 1234567 123456789.\n");
    }

    @Test
    void goDocExampleElastic() {
        assertThat(tw(0, 0, 1, '.', TabWriter.ALIGN_RIGHT | TabWriter.DEBUG,
                "a\tb\tc\n", "aa\tbb\tcc\n", "aaa\t\n", "aaaa\tdddd\teeee\n"))
                .isEqualTo("....a|..b|c\n...aa|.bb|cc\n..aaa|\n.aaaa|.dddd|eeee\n");
    }

    @Test
    void goDocExampleTrailingTab() {
        assertThat(tw(0, 0, 3, '-', TabWriter.ALIGN_RIGHT | TabWriter.DEBUG,
                "a\tb\taligned\t\n", "aa\tbb\taligned\t\n", "aaa\tbbb\tunaligned\n", "aaaa\tbbbb\taligned\t\n"))
                .isEqualTo("------a|------b|---aligned|\n-----aa|-----bb|---aligned|\n"
                        + "----aaa|----bbb|unaligned\n---aaaa|---bbbb|---aligned|\n");
    }

    @Test
    void columnBlocksEndAtLinesWithoutThatColumn() {
        assertThat(tw(0, 8, 1, '.', 0, "a\tb\tc\naa\tb\nx\naaa\tbbbbbbbbbbbbbbbbb\tc\n"))
                .isEqualTo("a..b.c\naa.b\nx\naaa.bbbbbbbbbbbbbbbbb.c\n");
    }

    @Test
    void widthCountsCodePointsAndPartialLineIsFlushed() {
        assertThat(tw(0, 0, 1, ' ', 0, "é\tx\nab\ty\n", "tail")).isEqualTo("é  x\nab y\ntail");
        // writes may split cells anywhere
        assertThat(tw(0, 0, 1, ' ', 0, "ab", "c\td", "\nx", "\ty\n")).isEqualTo("abc d\nx   y\n");
    }

    @Test
    void discardEmptyColumns() {
        assertThat(tw(0, 0, 1, '.', TabWriter.DISCARD_EMPTY_COLUMNS, "a\t\tb\n", "c\t\td\n"))
                .isEqualTo("a..b\nc..d\n");
        assertThat(tw(0, 0, 1, '.', 0, "a\t\tb\n", "c\t\td\n")).isEqualTo("a..b\nc..d\n");
    }
}
