package io.peapod.config;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * containers.conf as far as Peapod reads it: the {@code [network]} table and the {@code [containers]} keys that
 * shape a container's network files. Found and merged as containers/common 0.50 (podman 4.3.1) does:
 * {@code $CONTAINERS_CONF} alone when set (an error when missing), else {@code /usr/share/containers/containers.conf},
 * {@code /etc/containers/containers.conf}, {@code /etc/containers/containers.conf.d/*.conf} and, rootless,
 * {@code $XDG_CONFIG_HOME/containers/containers.conf} (+ {@code .d}); each file sets only the keys it names.
 * Errors carry podman's wording (it logs them and exits 1): see {@link ContainersConfException}.
 *
 * @param networkConfigDir   {@code [network] network_config_dir}, "" when unset (the caller picks podman's default)
 * @param defaultNetwork     {@code [network] default_network}, "podman" when unset or empty
 * @param defaultSubnet      {@code [network] default_subnet}, unparsed: podman checks it only when it builds networks
 * @param defaultSubnetPools {@code [network] default_subnet_pools}, validated (IPv4 bases, size within base..32)
 * @param dnsServers         {@code [containers] dns_servers} (may hold "none": no resolv.conf)
 * @param dnsSearches        {@code [containers] dns_searches}
 * @param dnsOptions         {@code [containers] dns_options}
 * @param baseHostsFile      {@code [containers] base_hosts_file}: "" (the host's /etc/hosts), "image", "none" or a path
 * @param pidsLimit          {@code [containers] pids_limit}: a new container's pids limit when {@code --pids-limit} is
 *                           not given (2048; 0 or less: none)
 */
public record ContainersConf(String networkConfigDir, String defaultNetwork, String defaultSubnet,
                             List<SubnetPool> defaultSubnetPools, List<String> dnsServers, List<String> dnsSearches,
                             List<String> dnsOptions, String baseHostsFile, long pidsLimit) {

    /** containers.conf(5)'s default pids_limit. */
    public static final long DEFAULT_PIDS_LIMIT = 2048;

    public static final String ENV = "CONTAINERS_CONF";
    static final Path SHARE_CONF = Path.of("/usr/share/containers/containers.conf");
    static final Path ETC_CONF = Path.of("/etc/containers/containers.conf");

    /**
     * One {@code {"base" = "10.89.0.0/16", "size" = 24}}: networks of prefix {@code size} are cut from {@code base}.
     *
     * @param base the CIDR as written ("10.89.0.5/16" keeps its host bits, as podman's messages do)
     */
    public record SubnetPool(String base, int size) {}

    /** podman's pools when the files name none (containers.conf(5)): 10.89.0.0 to 10.255.255.0 in /24s. */
    public static final List<SubnetPool> DEFAULT_POOLS = List.of(new SubnetPool("10.89.0.0/16", 24),
            new SubnetPool("10.90.0.0/15", 24), new SubnetPool("10.92.0.0/14", 24),
            new SubnetPool("10.96.0.0/11", 24), new SubnetPool("10.128.0.0/9", 24));

    public static final ContainersConf DEFAULTS = new ContainersConf("", "podman", "10.88.0.0/16", DEFAULT_POOLS,
            List.of(), List.of(), List.of(), "", DEFAULT_PIDS_LIMIT);

    public ContainersConf {
        defaultSubnetPools = List.copyOf(defaultSubnetPools);
        dnsServers = List.copyOf(dnsServers);
        dnsSearches = List.copyOf(dnsSearches);
        dnsOptions = List.copyOf(dnsOptions);
    }

    /** The files of this process's environment and user, merged in podman's order. */
    public static ContainersConf load(Map<String, String> env) {
        return load(files(env, StorageConfig.currentUid() > 0));
    }

    /** podman's file list (containers/common systemConfigs): $CONTAINERS_CONF alone, else the system files. */
    static List<Path> files(Map<String, String> env, boolean rootless) {
        String conf = env.get(ENV);
        if (conf != null && !conf.isEmpty()) {
            if (!Files.exists(Path.of(conf))) {
                throw new ContainersConfException("finding config on system: CONTAINERS_CONF file: stat " + conf
                        + ": no such file or directory");
            }
            return List.of(Path.of(conf));
        }
        List<Path> out = new ArrayList<>();
        for (Path p : List.of(SHARE_CONF, ETC_CONF)) {
            if (Files.exists(p)) out.add(p);
        }
        out.addAll(dropIns(Path.of(ETC_CONF + ".d")));
        if (rootless) {
            String xdg = env.get("XDG_CONFIG_HOME");
            Path user = (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config"))
                    .resolve("containers/containers.conf");
            if (Files.exists(user)) out.add(user);
            out.addAll(dropIns(Path.of(user + ".d")));
        }
        return out;
    }

    /** DIR/*.conf in name order, as containers/common adds them. */
    private static List<Path> dropIns(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The given files merged in order onto the defaults, then validated as podman validates its network config. */
    public static ContainersConf load(List<Path> files) {
        Builder b = new Builder();
        for (Path f : files) {
            try {
                b.read(f, Files.readString(f));
            } catch (IOException e) {
                throw new ContainersConfException("reading system config " + GoText.quote(f.toString())
                        + ": decode configuration " + f + ": " + e.getMessage());
            }
        }
        ContainersConf c = b.build();
        validatePools(c.defaultSubnetPools);
        return c;
    }

    /** Parses one file's text onto the defaults (for tests); validated as {@link #load(List)} does. */
    static ContainersConf parse(Path name, String text) {
        Builder b = new Builder();
        b.read(name, text);
        ContainersConf c = b.build();
        validatePools(c.defaultSubnetPools);
        return c;
    }

    /** containers/common's NetworkConfig.Validate, in its order and words. */
    private static void validatePools(List<SubnetPool> pools) {
        for (SubnetPool p : pools) {
            if (p.base == null || !isV4(p.base)) {
                String ip = p.base == null ? "<nil>" : p.base.substring(0, p.base.indexOf('/'));
                throw new ContainersConfException("validating network configs invalid subnet pool ip " + GoText.quote(ip));
            }
            int ones = Integer.parseInt(p.base.substring(p.base.indexOf('/') + 1));
            if (ones > p.size) {
                throw new ContainersConfException("validating network configs invalid subnet pool, size is bigger than subnet "
                        + GoText.quote(p.base));
            }
            if (p.size > 32) {
                throw new ContainersConfException("validating network configs invalid subnet pool size, must be between 0-32");
            }
        }
    }

    private static final Pattern V4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,9})");

    private static boolean isV4(String cidr) {
        return V4_CIDR.matcher(cidr).matches();
    }

    /**
     * Go's net.ParseCIDR as types.IPNet's UnmarshalText uses it: the address keeps its host bits; an IPv6
     * address is kept in Go's short form, for the message that refuses it later. Null when invalid.
     */
    static String parseCidr(String s) {
        var m = V4_CIDR.matcher(s);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                String part = m.group(i);
                if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) return null;
            }
            return Integer.parseInt(m.group(5)) <= 32 ? s.substring(0, s.indexOf('/') + 1) + Integer.parseInt(m.group(5)) : null;
        }
        int slash = s.indexOf('/');
        if (slash < 0 || !s.substring(0, slash).matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")
                || !s.substring(slash + 1).matches("\\d{1,9}") || Integer.parseInt(s.substring(slash + 1)) > 128) {
            return null;
        }
        try {
            // a text with ':' is only ever parsed as an IPv6 literal: no name lookup
            InetAddress a = InetAddress.getByName(s.substring(0, slash));
            String ip = a instanceof Inet6Address ? shortV6(a.getAddress()) : a.getHostAddress();
            return ip + "/" + Integer.parseInt(s.substring(slash + 1));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Go's IPv6 text: lower-case hex groups, the longest run (of two or more) of zero groups as "::". */
    private static String shortV6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /**
     * The values as the files leave them. The pools keep BurntSushi/toml's way of decoding an array into a Go slice
     * that already has elements: while the new array fits the slice's capacity, element i is decoded onto the old
     * element i, so a pool that omits "size" (or "base") keeps the old one's; a longer array starts from zero values.
     */
    private static final class Builder {
        String networkConfigDir = "";
        String defaultNetwork = "podman";
        String defaultSubnet = "10.88.0.0/16";
        List<SubnetPool> poolBacking = new ArrayList<>(DEFAULT_POOLS);   // the Go slice's backing array, its capacity
        int poolCount = DEFAULT_POOLS.size();
        List<String> dnsServers = List.of();
        List<String> dnsSearches = List.of();
        List<String> dnsOptions = List.of();
        String baseHostsFile = "";
        long pidsLimit = DEFAULT_PIDS_LIMIT;

        void read(Path file, String text) {
            Toml.Document doc;
            try {
                doc = Toml.parseDocument(text);
            } catch (TomlException e) {
                throw decodeError(file, "toml: " + e.getMessage());
            }
            Decoder d = new Decoder(doc, file);
            if (doc.root().get("containers") instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) m;
                dnsServers = orElse(d.strings(t, "dns_servers", "containers"), dnsServers);
                dnsSearches = orElse(d.strings(t, "dns_searches", "containers"), dnsSearches);
                dnsOptions = orElse(d.strings(t, "dns_options", "containers"), dnsOptions);
                baseHostsFile = orElse(d.string(t, "base_hosts_file", "containers"), baseHostsFile);
                pidsLimit = orElse(d.integer(t, "pids_limit", "containers"), pidsLimit);
            }
            if (doc.root().get("network") instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) m;
                networkConfigDir = orElse(d.string(t, "network_config_dir", "network"), networkConfigDir);
                defaultNetwork = orElse(d.string(t, "default_network", "network"), defaultNetwork);
                defaultSubnet = orElse(d.string(t, "default_subnet", "network"), defaultSubnet);
                readPools(d, t);
            }
        }

        private void readPools(Decoder d, Map<String, Object> network) {
            Object v = network.get("default_subnet_pools");
            if (v == null) return;
            if (!(v instanceof List<?> list)) {
                throw d.incompatible(network, "default_subnet_pools", "network.default_subnet_pools", v, "slice");
            }
            if (list.size() > poolBacking.size()) {
                poolBacking = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) poolBacking.add(new SubnetPool(null, 0));
            }
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (!(item instanceof Map<?, ?> m)) {
                    throw decodeError(d.file, d.where(network, "default_subnet_pools", "network.default_subnet_pools")
                            + "type mismatch for config.SubnetPool: expected table but found " + Decoder.goTypeOf(item));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) m;
                SubnetPool old = poolBacking.get(i);
                String base = old.base;
                int size = old.size;
                if (t.containsKey("base")) {
                    Object b = t.get("base");
                    String text = b instanceof String s ? s : String.valueOf(b);
                    base = parseCidr(text);
                    if (base == null) throw decodeError(d.file, "invalid CIDR address: " + text);
                }
                if (t.containsKey("size")) {
                    Object s = t.get("size");
                    if (!(s instanceof Long n)) {
                        throw d.incompatible(network, "default_subnet_pools", "network.default_subnet_pools.size", s, "integer");
                    }
                    // Go's int: what cannot be a prefix length fails validation the same way
                    size = (int) Math.max(-1, Math.min(n, 1000));
                }
                poolBacking.set(i, new SubnetPool(base, size));
            }
            poolCount = list.size();
        }

        ContainersConf build() {
            return new ContainersConf(networkConfigDir, defaultNetwork.isEmpty() ? "podman" : defaultNetwork, defaultSubnet,
                    poolBacking.subList(0, poolCount), dnsServers, dnsSearches, dnsOptions, baseHostsFile, pidsLimit);
        }

        private static <T> T orElse(T value, T otherwise) {
            return value != null ? value : otherwise;
        }
    }

    static ContainersConfException decodeError(Path file, String message) {
        return new ContainersConfException("reading system config " + GoText.quote(file.toString())
                + ": decode configuration " + file + ": " + message);
    }

    /** Typed reads with BurntSushi/toml's errors ({@code toml: line N (last key "a.b"): incompatible types: …}). */
    private record Decoder(Toml.Document doc, Path file) {
        String string(Map<String, Object> table, String key, String tableName) {
            Object v = table.get(key);
            if (v == null) return null;
            if (!(v instanceof String s)) throw incompatible(table, key, tableName + "." + key, v, "string");
            return s;
        }

        Long integer(Map<String, Object> table, String key, String tableName) {
            Object v = table.get(key);
            if (v == null) return null;
            if (!(v instanceof Long n)) throw incompatible(table, key, tableName + "." + key, v, "integer");
            return n;
        }

        List<String> strings(Map<String, Object> table, String key, String tableName) {
            Object v = table.get(key);
            if (v == null) return null;
            if (!(v instanceof List<?> list)) throw incompatible(table, key, tableName + "." + key, v, "slice");
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s)) throw incompatible(table, key, tableName + "." + key, item, "string");
                out.add(s);
            }
            return out;
        }

        ContainersConfException incompatible(Map<String, Object> table, String key, String path, Object v, String dest) {
            return decodeError(file, where(table, key, path) + "incompatible types: TOML value has type " + goTypeOf(v)
                    + "; destination has type " + dest);
        }

        String where(Map<String, Object> table, String key, String path) {
            return "toml: line " + doc.line(table, key) + " (last key " + GoText.quote(path) + "): ";
        }

        static String goTypeOf(Object v) {
            if (v instanceof String) return "string";
            if (v instanceof Long) return "int64";
            if (v instanceof Double) return "float64";
            if (v instanceof Boolean) return "bool";
            if (v instanceof List<?>) return "[]interface {}";
            return "map[string]interface {}";
        }
    }
}
