package io.peapod;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The layers of DESIGN.md §2 only ever depend downwards: checked on the imports of every main source file. */
class LayeringTest {
    /** Which Peapod packages each package may import. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("cli", Set.of("cli", "engine", "gotemplate", "core", "json")),
            Map.entry("gotemplate", Set.of("gotemplate")),
            Map.entry("engine", Set.of("engine", "json")),
            Map.entry("core", Set.of("core", "build", "engine", "network", "registry", "image", "storage", "state", "config", "sys", "json")),
            Map.entry("build", Set.of("build", "json", "image")),
            Map.entry("network", Set.of("network", "engine", "config", "state", "sys", "json")),
            Map.entry("registry", Set.of("registry", "image", "config", "json")),
            Map.entry("image", Set.of("image", "storage", "json")),
            Map.entry("storage", Set.of("storage", "state", "sys", "json")),
            Map.entry("state", Set.of("state", "json")),
            Map.entry("json", Set.of("json")),
            Map.entry("config", Set.of("config")),
            Map.entry("sys", Set.of("sys")));

    /** Imports, and fully qualified names in code, of Peapod packages. */
    private static final Pattern IMPORT = Pattern.compile("(?:^import (?:static )?|[^.\\w])io\\.peapod\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyTheLayersBelowIt() throws IOException {
        Path root = Path.of("src/main/java/io/peapod");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f).getName(0).toString();
                assertThat(ALLOWED).as("package %s has no layering rule", pkg).containsKey(pkg);
                String text = Files.readString(f).replaceFirst("(?m)^package [^;]+;", "");
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    if (!ALLOWED.get(pkg).contains(m.group(1))) {
                        violations.add(f + " imports io.peapod." + m.group(1));
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void onlyTheCliUsesCoreAndOnlyToBuildTheLocalEngine() throws IOException {
        Path cli = Path.of("src/main/java/io/peapod/cli");
        List<String> users = new ArrayList<>();
        try (Stream<Path> files = Files.walk(cli)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher m = Pattern.compile("^import io\\.peapod\\.core\\.(\\w+);", Pattern.MULTILINE).matcher(text);
                while (m.find()) {
                    users.add(f.getFileName() + ":" + m.group(1));
                }
            }
        }
        assertThat(users).containsExactly("Invocation.java:LocalEngine");
    }
}
