package io.peapod.storage.tar;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Full members written by TarWriter.entry read back by our reader and by GNU tar's rules (via commons-compress). */
class TarWriterEntryTest {

    @Test
    void everyKindOfMemberRoundTripsWithItsMetadata() throws IOException {
        String longName = "d/" + "x".repeat(150) + "/file";
        String longLink = "/" + "t".repeat(120);
        byte[] cap = {1, 0, 0, 2, (byte) 0xff, 0, 0, 0};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(b);
        w.entry(new TarEntry("d/", TarEntry.DIRECTORY, 01777, 0, 0, 0, "", 0, 0, 100, 0, Map.of()), "root", "root");
        w.end();
        w.entry(new TarEntry(longName, TarEntry.REGULAR, 04751, 3_000_000, 70_000, 5, "", 0, 0, 1_000_000_000L, 0,
                Map.of("security.capability", cap)), null, null);
        w.data().write("hello".getBytes(StandardCharsets.UTF_8));
        w.end();
        w.entry(new TarEntry("d/link", TarEntry.SYMLINK, 0777, 0, 0, 0, longLink, 0, 0, 5, 0, Map.of()), null, null);
        w.end();
        w.entry(new TarEntry("d/hard", TarEntry.HARDLINK, 0644, 0, 0, 0, longName, 0, 0, 5, 0, Map.of()), null, null);
        w.end();
        w.entry(new TarEntry("d/null", TarEntry.CHAR, 0666, 0, 0, 0, "", 1, 3, 5, 0, Map.of()), null, null);
        w.end();
        w.close();

        TarReader r = new TarReader(new ByteArrayInputStream(b.toByteArray()), null);
        List<TarEntry> read = new ArrayList<>();
        TarEntry e;
        byte[] content = null;
        while ((e = r.next()) != null) {
            read.add(e);
            if (e.isRegular()) {
                content = r.payload().readAllBytes();
            }
        }
        assertThat(read).extracting(TarEntry::name).containsExactly("d/", longName, "d/link", "d/hard", "d/null");
        assertThat(read.get(0).mode()).isEqualTo(01777);
        TarEntry f = read.get(1);
        assertThat(f.mode()).isEqualTo(04751);
        assertThat(f.uid()).isEqualTo(3_000_000);
        assertThat(f.gid()).isEqualTo(70_000);
        assertThat(f.mtimeSeconds()).isEqualTo(1_000_000_000L);
        assertThat(f.xattrs().get("security.capability")).isEqualTo(cap);
        assertThat(content).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get(2).linkName()).isEqualTo(longLink);
        assertThat(read.get(3).linkName()).isEqualTo(longName);
        assertThat(read.get(4).devMajor()).isEqualTo(1);
        assertThat(read.get(4).devMinor()).isEqualTo(3);

        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new ByteArrayInputStream(b.toByteArray()))) {
            var first = in.getNextEntry();
            assertThat(first.getUserName()).isEqualTo("root");
            assertThat(in.getNextEntry().getName()).isEqualTo(longName);
        }
    }
}
