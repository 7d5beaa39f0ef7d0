package io.peapod.network;

import io.peapod.config.ContainersConf;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.NetworkCreateOptions;
import io.peapod.engine.NetworkEngine.Subnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The network config directory podman's netavark backend uses, shared with podman: NAME.json per
 * network, changes under netavark.lock (the flock podman takes), files replaced by rename so a
 * failed write leaves nothing half-written. The default network (containers.conf's default_network,
 * {@code podman} unless set) lives in memory unless a file of its name overrides it, as in podman.
 */
public final class NetworkStore {
    /** podman's default network name when containers.conf names none: see {@link #defaultName()} for this store's. */
    public static final String DEFAULT_NAME = "podman";
    /** The default network's id whatever its name: podman's fixed sha256("podman"). */
    static final String DEFAULT_ID = "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9";
    private static final Path ROOT_DIR = Path.of("/etc/containers/networks");

    private final Path dir;
    private final NetworkDefaults defaults;

    public NetworkStore(Path dir) {
        this(dir, NetworkDefaults.PODMAN);
    }

    public NetworkStore(Path dir, NetworkDefaults defaults) {
        this.dir = dir;
        this.defaults = defaults;
    }

    /**
     * The directory podman would use with this containers.conf: its {@code [network] network_config_dir},
     * else /etc/containers/networks for root and podman's rootless graphroot/networks
     * ({@code ~/.local/share/containers/storage/networks}) for other users, so both see the same networks.
     */
    public static Path defaultDir(ContainersConf conf) {
        if (!conf.networkConfigDir().isEmpty()) return Path.of(conf.networkConfigDir());
        return isRoot() ? ROOT_DIR : rootlessDir();
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true;
        }
    }

    private static Path rootlessDir() {
        String data = System.getenv("XDG_DATA_HOME");
        Path base = data != null && !data.isEmpty() ? Path.of(data) : Path.of(System.getProperty("user.home"), ".local/share");
        return base.resolve("containers/storage/networks");
    }

    public Path dir() {
        return dir;
    }

    /** The network a container joins when it names none, and that {@code network rm} refuses. */
    public String defaultName() {
        return defaults.name();
    }

    /** What containers.conf decided for this store's networks. */
    public NetworkDefaults defaults() {
        return defaults;
    }

    /** podman's built-in default network: {@link #defaultNetwork(NetworkDefaults)} with podman's own defaults. */
    static Network defaultNetwork() {
        return defaultNetwork(NetworkDefaults.PODMAN);
    }

    /**
     * The default network as podman makes it when no file has its name: bridge podman0, the default subnet with
     * its first address as gateway, DNS off, the fixed id, created "now"; its name checked as a created one's.
     */
    static Network defaultNetwork(NetworkDefaults d) {
        if (!NetworkCreator.NAME.matcher(d.name()).matches()) {
            throw new EngineException("failed to create default network " + d.name() + ": network name " + d.name()
                    + " invalid: names must match " + NetworkCreator.NAME.pattern() + ": invalid argument");
        }
        Cidr subnet = Cidr.parse(d.subnet());
        return new Network(d.name(), DEFAULT_ID, "bridge", "podman0", now(),
                List.of(new Subnet(subnet.toString(), Cidr.format(NetworkCreator.firstAddress(subnet)), null, null)),
                subnet.isV6(), false, false, Map.of(), Map.of(), Map.of("driver", "host-local"));
    }

    /** Go's time.Time JSON: RFC 3339 with nanoseconds, trailing zeros dropped, local offset ("Z" for UTC). */
    static String now() {
        java.time.Instant now = java.time.Instant.now();
        // bin/peapod runs the JVM in UTC: ZoneOffset.UTC spares loading the time-zone rules (~5 ms on every create)
        java.time.ZoneOffset offset = "UTC".equals(System.getProperty("user.timezone")) ? java.time.ZoneOffset.UTC
                : java.time.ZoneId.systemDefault().getRules().getOffset(now);
        return goTime(now.atOffset(offset));
    }

    /** By hand: a DateTimeFormatter pattern and two regexes cost a fresh JVM milliseconds on every create. */
    static String goTime(OffsetDateTime t) {
        StringBuilder b = new StringBuilder(36);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos > 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(b.append('.'), nanos, digits);
        }
        String offset = t.getOffset().getId();
        return b.append(offset.equals("Z") ? "Z" : offset).toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    /** Every network, the default one included, sorted by name. */
    public List<Network> list() {
        List<Network> out = new ArrayList<>();
        boolean sawDefault = false;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    Network n;
                    try {
                        n = NetworkFile.read(Files.readAllBytes(f));
                    } catch (IllegalArgumentException | ClassCastException e) {
                        System.err.println("WARN[0000] Error reading network config file \"" + f + "\": " + e.getMessage());
                        continue;
                    }
                    sawDefault |= n.name().equals(defaults.name());
                    out.add(n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!sawDefault) out.add(defaultNetwork(defaults));
        // a plain lambda: Comparator.comparing's own was spun at run time in every command despite the AOT cache (-Xlog:class+load)
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** By exact name, else by a unique id prefix: podman's "unable to find network" otherwise. */
    public Network find(String nameOrId) {
        List<Network> all = list();
        for (Network n : all) {
            if (n.name().equals(nameOrId)) return n;
        }
        List<Network> byId = all.stream().filter(n -> !nameOrId.isEmpty() && n.id().startsWith(nameOrId)).toList();
        if (byId.size() > 1) {
            throw new EngineException("more than one result for network ID " + nameOrId);
        }
        if (byId.isEmpty()) {
            throw new EngineException("unable to find network with name or ID " + nameOrId + ": network not found", 1);
        }
        return byId.getFirst();
    }

    public Network create(NetworkCreateOptions options) {
        return locked(() -> {
            NetworkCreator creator = new NetworkCreator(list(), hostSubnets(), hostInterfaces(), defaults.pools());
            Network n = creator.create(options, now());
            write(n);
            return n;
        });
    }

    /**
     * The networks the filters select (see {@link NetworkFilters}), sorted by name; {@code inUse} names the
     * networks some container is attached to (the dangling filter's answer).
     */
    public List<Network> list(List<String> filters, Set<String> inUse) {
        var match = NetworkFilters.parse(filters, NetworkFilters.LIST_KEYS, inUse, defaults.name());
        return list().stream().filter(match).toList();
    }

    /** Removes every non-default network the label filters select that no container uses ({@code inUse}). */
    public List<String> prune(List<String> filters, Set<String> inUse) {
        var match = NetworkFilters.parse(filters, NetworkFilters.PRUNE_KEYS, inUse, defaults.name());
        List<String> removed = new ArrayList<>();
        for (Network n : list()) {
            if (!n.name().equals(defaults.name()) && !inUse.contains(n.name()) && match.test(n)) {
                removed.add(remove(n.name()));
            }
        }
        return removed;
    }

    public String remove(String nameOrId) {
        return locked(() -> {
            Network n = find(nameOrId);
            if (n.name().equals(defaults.name())) {
                throw new EngineException("default network " + defaults.name() + " cannot be removed");
            }
            try {
                Files.deleteIfExists(dir.resolve(n.name() + ".json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return n.name();
        });
    }

    private void write(Network n) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + n.name(), ".tmp");
            try {
                Files.write(tmp, NetworkFile.write(n));
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                try {
                    Files.move(tmp, dir.resolve(n.name() + ".json"), StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(n.name() + ".json"), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new EngineException("writing network config for " + n.name() + ": " + e.getMessage());
        }
    }

    /**
     * Runs {@code op} holding {@code netavark.lock} in the config directory, the lock podman takes around
     * its network changes: so no two engines' setups, teardowns or config writes interleave.
     */
    public <T> T locked(Supplier<T> op) {
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve("netavark.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return op.get();
            }
        } catch (IOException e) {
            throw new EngineException(e.getMessage());
        }
    }

    /** The IPv4 routes of the host (/proc/net/route) and the addresses of its interfaces, as podman avoids them. */
    static List<Cidr> hostSubnets() {
        List<Cidr> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) continue;
                byte[] dest = littleEndian(f[1]);
                int prefix = Integer.bitCount((int) Long.parseLong(f[7], 16));
                if (prefix == 0) continue;   // the default route covers everything: podman skips it too
                out.add(new Cidr(dest, prefix));
            }
        } catch (IOException | RuntimeException e) {
            // no routes to avoid: podman would fail to read netlink only on a broken host
        }
        try {
            for (NetworkInterface i : NetworkInterface.networkInterfaces().toList()) {
                i.getInterfaceAddresses().forEach(a -> {
                    byte[] b = a.getAddress().getAddress();
                    if (a.getNetworkPrefixLength() > 0) out.add(Cidr.parse(Cidr.format(b) + "/" + a.getNetworkPrefixLength()));
                });
            }
        } catch (SocketException e) {
            // as above
        }
        return out;
    }

    private static byte[] littleEndian(String hex) {
        long v = Long.parseLong(hex, 16);
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static Set<String> hostInterfaces() {
        Set<String> out = new HashSet<>();
        try {
            NetworkInterface.networkInterfaces().forEach(i -> out.add(i.getName()));
        } catch (SocketException e) {
            // none known
        }
        return out;
    }
}
