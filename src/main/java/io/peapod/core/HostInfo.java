package io.peapod.core;

import io.peapod.config.RegistriesConfException;
import io.peapod.core.registries.RegistriesInfo;
import io.peapod.core.registries.RegistriesPolicy;
import io.peapod.engine.EngineException;
import io.peapod.engine.Versions;
import io.peapod.state.Metadata;
import io.peapod.storage.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code podman info}: the host, the OCI runtime chosen for it and why, the store and registries. */
final class HostInfo {
    private final LocalEngine engine;
    private final Store store;

    HostInfo(LocalEngine engine, Store store) {
        this.engine = engine;
        this.store = store;
    }

    Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("host", host());
        doc.put("store", storeInfo());
        doc.put("registries", registries());
        doc.put("version", Versions.document());
        return doc;
    }

    /** registries.conf as podman shows it; a malformed file fails {@code info} as it does podman's. */
    private static Map<String, Object> registries() {
        try {
            return RegistriesInfo.document(RegistriesPolicy.loadConf(System.getenv(), isRoot()));
        } catch (RegistriesConfException e) {
            throw new EngineException("getting registries: " + e.getMessage());
        }
    }

    private Map<String, Object> host() {
        CgroupLayout cgroups = CgroupLayout.detect();
        RuntimeChoice runtime = RuntimeChoice.choose(engine.options().runtime(), cgroups);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("arch", "amd64");
        h.put("cgroupManager", "cgroupfs");
        h.put("cgroupVersion", cgroups.version());
        h.put("cgroupLayout", cgroups.name());
        h.put("conmon", Map.of("path", which("conmon")));
        h.put("cpus", Runtime.getRuntime().availableProcessors());
        h.put("hostname", read("/proc/sys/kernel/hostname"));
        h.put("kernel", read("/proc/sys/kernel/osrelease"));
        h.put("memTotal", memTotal());
        Map<String, Object> oci = new LinkedHashMap<>();
        oci.put("name", runtime.name());
        oci.put("path", runtime.path());
        oci.put("reason", runtime.reason());
        h.put("ociRuntime", oci);
        h.put("os", "linux");
        h.put("security", Map.of("rootless", isRoot() ? Boolean.FALSE : Boolean.TRUE));
        h.put("rlimitNofileHard", NofileLimit.hard());
        return h;
    }

    private Map<String, Object> storeInfo() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("configFile", System.getenv().getOrDefault("CONTAINERS_STORAGE_CONF", "/etc/peapod/storage.conf"));
        s.put("graphDriverName", store.driver().name());
        s.put("graphRoot", store.options().graphRoot().toString());
        s.put("runRoot", store.options().runRoot().toString());
        s.put("imageStore", Map.of("number", store.db().read(Metadata::images).size()));
        s.put("databaseSchemaVersion", io.peapod.state.Database.schemaVersion());
        return s;
    }

    static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return "";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static long memTotal() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
