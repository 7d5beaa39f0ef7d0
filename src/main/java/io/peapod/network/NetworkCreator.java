package io.peapod.network;

import io.peapod.config.ContainersConf.SubnetPool;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.NetworkCreateOptions;
import io.peapod.engine.NetworkEngine.Subnet;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns {@code network create}'s request into a network as podman 4.3's netavark backend does:
 * validation with podman's errors, the first free subnet of containers.conf's default_subnet_pools
 * (podman's: 10.89.0.0/16, 10.90.0.0/15, … in /24s),
 * the next free bridge name podmanN, a random ULA /64 for IPv6, a random 64-hex id.
 * Pure: what is in use on the host and in other networks comes in as arguments.
 */
final class NetworkCreator {
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Set<String> BRIDGE_OPTIONS = Set.of("mtu", "vlan", "isolate");
    private static final Set<String> MACVLAN_OPTIONS = Set.of("mtu", "mode");

    private final List<Network> existing;
    private final List<Cidr> hostSubnets;
    private final Set<String> hostInterfaces;
    private final List<SubnetPool> pools;
    private final SecureRandom random = new SecureRandom();

    NetworkCreator(List<Network> existing, List<Cidr> hostSubnets, Set<String> hostInterfaces) {
        this(existing, hostSubnets, hostInterfaces, NetworkDefaults.PODMAN.pools());
    }

    NetworkCreator(List<Network> existing, List<Cidr> hostSubnets, Set<String> hostInterfaces, List<SubnetPool> pools) {
        this.existing = existing;
        this.hostSubnets = hostSubnets;
        this.hostInterfaces = hostInterfaces;
        this.pools = pools;
    }

    Network create(NetworkCreateOptions o, String created) {
        String name = o.name().isEmpty() ? freeDeviceName() : o.name();
        if (!NAME.matcher(name).matches()) {
            throw new EngineException("network name " + name + " invalid: names must match " + NAME.pattern() + ": invalid argument");
        }
        if (existing.stream().anyMatch(n -> n.name().equals(name))) {
            throw new EngineException("network name " + name + " already used: network already exists");
        }
        String driver = o.driver();
        if (!driver.equals("bridge") && !driver.equals("macvlan")) {
            throw new EngineException("unsupported driver " + driver + ": invalid argument");
        }
        String ipam = o.ipamDriver() == null || o.ipamDriver().isEmpty() ? "host-local" : o.ipamDriver();
        switch (ipam) {
            case "host-local" -> { }
            case "none" -> {
                if (!o.subnets().isEmpty()) throw new EngineException("none ipam driver is set but subnets are given");
            }
            case "dhcp" -> throw new EngineException("dhcp ipam driver is not yet supported with netavark");
            default -> throw new EngineException("unsupported ipam driver \"" + ipam + "\"");
        }
        if (o.subnets().isEmpty() && (!o.gateways().isEmpty() || !o.ipRanges().isEmpty())) {
            throw new EngineException("cannot set gateway or range without subnet");
        }
        if (o.gateways().size() > o.subnets().size()) {
            throw new EngineException("cannot set more gateways than subnets");
        }
        if (o.ipRanges().size() > o.subnets().size()) {
            throw new EngineException("cannot set more ranges than subnets");
        }
        Map<String, String> options = new TreeMap<>(o.options());
        String iface = "";
        if (driver.equals("bridge")) {
            for (String k : options.keySet()) {
                if (!BRIDGE_OPTIONS.contains(k)) throw new EngineException("unsupported bridge network option " + k);
            }
        } else {
            iface = options.getOrDefault("parent", "");
            options.remove("parent");
            if (!iface.isEmpty() && !hostInterfaces.contains(iface)) {
                throw new EngineException("parent interface " + iface + " does not exist");
            }
            for (String k : options.keySet()) {
                if (!MACVLAN_OPTIONS.contains(k)) throw new EngineException("unsupported macvlan network option " + k);
            }
            if (o.subnets().isEmpty() && !ipam.equals("none")) {
                throw new EngineException("macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark");
            }
        }
        for (String k : List.of("mtu", "vlan")) {
            String v = options.get(k);
            if (v != null && !v.matches("[+-]?\\d+")) {
                throw new EngineException("strconv.Atoi: parsing \"" + v + "\": invalid syntax");
            }
        }
        if (options.containsKey("mtu") && Long.parseLong(options.get("mtu")) < 0) {
            throw new EngineException("mtu " + options.get("mtu") + " is less than zero");
        }
        if (options.containsKey("vlan")) {
            long vlan = Long.parseLong(options.get("vlan"));
            if (vlan < 0 || vlan > 4094) throw new EngineException("vlan ID " + vlan + " must be between 0 and 4094");
        }
        boolean none = ipam.equals("none");
        boolean dns = !o.disableDns() && !none;   // without addresses there is nothing for aardvark-dns to serve
        boolean gateway = !o.internal() || dns;   // aardvark-dns listens on the gateway address
        List<Subnet> subnets = new ArrayList<>();
        boolean ipv6 = o.ipv6();
        for (int i = 0; i < o.subnets().size(); i++) {
            Cidr c = Cidr.parse(o.subnets().get(i));
            if (driver.equals("bridge") && usedSubnets().stream().anyMatch(c::overlaps)) {
                throw new EngineException("subnet " + c + " is already used on the host or by another config");
            }
            ipv6 |= c.isV6();
            String gw = null;
            if (i < o.gateways().size()) {
                byte[] g = Cidr.parseIp(o.gateways().get(i));
                if (g == null) throw new EngineException("invalid argument \"" + o.gateways().get(i) + "\" for \"--gateway\" flag");
                if (!c.contains(g)) throw new EngineException("gateway " + Cidr.format(g) + " not in subnet " + c);
                gw = Cidr.format(g);
            } else if (gateway) {
                gw = Cidr.format(firstAddress(c));
            }
            String start = null, end = null;
            if (i < o.ipRanges().size()) {
                Cidr range = Cidr.parse(o.ipRanges().get(i));
                start = Cidr.format(range.plus(1));
                end = Cidr.format(range.last());
                if (!c.contains(range.plus(1))) throw new EngineException("lease range start ip " + start + " not in subnet " + c);
                if (!c.contains(range.last())) throw new EngineException("lease range end ip " + end + " not in subnet " + c);
            }
            subnets.add(new Subnet(c.toString(), gw, start, end));
        }
        if (o.subnets().isEmpty() && !none) {
            Cidr c = freeSubnet();
            subnets.add(new Subnet(c.toString(), gateway ? Cidr.format(firstAddress(c)) : null, null, null));
        }
        if (ipv6 && !none && subnets.stream().noneMatch(s -> s.subnet().contains(":"))) {
            Cidr c = randomUla();
            subnets.add(new Subnet(c.toString(), gateway ? Cidr.format(c.plus(1)) : null, null, null));
        }
        if (driver.equals("bridge")) iface = freeDeviceName();
        return new Network(name, HexFormat.of().formatHex(randomBytes(32)), driver, iface, created, List.copyOf(subnets),
                ipv6, o.internal(), dns, new TreeMap<>(o.labels()), options, Map.of("driver", ipam));
    }

    private List<Cidr> usedSubnets() {
        List<Cidr> used = new ArrayList<>(hostSubnets);
        for (Network n : existing) {
            for (Subnet s : n.subnets()) used.add(Cidr.parse(s.subnet()));
        }
        return used;
    }

    /**
     * podman's GetFreeIPv4NetworkSubnet: pool by pool, in order, the first subnet of the pool's size that no network and
     * no host route or address overlaps. A pool's first candidate starts at its base address as written (host bits
     * and all) masked to the size, as Go's loop does.
     */
    Cidr freeSubnet() {
        List<Cidr> used = usedSubnets();
        for (SubnetPool pool : pools) {
            Cidr base = Cidr.parse(pool.base());
            Cidr c = Cidr.parse(pool.base().substring(0, pool.base().indexOf('/')) + "/" + pool.size());
            while (c != null && base.contains(c.network())) {
                Cidr candidate = c;
                if (used.stream().noneMatch(candidate::overlaps)) return candidate;
                c = c.prefix() == 0 ? null : c.next();
            }
        }
        throw new EngineException("could not find free subnet from subnet pools");
    }

    /** podman's FirstIPInSubnet, the gateway it gives a subnet: the address after the network's, itself for a /32 (/128). */
    static byte[] firstAddress(Cidr c) {
        return c.prefix() == c.network().length * 8 ? c.network() : c.plus(1);
    }

    /**
     * podmanN with the lowest N that no network has as name or interface and no host interface has:
     * podman's getFreeDeviceName, used both for a network created without a name and for its bridge.
     */
    String freeDeviceName() {
        for (int i = 0; ; i++) {
            String candidate = "podman" + i;
            if (!hostInterfaces.contains(candidate) && existing.stream()
                    .noneMatch(n -> n.networkInterface().equals(candidate) || n.name().equals(candidate))) {
                return candidate;
            }
        }
    }

    /** A random fdXX:XXXX:XXXX:XXXX::/64 (RFC 4193), as podman picks its IPv6 subnets. */
    private Cidr randomUla() {
        byte[] b = new byte[16];
        byte[] r = randomBytes(7);
        b[0] = (byte) 0xfd;
        System.arraycopy(r, 0, b, 1, 7);
        return new Cidr(b, 64);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
