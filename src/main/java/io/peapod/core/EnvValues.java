package io.peapod.core;

import io.peapod.engine.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code exec -e} values as podman's pkg/env reads them: "K=V"; "K" alone takes the host's value if it
 * has one; "K*" takes every host variable whose name starts with K. (Env files are read by the CLI.)
 */
final class EnvValues {
    private static final String BLANKS = " \t\n";

    private EnvValues() {}

    /** Adds {@code entries} to {@code into}, a later value replacing an earlier one. */
    static void parse(List<String> entries, Map<String, String> host, Map<String, String> into) {
        for (String entry : entries) {
            add(entry, host, into);
        }
    }

    private static void add(String entry, Map<String, String> host, Map<String, String> into) {
        int eq = entry.indexOf('=');
        String name = eq < 0 ? entry : entry.substring(0, eq);
        if (name.isEmpty()) {
            throw new EngineException("invalid variable: \"" + entry + "\"");
        }
        name = trimLeading(name);
        if (eq >= 0) {
            into.put(name, entry.substring(eq + 1));
        } else if (name.endsWith("*")) {
            String prefix = name.substring(0, name.length() - 1);
            host.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    into.put(k, v);
                }
            });
        } else if (host.containsKey(name)) {
            into.put(name, host.get(name));
        }
    }

    private static String trimLeading(String s) {
        int i = 0;
        while (i < s.length() && BLANKS.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }
}
