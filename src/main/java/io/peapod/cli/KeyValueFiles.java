package io.peapod.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --env-file} and {@code --label-file}: podman's KEY=VALUE files (pkg/env and pkg/parse). Leading
 * white space and {@code #} lines are skipped, values are kept as written (no quotes removed), a bare
 * {@code KEY} takes the value of this process's environment (an env file) or "" (a label file), and
 * {@code PREFIX*} takes every host variable starting with PREFIX. Read on the client, as podman does.
 */
final class KeyValueFiles {
    private static final String WHITE_SPACES = " \t";

    enum Kind { ENV, LABEL }

    private KeyValueFiles() {}

    /**
     * {@code --env-file}s (for create/run and exec) as "K=V" entries, in order; podman's error
     * ("parsing env file ...") for a file that cannot be read or parsed.
     */
    static List<String> envEntries(List<String> files, Map<String, String> hostEnv) {
        List<String> env = new java.util.ArrayList<>();
        for (String file : files) {
            try {
                read(Path.of(file), Kind.ENV, hostEnv).forEach((k, v) -> env.add(k + "=" + v));
            } catch (IOException e) {
                throw new io.peapod.engine.EngineException("parsing env file \"" + file + "\": " + e.getMessage());
            }
        }
        return env;
    }

    /** The file's entries, in file order, later ones winning; errors carry podman's wording without its prefix. */
    static Map<String, String> read(Path file, Kind kind, Map<String, String> hostEnv) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines;
        if (Files.isDirectory(file)) {
            throw new IOException("read " + file + ": is a directory");
        }
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("open " + file + ": no such file or directory");
        }
        for (String raw : lines) {
            String line = stripLeading(raw);
            if (!line.isEmpty() && !line.startsWith("#")) {
                parseLine(out, line, kind, hostEnv);
            }
        }
        return out;
    }

    static void parseLine(Map<String, String> out, String line, Kind kind, Map<String, String> hostEnv) throws IOException {
        int eq = line.indexOf('=');
        String key = eq < 0 ? line : line.substring(0, eq);
        if (key.isEmpty()) {
            throw new IOException("invalid environment variable: \"" + line + "\"");
        }
        String name = stripLeading(key);
        if (kind == Kind.LABEL && (name.contains(" ") || name.contains("\t"))) {
            throw new IOException("name \"" + name + "\" has white spaces, poorly formatted name");
        }
        if (eq >= 0) {
            out.put(name, line.substring(eq + 1));
        } else if (name.endsWith("*")) {
            String prefix = name.substring(0, name.length() - 1);
            hostEnv.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    out.put(k, v);
                }
            });
        } else if (kind == Kind.LABEL) {
            out.put(name, "");
        } else if (hostEnv.containsKey(name)) {
            out.put(name, hostEnv.get(name));
        }
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && WHITE_SPACES.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }
}
