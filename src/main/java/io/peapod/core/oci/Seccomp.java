package io.peapod.core.oci;

import io.peapod.image.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a containers-common seccomp profile (/usr/share/containers/seccomp.json) into config.json's
 * {@code linux.seccomp}, the way containers/common's pkg/seccomp setupSeccomp does: keep the entries whose
 * includes/excludes match this architecture and the container's bounding capabilities, expand
 * {@code archMap} into the native architecture and its sub-architectures, drop comments.
 */
final class Seccomp {

    static final Path DEFAULT_PROFILE = Path.of("/usr/share/containers/seccomp.json");

    private Seccomp() {
    }

    static Map<String, Object> load(Path profile, String goArch, List<String> bounding) {
        try {
            return convert(parsed(profile), goArch, bounding);
        } catch (IOException | io.peapod.image.ImageException e) {
            throw new SpecException("loading seccomp profile (" + profile + ") failed: " + e.getMessage(), e);
        }
    }

    /** The default profile read and parsed ahead by {@link #prefetchDefault}, for the next load of it; or null. */
    private static volatile java.util.concurrent.FutureTask<Map<String, Object>> prefetched;

    /**
     * Reads and parses the default profile (16 KB of JSON, ~5 ms in a fresh JVM) on a thread of its own, while
     * the command that will start a container creates it and sets up its network.
     */
    static void prefetchDefault() {
        if (prefetched == null) {
            var task = new java.util.concurrent.FutureTask<>(() -> read(DEFAULT_PROFILE));
            prefetched = task;
            Thread.ofPlatform().daemon().name("seccomp-profile").start(task);
        }
    }

    private static Map<String, Object> parsed(Path profile) throws IOException {
        var ahead = prefetched;
        if (ahead != null && profile.equals(DEFAULT_PROFILE)) {
            prefetched = null;   // used once: a later start in this JVM reads the file as it is then
            try {
                return ahead.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // read again below, which reports the failure as a load always has
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return read(profile);
    }

    private static Map<String, Object> read(Path profile) throws IOException {
        return Json.object(Files.readAllBytes(profile), "seccomp profile");
    }

    /** The Go architecture name libseccomp reports as native ("amd64", "arm64", ...). */
    static String nativeArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "aarch64" -> "arm64";
            case "x86_64" -> "amd64";
            case "x86", "i386", "i686" -> "386";
            default -> a; // amd64, ppc64le, s390x, riscv64 are spelt the same
        };
    }

    /** The libseccomp name of a Go architecture, as GetArchitecture in containers/common. */
    static String scmpArch(String goArch) {
        return switch (goArch) {
            case "amd64" -> "SCMP_ARCH_X86_64";
            case "386" -> "SCMP_ARCH_X86";
            case "arm64" -> "SCMP_ARCH_AARCH64";
            case "arm" -> "SCMP_ARCH_ARM";
            case "ppc64le" -> "SCMP_ARCH_PPC64LE";
            case "ppc64" -> "SCMP_ARCH_PPC64";
            case "s390x" -> "SCMP_ARCH_S390X";
            case "riscv64" -> "SCMP_ARCH_RISCV64";
            default -> "SCMP_ARCH_" + goArch.toUpperCase(java.util.Locale.ROOT);
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> convert(Map<String, Object> profile, String goArch, List<String> bounding) {
        List<Map<String, Object>> syscalls = (List<Map<String, Object>>) profile.getOrDefault("syscalls", List.of());
        Object defaultAction = profile.get("defaultAction");
        if ((defaultAction == null || "".equals(defaultAction)) && syscalls.isEmpty()) {
            return null; // containers/common: no default action and no syscalls means seccomp disabled
        }
        List<String> architectures = (List<String>) profile.getOrDefault("architectures", List.of());
        List<Map<String, Object>> archMap = (List<Map<String, Object>>) profile.getOrDefault("archMap", List.of());
        if (!architectures.isEmpty() && !archMap.isEmpty()) {
            throw new SpecException("both 'architectures' and 'archMap' are specified in the seccomp profile,"
                    + " use either 'architectures' or 'archMap'");
        }
        var archs = new ArrayList<>(architectures);
        String scmp = scmpArch(goArch);
        for (Map<String, Object> a : archMap) {
            if (scmp.equals(a.get("architecture"))) {
                archs.add(scmp);
                archs.addAll((List<String>) a.getOrDefault("subArchitectures", List.of()));
                break;
            }
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("defaultAction", defaultAction);
        if (profile.get("defaultErrnoRet") != null) {
            out.put("defaultErrnoRet", profile.get("defaultErrnoRet"));
        }
        if (!archs.isEmpty()) {
            out.put("architectures", archs);
        }
        var calls = new ArrayList<Map<String, Object>>();
        for (Map<String, Object> call : syscalls) {
            Map<String, Object> spec = applies(call, goArch, bounding) ? specSyscall(call) : null;
            if (spec != null) {
                calls.add(spec);
            }
        }
        out.put("syscalls", calls);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean applies(Map<String, Object> call, String arch, List<String> bounding) {
        Map<String, Object> ex = (Map<String, Object>) call.getOrDefault("excludes", Map.of());
        Map<String, Object> in = (Map<String, Object>) call.getOrDefault("includes", Map.of());
        List<String> exArches = list(ex, "arches");
        List<String> exCaps = list(ex, "caps");
        List<String> inArches = list(in, "arches");
        List<String> inCaps = list(in, "caps");
        if (exArches.contains(arch) || exCaps.stream().anyMatch(bounding::contains)) {
            return false;
        }
        if (!inArches.isEmpty() && !inArches.contains(arch)) {
            return false;
        }
        // every included capability must be in the bounding set, not just one
        return bounding.containsAll(inCaps);
        // minKernel is not in containers-common 0.50's profile; it would be checked here
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    /** Field order and omitted empties follow runtime-spec's Go struct (names, action, errnoRet, args). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> specSyscall(Map<String, Object> call) {
        Object name = call.get("name");
        List<String> names = list(call, "names");
        if (name != null && !"".equals(name) && !names.isEmpty()) {
            throw new SpecException("'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'");
        }
        if (names.isEmpty() && (name == null || "".equals(name))) {
            return null; // nothing to match: containers/common appends nothing either
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("names", names.isEmpty() ? List.of(name) : names);
        out.put("action", call.get("action"));
        if (call.get("errnoRet") != null) {
            out.put("errnoRet", call.get("errnoRet"));
        }
        List<Map<String, Object>> args = (List<Map<String, Object>>) call.get("args");
        if (args != null && !args.isEmpty()) {
            var outArgs = new ArrayList<Map<String, Object>>();
            for (Map<String, Object> a : args) {
                var arg = new LinkedHashMap<String, Object>();
                arg.put("index", a.getOrDefault("index", 0));
                arg.put("value", a.getOrDefault("value", 0));
                Object two = a.get("valueTwo");
                if (two instanceof Number n && n.longValue() != 0) {
                    arg.put("valueTwo", two);
                }
                arg.put("op", a.get("op"));
                outArgs.add(arg);
            }
            out.put("args", outArgs);
        }
        return out;
    }
}
