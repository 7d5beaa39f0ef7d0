package io.peapod.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A networked container's {@code /etc/hosts} and {@code /etc/resolv.conf}, written as podman 4.3.1
 * writes them (see docs/design-notes.md, "Networking: what podman 4.3.1 does here"):
 * <ul>
 *   <li>hosts: the {@code --add-host} entries, the host's own entries, localhost if the host's file lacks it,
 *       {@code GATEWAY host.containers.internal}, then {@code IP HOSTNAME NAME}; every line {@code IP<tab>names};</li>
 *   <li>resolv.conf: {@code --dns-search} or else {@code dns.podman} (on a network with DNS) and the host's
 *       search domains; {@code --dns} or else the network's DNS server and the host's servers (localhost
 *       ones dropped: they do not answer inside another namespace; Google's when none is left);
 *       {@code --dns-option} or else the host's options.</li>
 * </ul>
 */
public final class EtcFiles {
    private EtcFiles() {}

    /** One hosts line: an address and its names. */
    public record HostEntry(String ip, List<String> names) {
        // Written out (see NetworkRequest.PortMapping): a pod member's run compares entries.
        @Override
        public boolean equals(Object o) {
            return o instanceof HostEntry e && Objects.equals(ip, e.ip) && Objects.equals(names, e.names);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ip, names);
        }
    }

    /** The hosts file's lines, from the host's hosts file's text. */
    public static List<HostEntry> parseHosts(String text) {
        List<HostEntry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length >= 2) {
                out.add(new HostEntry(fields[0], List.of(fields).subList(1, fields.length)));
            }
        }
        return out;
    }

    /**
     * podman's hosts file (containers/common etchosts.New): the {@code --add-host} entries and the base file's
     * entries as they are, then {@code 127.0.0.1 localhost}, {@code ::1 localhost}, {@code INTERNAL
     * host.containers.internal} and the container's own entries, each with only the names that no earlier
     * entry has (a name of the host's file wins; a line left without names is dropped).
     *
     * @param internalIp the address of {@code host.containers.internal}; null for none
     * @param own        the container's entries: {@code IP HOSTNAME NAME} per address, or
     *                   {@code 127.0.0.1 HOSTNAME NAME} without a network
     */
    public static String hosts(List<HostEntry> added, List<HostEntry> base, String internalIp, List<HostEntry> own) {
        StringBuilder b = new StringBuilder();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (List<HostEntry> entries : List.of(added, base)) {
            for (HostEntry e : entries) {
                names.addAll(e.names());
                line(b, e);
            }
        }
        List<HostEntry> special = new ArrayList<>();
        special.add(new HostEntry("127.0.0.1", List.of("localhost")));
        special.add(new HostEntry("::1", List.of("localhost")));
        if (internalIp != null && !internalIp.isEmpty()) {
            special.add(new HostEntry(internalIp, List.of("host.containers.internal")));
        }
        special.addAll(own);
        for (HostEntry e : special) {
            List<String> free = e.names().stream().filter(n -> !names.contains(n)).toList();
            if (!free.isEmpty()) {
                line(b, new HostEntry(e.ip(), free));
            }
        }
        return b.toString();
    }

    /** {@code hosts} with {@code entries} appended, each with only the names it does not have yet (etchosts.Add). */
    public static String add(String hosts, List<HostEntry> entries) {
        StringBuilder b = new StringBuilder(hosts);
        if (!hosts.isEmpty() && !hosts.endsWith("\n")) {
            b.append('\n');
        }
        free(hosts, entries).forEach(e -> line(b, e));
        return b.toString();
    }

    /** The entries with only the names {@code hosts} does not have yet; those left without a name dropped. */
    public static List<HostEntry> free(String hosts, List<HostEntry> entries) {
        java.util.Set<String> names = new java.util.HashSet<>();
        parseHosts(hosts).forEach(e -> names.addAll(e.names()));
        List<HostEntry> out = new ArrayList<>();
        for (HostEntry e : entries) {
            List<String> free = e.names().stream().filter(n -> !names.contains(n)).toList();
            if (!free.isEmpty()) {
                out.add(new HostEntry(e.ip(), free));
            }
        }
        return out;
    }

    private static void line(StringBuilder b, HostEntry e) {
        b.append(e.ip()).append('\t').append(String.join(" ", e.names())).append('\n');
    }

    /** What a resolv.conf says: servers, search domains, options. */
    public record Resolv(List<String> nameservers, List<String> search, List<String> options) {}

    public static Resolv parseResolv(String text) {
        List<String> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#") || f[0].startsWith(";")) {
                continue;
            }
            List<String> rest = List.of(f).subList(1, f.length);
            switch (f[0]) {
                case "nameserver" -> servers.add(f[1]);
                case "search", "domain" -> {
                    search.clear();   // the last search or domain line wins, as in the resolver
                    search.addAll(rest);
                }
                case "options" -> options.addAll(rest);
                default -> { }
            }
        }
        return new Resolv(servers, search, options);
    }

    /**
     * @param host          the host's resolv.conf
     * @param dns           {@code --dns}: replaces every server when given
     * @param dnsSearch     {@code --dns-search}: replaces the search domains when given
     * @param dnsOptions    {@code --dns-option}: replaces the options when given
     * @param networkDns    the DNS servers of the container's networks (aardvark-dns), first
     * @param networkSearch their search domains ({@code dns.podman}), first
     */
    public static String resolvConf(Resolv host, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                                    List<String> networkDns, List<String> networkSearch) {
        List<String> search = new ArrayList<>();
        if (!dnsSearch.isEmpty()) {
            search.addAll(dnsSearch);
        } else {
            if (dns.isEmpty()) {
                search.addAll(networkSearch);   // podman: the network's domains come only with its servers
            }
            host.search().stream().filter(s -> !search.contains(s)).forEach(search::add);
        }
        List<String> servers = new ArrayList<>();
        if (!dns.isEmpty()) {
            servers.addAll(dns);
        } else {
            servers.addAll(networkDns);
            List<String> usable = host.nameservers().stream().filter(s -> !isLocalhost(s)).toList();
            if (usable.isEmpty() && networkDns.isEmpty()) {
                usable = List.of("8.8.8.8", "8.8.4.4");
            }
            usable.stream().filter(s -> !servers.contains(s)).forEach(servers::add);
        }
        List<String> options = dnsOptions.isEmpty() ? host.options() : dnsOptions;
        StringBuilder b = new StringBuilder();
        if (!search.isEmpty()) {
            b.append("search ").append(String.join(" ", search)).append('\n');
        }
        for (String s : servers) {
            b.append("nameserver ").append(s).append('\n');
        }
        if (!options.isEmpty()) {
            b.append("options ").append(String.join(" ", options)).append('\n');
        }
        return b.toString();
    }

    private static boolean isLocalhost(String server) {
        return server.startsWith("127.") || server.equals("::1");
    }
}
