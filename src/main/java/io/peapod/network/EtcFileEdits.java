package io.peapod.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The changes podman 4.3.1 makes to a running container's {@code /etc/hosts} and {@code /etc/resolv.conf}
 * when it joins or leaves a network ({@code network connect/disconnect}): one {@code IP<tab>HOSTNAME NAME}
 * line per address appended to hosts (removed again on disconnect), and the network's DNS servers put before
 * the others in resolv.conf (taken out on disconnect). Pure text in, text out; other lines are kept as they are.
 */
public final class EtcFileEdits {
    private EtcFileEdits() {}

    /** The hosts lines of a container with {@code ips} on a network: {@code IP HOSTNAME NAME}, as podman writes them. */
    public static List<EtcFiles.HostEntry> entries(List<String> ips, String hostname, String name) {
        List<String> names = List.of(hostname, name);   // podman writes both even when equal: "IP hh hh"
        return ips.stream().map(ip -> new EtcFiles.HostEntry(ip, names)).toList();
    }

    /** {@code hosts} with the entries appended. */
    public static String addHosts(String hosts, List<EtcFiles.HostEntry> entries) {
        StringBuilder b = new StringBuilder(hosts);
        if (!hosts.isEmpty() && !hosts.endsWith("\n")) {
            b.append('\n');
        }
        for (EtcFiles.HostEntry e : entries) {
            b.append(e.ip()).append('\t').append(String.join(" ", e.names())).append('\n');
        }
        return b.toString();
    }

    /** {@code hosts} without the lines that give exactly one of the entries (same address, same names). */
    public static String removeHosts(String hosts, List<EtcFiles.HostEntry> entries) {
        StringBuilder b = new StringBuilder();
        for (String line : lines(hosts)) {
            List<EtcFiles.HostEntry> parsed = EtcFiles.parseHosts(line);
            if (parsed.size() == 1 && entries.contains(parsed.getFirst())) {
                continue;
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }

    /** {@code resolv} with the servers it does not name yet put before its first nameserver line (or at its end). */
    public static String addNameservers(String resolv, List<String> servers) {
        List<String> known = EtcFiles.parseResolv(resolv).nameservers();
        List<String> added = servers.stream().filter(s -> !known.contains(s)).distinct().toList();
        if (added.isEmpty()) {
            return resolv;
        }
        StringBuilder b = new StringBuilder();
        boolean done = false;
        for (String line : lines(resolv)) {
            if (!done && isNameserver(line)) {
                added.forEach(s -> b.append("nameserver ").append(s).append('\n'));
                done = true;
            }
            b.append(line).append('\n');
        }
        if (!done) {
            added.forEach(s -> b.append("nameserver ").append(s).append('\n'));
        }
        return b.toString();
    }

    /** {@code resolv} without the nameserver lines of {@code servers}. */
    public static String removeNameservers(String resolv, List<String> servers) {
        StringBuilder b = new StringBuilder();
        for (String line : lines(resolv)) {
            if (isNameserver(line) && servers.contains(line.strip().split("\\s+")[1])) {
                continue;
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private static boolean isNameserver(String line) {
        String[] f = line.strip().split("\\s+");
        return f.length >= 2 && f[0].equals("nameserver");
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();   // the final newline ends the last line, it starts none
        }
        return out;
    }
}
