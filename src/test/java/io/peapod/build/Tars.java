package io.peapod.build;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Raw tar members for tests, hostile ones included (no library would write "../x"). */
final class Tars {
    private Tars() {
    }

    record Member(String name, char type, String link, byte[] data, int mode) {}

    static Member file(String name, String data) {
        return new Member(name, '0', "", data.getBytes(StandardCharsets.UTF_8), 0644);
    }

    static Member dir(String name) {
        return new Member(name, '5', "", new byte[0], 0755);
    }

    static Member symlink(String name, String target) {
        return new Member(name, '2', target, new byte[0], 0777);
    }

    static Member hardlink(String name, String target) {
        return new Member(name, '1', target, new byte[0], 0644);
    }

    static byte[] tar(Member... members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Member m : members) {
            byte[] h = new byte[512];
            put(h, 0, m.name(), 100);
            put(h, 100, String.format("%07o", m.mode()), 8);
            put(h, 108, "0000000", 8);
            put(h, 116, "0000000", 8);
            put(h, 124, String.format("%011o", m.data().length), 12);
            put(h, 136, "00000000000", 12);
            Arrays.fill(h, 148, 156, (byte) ' ');
            h[156] = (byte) m.type();
            put(h, 157, m.link(), 100);
            put(h, 257, "ustar", 6);
            put(h, 263, "00", 2);
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum), 7);
            h[155] = ' ';
            out.writeBytes(h);
            out.writeBytes(m.data());
            out.writeBytes(new byte[(512 - m.data().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s, int len) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(b.length, len));
    }
}
