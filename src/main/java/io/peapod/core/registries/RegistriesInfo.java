package io.peapod.core.registries;

import io.peapod.config.RegistriesConf;
import io.peapod.config.RegistriesConf.Mirror;
import io.peapod.config.RegistriesConf.Registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code podman info}'s {@code registries}: each {@code [[registry]]} under its prefix with the fields of
 * containers/image's Go struct (so capitalised), plus {@code search} when unqualified-search registries are
 * set; keys sorted, as Go prints a map.
 */
public final class RegistriesInfo {
    private RegistriesInfo() {}

    public static Map<String, Object> document(RegistriesConf conf) {
        Map<String, Object> doc = new TreeMap<>();
        for (Registry r : conf.registries()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Prefix", r.prefix());
            entry.put("Location", r.location());
            entry.put("Insecure", r.insecure());
            entry.put("PullFromMirror", "");
            // Go marshals a nil slice as null: a table without [[registry.mirror]].
            entry.put("Mirrors", r.mirrors().isEmpty() ? null : mirrors(r.mirrors()));
            entry.put("Blocked", r.blocked());
            entry.put("MirrorByDigestOnly", r.mirrorByDigestOnly());
            doc.put(r.prefix(), entry);
        }
        if (!conf.searchRegistries().isEmpty()) {
            doc.put("search", conf.searchRegistries());
        }
        return doc;
    }

    private static List<Object> mirrors(List<Mirror> mirrors) {
        List<Object> out = new ArrayList<>();
        for (Mirror m : mirrors) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Location", m.location());
            entry.put("Insecure", m.insecure());
            entry.put("PullFromMirror", m.pullFromMirror().configName());
            out.add(entry);
        }
        return out;
    }
}
