package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkEngine;
import io.peapod.engine.NetworkEngine.Network;
import io.peapod.engine.NetworkEngine.Subnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code network create/ls/inspect/rm/exists/prune}, as podman 4.3 prints them (netavark backend). */
final class NetworkCommands {
    private NetworkCommands() {}

    static FlagSet createFlags() {
        return new FlagSet()
                .bool("disable-dns", '\0', "disable dns plugin")
                .string("driver", 'd', "bridge", "driver to manage the network")
                .stringSlice("gateway", '\0', "IPv4 or IPv6 gateway for the subnet (default [])")
                .bool("internal", '\0', "restrict external access from this network")
                .stringArray("ip-range", '\0', "allocate container IP from range")
                .string("ipam-driver", '\0', "", "IP Address Management Driver")
                .bool("ipv6", '\0', "enable IPv6 networking")
                .stringArray("label", '\0', "set metadata on a network")
                .stringArray("opt", 'o', "Set driver specific options (default [])")
                .stringArray("subnet", '\0', "subnets in CIDR format");
    }

    static int create(Invocation inv) {
        Args.atMost(inv.args, 1);
        String name = inv.args.isEmpty() ? "" : inv.args.getFirst();
        for (String g : inv.flags.list("gateway")) {
            // podman's ipSlice flag rejects what is no IP address while parsing the flags, with a flag error
            if (!g.matches("[0-9a-fA-F:.]+") || !isIpLiteral(g)) {
                inv.err.println("Error: invalid argument \"" + g + "\" for \"--gateway\" flag: "
                        + "invalid string being converted to IP address: " + g);
                inv.err.println("See '" + inv.commandPath + " --help'");
                return 125;
            }
        }
        Network n = inv.networks().createNetwork(new NetworkEngine.NetworkCreateOptions(name, inv.flags.string("driver"),
                inv.flags.list("subnet"), inv.flags.list("gateway"), inv.flags.list("ip-range"), inv.flags.bool("ipv6"),
                inv.flags.bool("internal"), inv.flags.bool("disable-dns"),
                VolumeCommands.keyValues(inv.flags.list("label")), VolumeCommands.keyValues(inv.flags.list("opt")),
                inv.flags.string("ipam-driver")));
        inv.out.println(n.name());
        return 0;
    }

    /** podman's report.IsJSON: "json" or a template that is only {{json .}}. */
    private static boolean isJson(String format) {
        return format.matches("\\s*(json|\\{\\{\\s*json\\s*\\.\\s*}})\\s*");
    }

    /** Go's net.ParseIP, which podman's ip flags use (Java's InetAddress alone takes "1.2.3"). */
    static boolean isIpLiteral(String s) {
        return GoNet.parseIp(s) != null;
    }

    static FlagSet listFlags() {
        return new FlagSet()
                .stringArray("filter", 'f', "Provide filter values (e.g. 'name=podman')")
                .string("format", '\0', "", "Pretty-print networks to JSON or using a Go template")
                .bool("no-trunc", '\0', "Do not truncate the network ID")
                .bool("noheading", '\0', "Do not print headers")
                .bool("quiet", 'q', "display only names");
    }

    private static final List<String> FIELDS = List.of("ID", "Name", "Driver", "NetworkInterface", "Created", "Subnets",
            "IPv6Enabled", "Internal", "DNSEnabled", "Labels", "Options", "IPAMOptions");
    private static final Map<String, String> HEADERS = Map.of("ID", "NETWORK ID");

    static int list(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        List<Network> networks = inv.networks().listNetworks(inv.flags.list("filter"));
        String format = inv.flags.string("format");
        if (isJson(format)) {
            inv.out.println(GoJson.indent(networks.stream().map(Network::document).toList(), "  "));
            return 0;
        }
        if (inv.flags.bool("quiet")) {
            networks.forEach(n -> inv.out.println(n.name()));
            return 0;
        }
        boolean noTrunc = inv.flags.bool("no-trunc");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Network n : networks) {
            Map<String, Object> row = goView(n);
            if (!noTrunc) row.put("ID", n.id().substring(0, Math.min(12, n.id().length())));
            // podman's list report prints labels as k=v joined by commas
            row.put("Labels", n.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
            rows.add(row);
        }
        if (format.isEmpty()) format = "table {{.ID}}\t{{.Name}}\t{{.Driver}}";
        Output.rows(inv.out, format, rows, FIELDS, HEADERS, inv.flags.bool("noheading"));
        return 0;
    }

    /** types.Subnet with its Go field names, for templates such as {{range .Subnets}}{{.Gateway}}{{end}}. */
    record GoSubnet(String Subnet, String Gateway, GoLeaseRange LeaseRange) {}

    /** types.LeaseRange with its Go field names. */
    record GoLeaseRange(String StartIP, String EndIP) {}

    /** The Go field names of types.Network, for --format templates. */
    static Map<String, Object> goView(Network n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", n.name());
        m.put("ID", n.id());
        m.put("Driver", n.driver());
        m.put("NetworkInterface", n.networkInterface());
        m.put("Created", goTime(n.created()));
        m.put("Subnets", n.subnets().stream().map(sn -> new GoSubnet(sn.subnet(), sn.gateway(),
                sn.leaseStart() == null ? null : new GoLeaseRange(sn.leaseStart(), sn.leaseEnd()))).toList());
        m.put("IPv6Enabled", n.ipv6Enabled());
        m.put("Internal", n.internal());
        m.put("DNSEnabled", n.dnsEnabled());
        m.put("Labels", new TreeMap<>(n.labels()));
        m.put("Options", new TreeMap<>(n.options()));
        m.put("IPAMOptions", new TreeMap<>(n.ipamOptions()));
        return m;
    }

    /** Go's time.Time String() of an RFC 3339 time: "2006-01-02 15:04:05.999999999 -0700 MST". */
    static String goTime(String rfc3339) {
        try {
            java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(rfc3339);
            String s = t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.nnnnnnnnn"))
                    .replaceAll("0+$", "").replaceAll("\\.$", "");
            String offset = t.format(java.time.format.DateTimeFormatter.ofPattern("xx"));
            return s + " " + offset + " " + (t.getOffset().getTotalSeconds() == 0 ? "UTC" : offset);
        } catch (java.time.format.DateTimeParseException e) {
            return rfc3339;
        }
    }


    static FlagSet inspectFlags() {
        return new FlagSet().string("format", 'f', "", "Pretty-print network to JSON or using a Go template");
    }

    static int inspect(Invocation inv) {
        Args.atLeast(inv.args, 1);
        List<Network> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : inv.args) {
            try {
                found.add(inv.networks().inspectNetwork(name));
            } catch (EngineException e) {
                errors.add("network " + name + ": " + e.getMessage());
            }
        }
        String format = inv.flags.string("format");
        if (format.isEmpty() || isJson(format)) {
            Output.inspectJson(inv.out, found.stream().map(Network::document).toList());
        } else {
            for (Network n : found) {
                Output.one(inv.out, format, goView(n));
            }
        }
        if (!errors.isEmpty()) {
            throw new EngineException("inspecting object: " + Errors.combine(errors));
        }
        return 0;
    }

    static FlagSet removeFlags() {
        return new FlagSet()
                .bool("force", 'f', "remove any containers using network")
                .integer("time", 't', 10, "Seconds to wait for running containers to stop before killing the container");
    }

    /**
     * Each failure on its own "Error:" line, the last one as the command's error (1 for a missing network).
     * A network in use (without -f) ends the command at once with exit code 2 and, as in podman, without
     * printing the networks removed before it.
     */
    static int remove(Invocation inv) {
        Args.atLeast(inv.args, 1);
        boolean force = inv.flags.bool("force");
        // without -t each container's own stop timeout applies, as in podman
        int timeout = inv.flags.changed("time") ? (int) inv.flags.integer("time") : -1;
        List<EngineException> errors = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String n : inv.args) {
            try {
                removed.add(inv.networks().removeNetwork(n, force, timeout));
            } catch (EngineException e) {
                if (e.exitCode() == 2) throw e;
                if (!(force && e.exitCode() == 1)) errors.add(e);
            }
        }
        removed.forEach(inv.out::println);
        if (errors.isEmpty()) return 0;
        inv.out.flush();
        for (EngineException e : errors.subList(0, errors.size() - 1)) {
            inv.err.println("Error: " + e.getMessage());
        }
        throw errors.getLast();
    }

    static FlagSet pruneFlags() {
        return new FlagSet()
                .stringArray("filter", '\0', "Provide filter values (e.g. 'label=<key>=<value>')")
                .bool("force", 'f', "do not prompt for confirmation");
    }

    static int prune(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        if (!inv.flags.bool("force")) {
            inv.out.println("WARNING! This will remove all networks not used by at least one container.");
            inv.out.print("Are you sure you want to continue? [y/N] ");
            inv.out.flush();
            if (!Confirm.yes(inv.in)) return 0;
        }
        inv.networks().pruneNetworks(inv.flags.list("filter")).forEach(inv.out::println);
        return 0;
    }

    static FlagSet connectFlags() {
        return new FlagSet()
                .stringSlice("alias", '\0', "network scoped alias for container")
                // podman's are of pflag's type "ip": the back-quoted word names the value in the help, as pflag does
                .string("ip", '\0', "", "set a static `ip`v4 address for this container network")
                .string("ip6", '\0', "", "set a static `ip`v6 address for this container network")
                .string("mac-address", '\0', "", "set a static mac address for this container network");
    }

    static int connect(Invocation inv) {
        Args.exactly(inv.args, 2);
        for (String flag : List.of("ip", "ip6")) {
            String ip = inv.flags.string(flag);
            // podman's ip flag type refuses what Go's net.ParseIP does not take, as a flag error
            if (!ip.isEmpty() && !isIpLiteral(ip)) {
                inv.err.println("Error: invalid argument \"" + ip + "\" for \"--" + flag + "\" flag: failed to parse IP: \"" + ip + "\"");
                inv.err.println("See '" + inv.commandPath + " --help'");
                return 125;
            }
        }
        inv.networks().connectNetwork(inv.args.get(0), inv.args.get(1), new NetworkEngine.ConnectOptions(
                inv.flags.list("alias"), canonical(inv.flags.string("ip")), canonical(inv.flags.string("ip6")),
                mac(inv.flags.string("mac-address"))));
        return 0;
    }

    /** The address as Go's IP.String() prints it, as podman keeps it ("" stays ""). */
    private static String canonical(String ip) {
        return ip.isEmpty() ? ip : GoNet.canonicalIp(ip);
    }

    /** Go's net.ParseMAC, printed as HardwareAddr.String() (lower case, colons), as podman stores it. */
    private static String mac(String s) {
        if (s.isEmpty()) return s;
        try {
            return GoNet.parseMac(s);
        } catch (GoNet.MacException e) {
            throw new EngineException(e.getMessage());
        }
    }

    static FlagSet disconnectFlags() {
        return new FlagSet().bool("force", 'f', "force removal of container from network");
    }

    static int disconnect(Invocation inv) {
        Args.exactly(inv.args, 2);
        inv.networks().disconnectNetwork(inv.args.get(0), inv.args.get(1), inv.flags.bool("force"));
        return 0;
    }

    static FlagSet reloadFlags() {
        return new FlagSet()
                .bool("all", 'a', "Reload network configuration of all containers")
                .bool("latest", 'l', "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
    }

    /** The ids reloaded, one a line; then the failures, each on an "Error:" line, the last as the command's error. */
    static int reload(Invocation inv) {
        boolean all = inv.flags.bool("all");
        boolean latest = inv.flags.bool("latest");
        if (all && latest) throw new EngineException("--all and --latest cannot be used together");
        if (latest && !inv.args.isEmpty()) throw new EngineException("--latest and containers cannot be used together");
        if (all && !inv.args.isEmpty()) throw new EngineException("no arguments are needed with --all");
        if (!all && !latest && inv.args.isEmpty()) throw new EngineException("you must provide at least one name or id");
        List<String> names = inv.args;
        if (latest) {
            names = List.of(inv.containers().listContainers(true).stream()
                    .max(java.util.Comparator.comparingLong(io.peapod.engine.ContainerSummary::Created))
                    .map(io.peapod.engine.ContainerSummary::Id).orElseThrow(() -> new EngineException("no such container")));
        }
        List<String> errors = new ArrayList<>();
        for (NetworkEngine.ReloadResult r : inv.networks().reloadNetworks(names, all)) {
            if (r.error() == null) {
                inv.out.println(r.id());
            } else {
                errors.add(r.error());
            }
        }
        if (errors.isEmpty()) return 0;
        inv.out.flush();
        for (String e : errors.subList(0, errors.size() - 1)) {
            inv.err.println("Error: " + e);
        }
        throw new EngineException(errors.getLast());
    }

    static int exists(Invocation inv) {
        Args.exactly(inv.args, 1);
        return inv.networks().networkExists(inv.args.getFirst()) ? 0 : 1;
    }
}
