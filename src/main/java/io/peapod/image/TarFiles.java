package io.peapod.image;

import io.peapod.storage.PathSafety;
import io.peapod.storage.tar.CountingInputStream;
import io.peapod.storage.tar.TarEntry;
import io.peapod.storage.tar.TarReader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An uncompressed tar archive on disk, indexed once so members can be read in any order:
 * docker-archive writes manifest.json last, but we need it first.
 */
public final class TarFiles implements ArchiveFiles {
    private record Member(long offset, long size) {}

    private final Path file;
    private final Map<String, Member> members = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();   // symlinked and hardlinked members

    private TarFiles(Path file) {
        this.file = file;
    }

    public static TarFiles index(Path file) throws IOException {
        TarFiles t = new TarFiles(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024));
            TarReader reader = new TarReader(counted, null);
            TarEntry e;
            while ((e = reader.next()) != null) {
                if (e.isRegular()) {
                    // A symlinked member (docker writes some) is looked up through its target below.
                    t.members.put(PathSafety.clean(e.name()), new Member(counted.count(), e.size()));
                } else if (e.type() == TarEntry.SYMLINK || e.type() == TarEntry.HARDLINK) {
                    t.links.put(PathSafety.clean(e.name()), e.linkName());
                }
            }
        }
        return t;
    }

    @Override
    public boolean exists(String path) {
        return member(path) != null;
    }

    @Override
    public long size(String path) {
        Member m = member(path);
        return m == null ? -1 : m.size();
    }

    @Override
    public InputStream open(String path) throws IOException {
        Member m = member(path);
        if (m == null) {
            throw new ImageException("file " + path + " not found in archive " + file);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(m.offset());
        InputStream raw = Channels.newInputStream(ch);
        return new java.io.FilterInputStream(new BufferedInputStream(raw, 64 * 1024)) {
            private long left = m.size();

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    private Member member(String path) {
        String p = PathSafety.clean(path);
        for (int hops = 0; hops < 8; hops++) {
            Member m = members.get(p);
            if (m != null) {
                return m;
            }
            String target = links.get(p);
            if (target == null) {
                return null;
            }
            String dir = p.contains("/") ? p.substring(0, p.lastIndexOf('/') + 1) : "";
            p = PathSafety.clean(target.startsWith("/") ? target.substring(1) : dir + target);
        }
        return null;
    }
}
