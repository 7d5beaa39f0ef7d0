package io.peapod.storage.tar;

import java.util.Map;

/**
 * One tar member after PAX and GNU extension headers have been folded in.
 *
 * @param name      the member's path as written in the archive (not yet cleaned)
 * @param type      the typeflag: see the constants in {@link TarEntry}
 * @param xattrs    extended attributes from {@code SCHILY.xattr.*} / {@code LIBARCHIVE.xattr.*}, raw bytes
 */
public record TarEntry(String name, byte type, int mode, long uid, long gid, long size, String linkName,
                       int devMajor, int devMinor, long mtimeSeconds, int mtimeNanos,
                       Map<String, byte[]> xattrs) {
    public static final byte REGULAR = '0', REGULAR_OLD = 0, HARDLINK = '1', SYMLINK = '2', CHAR = '3',
            BLOCK = '4', DIRECTORY = '5', FIFO = '6', CONTIGUOUS = '7';

    public boolean isRegular() {
        return type == REGULAR || type == REGULAR_OLD || type == CONTIGUOUS;
    }

    public boolean isDirectory() {
        return type == DIRECTORY;
    }
}
