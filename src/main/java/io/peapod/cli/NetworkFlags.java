package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.cli.flags.ParsedFlags;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.NetworkRequest.Attachment;
import io.peapod.engine.NetworkRequest.Mode;
import io.peapod.engine.NetworkRequest.PortMapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network flags of create/run ({@code --network}, {@code -p}, {@code --dns}, {@code --add-host}, …) read
 * into an {@link NetworkRequest} by podman 4.3.1's rules, in podman's order and with its error texts: the CLI's
 * NetFlagsToNetOptions and specgen.ParseNetworkFlag, then the checks podman makes while it completes and
 * validates the spec (expose ranges, DNS with {@code --network none}, protocols). What needs the engine (does
 * the network or container exist, is the host port free) is left to it.
 */
final class NetworkFlags {
    /** podman's notice on stderr when -p meets a mode that has no ports of its own; see {@link #warning}. */
    static final String PORTS_DISCARDED =
            "Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use";

    /** Names that are modes, so never extra networks (specgen's list, "path" being ns:'s mode). */
    private static final Set<String> MODE_NAMES = Set.of("bridge", "slirp4netns", "pod", "none", "default",
            "private", "path", "container", "host");

    /**
     * podman's parse.ValidateDomain regexp as written, "(:?" (a group with an optional colon) included;
     * {@code \s} spelled as RE2's class (no \v) and {@code $} as Go's end of text. Compiled on first use
     * (--dns-search): its compilation cost every run ~1.5 ms.
     */
    private static final class Domains {
        static final Pattern DOMAIN = Pattern.compile("^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9]))"
                + "(:?\\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])))*)\\.?[\\t\\n\\f\\r ]*\\z");
        static final Pattern LETTER = Pattern.compile("[a-zA-Z]");
    }

    private NetworkFlags() {}

    static FlagSet add(FlagSet f) {
        return f.stringSlice("add-host", '\0', "Add a custom host-to-IP mapping (host:ip) (default [])")
                .stringSlice("dns", '\0', "Set custom DNS servers")
                .stringSlice("dns-option", '\0', "Set custom DNS options")
                // podman normalises --dns-opt to --dns-option; FlagSet has no aliases, so a hidden twin.
                .stringSlice("dns-opt", '\0', "Set custom DNS options").hidden("dns-opt")
                .stringSlice("dns-search", '\0', "Set custom DNS search domains")
                .stringSlice("expose", '\0', "Expose a port or a range of ports")
                .string("ip", '\0', "", "Specify a static IPv4 address for the container")
                .string("ip6", '\0', "", "Specify a static IPv6 address for the container")
                .string("mac-address", '\0', "", "Container MAC address (e.g. 92:d0:c6:0a:29:33)")
                .stringArray("network", '\0', "Connect a container to a network")
                .stringSlice("network-alias", '\0', "Add network-scoped alias for the container")
                .bool("no-hosts", '\0', "Do not create /etc/hosts within the container, instead use the version from the image")
                .stringSlice("publish", 'p', "Publish a container's port, or a range of ports, to the host (default [])")
                .bool("publish-all", 'P', "Publish all exposed ports to random ports on the host interface");
    }

    /** podman's namespace modes by their specgen names; "" is "no --network given". */
    private record Ns(String mode, String value) {
        boolean bridgeLike() {   // the modes in which podman publishes ports (private is bridge as root)
            return mode.isEmpty() || mode.equals("bridge") || mode.equals("private") || mode.equals("slirp4netns");
        }
    }

    /** One network's settings while the flags are read. */
    private static final class Net {
        final List<String> ips = new ArrayList<>();
        String mac = "";
        List<String> aliases = new ArrayList<>();
        String interfaceName = "";

        Attachment build() {
            return new Attachment(List.copyOf(ips), mac, List.copyOf(aliases), interfaceName);
        }
    }

    /** A -p value as parseSplitPort leaves it: the protocol not yet checked (podman checks it later). */
    private record Publish(String hostIp, int containerPort, int hostPort, int range, String protocol) {}

    static NetworkRequest parse(ParsedFlags f) {
        // NetFlagsToNetOptions, in its order.
        List<String> addHosts = f.list("add-host");
        for (String host : addHosts) {
            checkExtraHost(host);
        }
        List<String> dns = dnsServers(f.list("dns"));
        List<String> dnsOptions = new ArrayList<>(f.list("dns-option"));
        dnsOptions.addAll(f.list("dns-opt"));
        List<String> dnsSearch = f.list("dns-search");
        checkSearchDomains(dnsSearch);
        List<Publish> publish = new ArrayList<>();
        for (String p : f.list("publish")) {
            publish.add(portBinding(p));
        }
        boolean noHosts = f.bool("no-hosts");
        LinkedHashMap<String, Net> networks = new LinkedHashMap<>();
        Ns ns = f.changed("network") ? networkFlag(f.list("network"), networks) : new Ns("", "");
        boolean perNetworkFlags = f.changed("ip") || f.changed("ip6") || f.changed("mac-address")
                || f.changed("network-alias");
        if (perNetworkFlags) {
            perNetworkFlags(f, ns, networks);
        }
        // create's own checks.
        if (noHosts && f.changed("add-host")) {
            throw new EngineException("--no-hosts and --add-host cannot be set together");
        }
        List<String> expose = f.list("expose");
        for (String e : expose) {
            verifyExpose(e);
        }
        List<Map.Entry<Integer, String>> exposed = new ArrayList<>();
        for (String e : expose) {
            exposed.add(exposeEntry(e));
        }
        // The spec's validation.
        validate(ns, dns, dnsSearch, dnsOptions, addHosts, perNetworkFlags);
        // Spec completion: ports are generated (and their protocols checked) only where there are ports.
        List<PortMapping> ports = ns.bridgeLike() ? checkedPorts(exposed, publish) : uncheckedPorts(publish);
        if (ns.mode().equals("pod")) {
            throw new EngineException("cannot use pod namespace as container is not joining a pod or pod has no "
                    + "infra container: invalid argument");
        }
        if (ns.mode().equals("slirp4netns")) {
            throw new EngineException("network mode slirp4netns is not supported yet");
        }
        return new NetworkRequest(mode(ns), ns.value(), attachments(networks), ports, f.bool("publish-all"),
                expose, dns, List.copyOf(dnsSearch), List.copyOf(dnsOptions), addHosts, noHosts);
    }

    /**
     * The notice podman prints on stderr (without "Error:") once the spec is complete, before the container is
     * made, when -p was given with {@code --network host|none|container:…}: the ports are then ignored. Null when
     * there is nothing to say.
     */
    static String warning(NetworkRequest r) {
        boolean noPorts = r.mode() == Mode.HOST || r.mode() == Mode.NONE || r.mode() == Mode.CONTAINER;
        return noPorts && !r.ports().isEmpty() ? PORTS_DISCARDED : null;
    }

    // ---- --network (specgen.ParseNetworkFlag) ------------------------------------------------------------

    private static Ns networkFlag(List<String> values, LinkedHashMap<String, Net> networks) {
        String first = values.getFirst();
        Ns ns;
        if (first.equals("slirp4netns") || first.startsWith("slirp4netns:")) {
            ns = new Ns("slirp4netns", "");
        } else if (first.equals("pod")) {
            ns = new Ns("pod", "");
        } else if (first.isEmpty() || first.equals("default") || first.equals("private")) {
            ns = new Ns("private", "");
        } else if (first.equals("bridge") || first.startsWith("bridge:")) {
            ns = new Ns("bridge", "");
            networks.put("", first.equals("bridge") ? new Net() : bridgeOptions(first.substring("bridge:".length())));
        } else if (first.equals("none") || first.equals("host")) {
            ns = new Ns(first, "");
        } else if (first.startsWith("ns:")) {
            ns = new Ns("path", first.substring("ns:".length()));
        } else if (first.startsWith("container:")) {
            ns = new Ns("container", first.substring("container:".length()));
        } else {
            int colon = first.indexOf(':');
            if (colon < 0) {
                // NAME,NAME… is kept for backwards compatibility, without options.
                for (String name : first.split(",", -1)) {
                    if (name.isEmpty()) {
                        throw new EngineException("network name cannot be empty");
                    }
                    networks.put(name, new Net());
                }
            } else {
                String name = first.substring(0, colon);
                if (name.isEmpty()) {
                    throw new EngineException("network name cannot be empty");
                }
                networks.put(name, namedOptions(name, first.substring(colon + 1)));
            }
            ns = new Ns("bridge", "");
        }
        if (values.size() > 1) {
            if (!ns.mode().equals("bridge")) {
                throw new EngineException("cannot set multiple networks without bridge network mode, selected mode "
                        + ns.mode() + ": invalid argument");
            }
            for (String value : values.subList(1, values.size())) {
                int colon = value.indexOf(':');
                String name = colon < 0 ? value : value.substring(0, colon);
                if (name.isEmpty()) {
                    throw new EngineException("network name cannot be empty: invalid argument");
                }
                if (MODE_NAMES.contains(name)) {
                    throw new EngineException("can only set extra network names, selected mode " + name
                            + " conflicts with bridge: invalid argument");
                }
                networks.put(name, colon < 0 ? new Net() : namedOptions(name, value.substring(colon + 1)));
            }
        }
        return ns;
    }

    private static Net namedOptions(String name, String options) {
        try {
            return bridgeOptions(options);
        } catch (EngineException e) {
            throw new EngineException("invalid option for network " + name + ": " + e.getMessage());
        }
    }

    /**
     * {@code ip=…,ip6=…,mac=…,alias=…,interface_name=…}. An option without '=' is read as having the empty
     * value (podman 4.3.1 crashes with an index out of range there).
     */
    private static Net bridgeOptions(String options) {
        Net net = new Net();
        if (options.isEmpty()) {
            return net;
        }
        for (String option : options.split(",", -1)) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? "" : option.substring(eq + 1);
            switch (key) {
                case "ip", "ip6" -> {
                    String ip = GoNet.canonicalIp(value);
                    if (ip == null) {
                        throw new EngineException("invalid ip address " + goQuote(value));
                    }
                    net.ips.add(ip);
                }
                case "mac" -> net.mac = mac(value);
                case "alias" -> {
                    if (value.isEmpty()) {
                        throw new EngineException("alias cannot be empty");
                    }
                    net.aliases.add(value);
                }
                case "interface_name" -> {
                    if (value.isEmpty()) {
                        throw new EngineException("interface_name cannot be empty");
                    }
                    net.interfaceName = value;
                }
                default -> throw new EngineException("unknown bridge network option: " + key);
            }
        }
        return net;
    }

    /**
     * --ip, --ip6, --mac-address, --network-alias: settings of the one network named (or of the default network,
     * keyed "", when none is); aliases go to every network, replacing theirs.
     */
    private static void perNetworkFlags(ParsedFlags f, Ns ns, LinkedHashMap<String, Net> networks) {
        if (networks.isEmpty()) {
            networks.put("", new Net());
        }
        boolean bridge = ns.mode().isEmpty() || ns.mode().equals("bridge");
        for (String flag : List.of("ip", "ip6")) {
            String value = f.string(flag);
            if (value.isEmpty()) {
                continue;
            }
            String ip = GoNet.canonicalIp(value);
            if (ip == null) {
                throw new EngineException(goQuote(value) + " is not an ip address");
            }
            single(flag, bridge, networks).ips.add(ip);
        }
        String mac = f.string("mac-address");
        if (!mac.isEmpty()) {
            String parsed = mac(mac);
            single("mac-address", bridge, networks).mac = parsed;
        }
        List<String> aliases = f.list("network-alias");
        if (!aliases.isEmpty()) {
            if (!bridge) {
                throw new EngineException("--network-alias can only be set when the network mode is bridge: invalid argument");
            }
            for (Net net : networks.values()) {
                net.aliases = new ArrayList<>(aliases);
            }
        }
    }

    private static Net single(String flag, boolean bridge, Map<String, Net> networks) {
        if (!bridge) {
            throw new EngineException("--" + flag + " can only be set when the network mode is bridge: invalid argument");
        }
        if (networks.size() != 1) {
            throw new EngineException("--" + flag + " can only be set for a single network: invalid argument");
        }
        return networks.values().iterator().next();
    }

    private static String mac(String value) {
        try {
            return GoNet.parseMac(value);
        } catch (GoNet.MacException e) {
            throw new EngineException(e.getMessage());
        }
    }

    private static Mode mode(Ns ns) {
        return switch (ns.mode()) {
            case "none" -> Mode.NONE;
            case "host" -> Mode.HOST;
            case "container" -> Mode.CONTAINER;
            case "path" -> Mode.NS;
            default -> Mode.BRIDGE;
        };
    }

    /** In the order given; only the default network with nothing asked of it is "no networks". */
    private static Map<String, Attachment> attachments(LinkedHashMap<String, Net> networks) {
        LinkedHashMap<String, Attachment> out = new LinkedHashMap<>();
        networks.forEach((name, net) -> out.put(name, net.build()));
        if (out.size() == 1 && Attachment.DEFAULT.equals(out.get(""))) {
            return Map.of();
        }
        return Collections.unmodifiableMap(out);
    }

    // ---- --add-host, --dns, --dns-search -------------------------------------------------------------------

    /** parse.ValidateExtraHost of podman 4.3.1 (no host-gateway yet): {@code NAME:IP}, split at the first colon. */
    private static void checkExtraHost(String host) {
        int colon = host.indexOf(':');
        if (colon <= 0) {
            throw new EngineException("bad format for add-host: " + goQuote(host));
        }
        String ip = host.substring(colon + 1);
        if (GoNet.parseIp(ip.strip()) == null) {
            throw new EngineException("invalid IP address in add-host: " + goQuote(ip));
        }
    }

    /** {@code none} alone means "the image's resolv.conf" and is kept as "none"; addresses as Go prints them. */
    private static List<String> dnsServers(List<String> servers) {
        List<String> out = new ArrayList<>();
        for (String server : servers) {
            if (server.equals("none")) {
                if (servers.size() > 1) {
                    throw new EngineException("none is not allowed to be specified with other DNS ip addresses");
                }
                return List.of("none");
            }
            String ip = GoNet.canonicalIp(server);
            if (ip == null) {
                throw new EngineException(server + " is not an ip address");
            }
            out.add(ip);
        }
        return List.copyOf(out);
    }

    private static void checkSearchDomains(List<String> domains) {
        for (String domain : domains) {
            if (domain.equals(".")) {
                if (domains.size() > 1) {
                    throw new EngineException("cannot pass additional search domains when also specifying '.'");
                }
                continue;
            }
            var m = Domains.DOMAIN.matcher(domain);
            if (!Domains.LETTER.matcher(domain).find() || !m.find() || m.group(1).length() >= 255) {
                throw new EngineException(domain + " is not a valid domain");
            }
        }
    }

    // ---- -p (specgenutil.CreatePortBindings) ---------------------------------------------------------------

    private static Publish portBinding(String p) {
        String[] splitProto = p.split("/", -1);
        if (splitProto.length > 2) {
            throw new EngineException("invalid port format - protocol can only be specified once");
        }
        String proto = splitProto.length == 2 ? splitProto[1] : null;
        String remainder = splitProto[0];
        String hostIp = null;
        boolean v6 = false;
        String[] splitV6 = remainder.split("]", -1);
        if (splitV6.length == 2) {
            v6 = true;
            if (!splitV6[0].startsWith("[")) {
                throw new EngineException("invalid port format - IPv6 addresses must be enclosed by []");
            }
            if (!splitV6[1].startsWith(":")) {
                throw new EngineException("invalid port format - IPv6 address must be followed by a colon (':')");
            }
            hostIp = splitV6[0].substring(1);
            remainder = splitV6[1].substring(1);
        } else if (splitV6.length > 2) {
            throw new EngineException("invalid port format - at most one IPv6 address can be specified in a --publish");
        }
        String[] parts = remainder.split(":", -1);
        String hostPort = null;
        String ctrPort;
        switch (parts.length) {
            case 1 -> {
                if (v6) {
                    throw new EngineException("invalid port format - must provide host and destination port if specifying an IP");
                }
                ctrPort = parts[0];
            }
            case 2 -> {
                hostPort = parts[0];
                ctrPort = parts[1];
            }
            case 3 -> {
                if (v6) {
                    throw new EngineException("invalid port format - when v6 address specified, must be [ipv6]:hostPort:ctrPort");
                }
                hostIp = parts[0];
                hostPort = parts[1];
                ctrPort = parts[2];
            }
            default -> throw new EngineException("invalid port format - format is [[hostIP:]hostPort:]containerPort");
        }
        return splitPort(hostIp, hostPort, ctrPort, proto);
    }

    /** parseSplitPort: null means "not given" (as podman's nil pointers do), "" given empty. */
    private static Publish splitPort(String hostIp, String hostPort, String ctrPort, String proto) {
        if (ctrPort.isEmpty()) {
            throw new EngineException("must provide a non-empty container port to publish");
        }
        int[] ctr = portRange(ctrPort, "parsing container port: ");
        if (proto != null && proto.isEmpty()) {
            throw new EngineException("must provide a non-empty protocol to publish");
        }
        String ip = "";
        if (hostIp != null) {
            if (hostIp.isEmpty()) {
                throw new EngineException("must provide a non-empty container host IP to publish");
            }
            if (!hostIp.equals("0.0.0.0")) {   // 0.0.0.0 is left unset, as docker does
                ip = GoNet.canonicalIp(hostIp);
                if (ip == null) {
                    throw new EngineException("cannot parse " + goQuote(hostIp) + " as an IP address");
                }
            }
        }
        int host = 0;   // 0: the engine picks a free port
        if (hostPort != null && !hostPort.isEmpty()) {
            int[] h = portRange(hostPort, "parsing host port: ");
            if (h[1] != ctr[1]) {
                throw new EngineException("host and container port ranges have different lengths: " + h[1] + " vs " + ctr[1]);
            }
            host = h[0];
        }
        return new Publish(ip, ctr[0], host, ctr[1], proto == null ? "" : proto);
    }

    /** parseAndValidateRange: {start, length}. */
    private static int[] portRange(String range, String context) {
        String[] split = range.split("-", -1);
        if (split.length > 2) {
            throw new EngineException(context + "invalid port format - port ranges are formatted as startPort-stopPort");
        }
        if (split[0].isEmpty()) {
            throw new EngineException(context + "port numbers cannot be negative");
        }
        int start = port(split[0], context);
        int length = 1;
        if (split.length == 2) {
            if (split[1].isEmpty()) {
                throw new EngineException(context + "must provide ending number for port range");
            }
            int end = port(split[1], context);
            if (end <= start) {
                throw new EngineException(context + "the end port of a range must be higher than the start port - "
                        + end + " is not higher than " + start);
            }
            length = end - start + 1;
        }
        return new int[] {start, length};
    }

    /** parseAndValidatePort: strconv.Atoi, then 1…65535. */
    private static int port(String s, String context) {
        long n;
        try {
            n = atoi(s);
        } catch (IllegalArgumentException e) {
            throw new EngineException(context + "invalid port number: " + e.getMessage());
        }
        if (n < 1 || n > 65535) {
            throw new EngineException(context + "port numbers must be between 1 and 65535 (inclusive), got " + n);
        }
        return (int) n;
    }

    /** strconv.Atoi on a 64-bit host: optional sign, decimal digits; its error texts. */
    private static long atoi(String s) {
        boolean negative = s.startsWith("-");
        String digits = negative || s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("strconv.Atoi: parsing " + goQuote(s) + ": invalid syntax");
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("strconv.Atoi: parsing " + goQuote(s) + ": invalid syntax");
            }
            try {
                n = Math.addExact(Math.multiplyExact(n, 10), c - '0');
            } catch (ArithmeticException e) {   // Go, too, stops at the first overflow
                throw new IllegalArgumentException("strconv.Atoi: parsing " + goQuote(s) + ": value out of range");
            }
        }
        return negative ? -n : n;
    }

    // ---- --expose ------------------------------------------------------------------------------------------

    /** create's verifyExpose: go-connections' SplitProtoPort and ParsePortRange (16-bit ParseUint). */
    private static void verifyExpose(String e) {
        String port = e.split("/", -1)[0];
        try {
            if (port.isEmpty()) {
                throw new IllegalArgumentException("Empty string specified for ports.");
            }
            String[] parts = port.split("-", -1);
            int start = parseUint16(parts[0]);
            if (parts.length > 1 && parseUint16(parts[1]) < start) {
                throw new IllegalArgumentException("Invalid range specified for the Port: " + port);
            }
        } catch (IllegalArgumentException why) {
            throw new EngineException("invalid range format for --expose: " + e + ": " + why.getMessage());
        }
    }

    /** strconv.ParseUint(s, 10, 16), with its error texts. */
    private static int parseUint16(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("strconv.ParseUint: parsing " + goQuote(s) + ": invalid syntax");
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("strconv.ParseUint: parsing " + goQuote(s) + ": invalid syntax");
            }
            n = n * 10 + (c - '0');
            if (n > 65535) {   // Go stops at the first overflow, before looking at later characters
                throw new IllegalArgumentException("strconv.ParseUint: parsing " + goQuote(s) + ": value out of range");
            }
        }
        return n;
    }

    /** specgenutil's createExpose: PORT[-END][/PROTO] → (first port, protocol) for the later protocol check. */
    private static Map.Entry<Integer, String> exposeEntry(String e) {
        String[] splitProto = e.split("/", -1);
        if (splitProto.length > 2) {
            throw new EngineException("invalid expose format - protocol can only be specified once");
        }
        int[] range = portRange(splitProto[0], "");
        return Map.entry(range[0], splitProto.length == 2 ? splitProto[1] : "tcp");
    }

    // ---- the spec's validation and completion --------------------------------------------------------------

    private static void validate(Ns ns, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                                 List<String> addHosts, boolean perNetworkFlags) {
        boolean anyDns = !dns.isEmpty() || !dnsSearch.isEmpty() || !dnsOptions.isEmpty();
        if (anyDns && (ns.mode().equals("none") || ns.mode().equals("container"))) {
            throw new EngineException("conflicting options: dns and the network mode: " + ns.mode());
        }
        if (!addHosts.isEmpty() && ns.mode().equals("container")) {
            throw new EngineException("invalid config provided: cannot set extra host entries when the container is "
                    + "joined to another containers network namespace: invalid configuration");
        }
        if (perNetworkFlags && !ns.mode().isEmpty() && !ns.mode().equals("bridge") && !ns.mode().equals("private")) {
            throw new EngineException("invalid config provided: networks and static ip/mac address can only be used "
                    + "with Bridge mode networking");
        }
        if ((ns.mode().equals("path") || ns.mode().equals("container")) && ns.value().isEmpty()) {
            throw new EngineException("invalid config provided: namespace mode " + ns.mode() + " requires a value");
        }
    }

    /** Where ports exist: --expose's protocols, then -p's, checked; one mapping per protocol; duplicates once. */
    private static List<PortMapping> checkedPorts(List<Map.Entry<Integer, String>> exposed, List<Publish> publish) {
        for (Map.Entry<Integer, String> e : exposed) {
            try {
                protocols(e.getValue(), false);
            } catch (EngineException x) {
                throw new EngineException("validating protocols for exposed port " + e.getKey() + ": " + x.getMessage());
            }
        }
        LinkedHashSet<PortMapping> ports = new LinkedHashSet<>();
        for (Publish p : publish) {
            for (String proto : protocols(p.protocol(), true)) {
                ports.add(new PortMapping(p.hostIp(), p.containerPort(), p.hostPort(), p.range(), proto));
            }
        }
        return List.copyOf(ports);
    }

    /** Where podman discards ports (host, none, container:, ns:) it never checks them: kept for the warning. */
    private static List<PortMapping> uncheckedPorts(List<Publish> publish) {
        List<PortMapping> ports = new ArrayList<>();
        for (Publish p : publish) {
            String proto = p.protocol().isEmpty() ? "tcp" : p.protocol().toLowerCase(Locale.ROOT);
            ports.add(new PortMapping(p.hostIp(), p.containerPort(), p.hostPort(), p.range(), proto));
        }
        return List.copyOf(ports);
    }

    /** checkProtocol: a comma-separated list, case-insensitive, "" meaning tcp, duplicates dropped. */
    private static List<String> protocols(String protocol, boolean allowSctp) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String p : protocol.split(",", -1)) {
            p = p.toLowerCase(Locale.ROOT);
            switch (p) {
                case "tcp", "" -> out.add("tcp");
                case "udp" -> out.add("udp");
                case "sctp" -> {
                    if (!allowSctp) {
                        throw new EngineException("protocol SCTP is not allowed for exposed ports");
                    }
                    out.add("sctp");
                }
                default -> throw new EngineException("unrecognized protocol " + goQuote(p) + " in port mapping");
            }
        }
        return List.copyOf(out);
    }

    /** Go's %q for the values podman quotes in its errors. */
    static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case 0x0B -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || !Character.isDefined(c)) {
                        b.append(c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }
}
