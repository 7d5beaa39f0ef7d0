package io.peapod.cli;

import java.io.IOException;
import java.io.InputStream;

/** Reads a y/N answer from standard input, as podman's prompts do. */
final class Confirm {
    private Confirm() {}

    static boolean yes(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
        } catch (IOException e) {
            return false;
        }
        String a = line.toString().trim().toLowerCase(java.util.Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }
}
