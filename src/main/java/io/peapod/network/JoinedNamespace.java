package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.json.JsonReader;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The interfaces of a network namespace the container joined by path ({@code --network ns:PATH}), as podman
 * 4.3.1's inspectJoinedNetworkNS reads them: every interface but loopback that has an address, its MAC, its
 * addresses less link-local ones, and the default route's gateway on the subnet that holds it. Read with
 * iproute2's JSON output inside the namespace ({@code nsenter --net}), since a JVM thread cannot be moved there.
 */
public final class JoinedNamespace {
    private JoinedNamespace() {}

    /** One address of an interface; {@code gateway} null when the default route is not on its subnet. */
    public record Address(String ip, int prefixLen, String gateway) {}

    public record Interface(String name, String mac, List<Address> subnets) {}

    /** The interfaces sorted by name (podman sorts them so that inspect is stable). */
    public static List<Interface> inspect(Path netns) {
        String sep = "@@";
        String out = run(List.of("nsenter", "--net=" + netns, "sh", "-c",
                "ip -j addr show && echo " + sep + " && ip -j -4 route show default && echo " + sep
                        + " && ip -j -6 route show default"));
        String[] parts = out.split(sep);
        if (parts.length != 3) {
            throw new EngineException("inspecting network namespace " + netns + ": unexpected output of ip");
        }
        String gateway = null;
        for (String routes : List.of(parts[1], parts[2])) {   // netlink's order: IPv4 first; the last one wins
            for (Object r : list(routes)) {
                Object gw = ((Map<?, ?>) r).get("gateway");
                if (gw != null) {
                    gateway = gw.toString();
                }
            }
        }
        List<Interface> out2 = new ArrayList<>();
        for (Object o : list(parts[0])) {
            Map<?, ?> link = (Map<?, ?>) o;
            if (link.get("flags") instanceof List<?> flags && flags.contains("LOOPBACK")) {
                continue;
            }
            List<?> addrs = link.get("addr_info") instanceof List<?> l ? l : List.of();
            if (addrs.isEmpty()) {
                continue;
            }
            List<Address> subnets = new ArrayList<>();
            for (Object a : addrs) {
                Map<?, ?> addr = (Map<?, ?>) a;
                String ip = String.valueOf(addr.get("local"));
                int len = ((Number) addr.get("prefixlen")).intValue();
                if (linkLocal(ip)) {
                    continue;
                }
                subnets.add(new Address(ip, len, gateway != null && contains(ip, len, gateway) ? gateway : null));
            }
            out2.add(new Interface(String.valueOf(link.get("ifname")), String.valueOf(link.get("address")), subnets));
        }
        out2.sort(Comparator.comparing(Interface::name));
        return out2;
    }

    private static List<?> list(String json) {
        String t = json.strip();
        return t.isEmpty() ? List.of() : (List<?>) JsonReader.parse(t.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean linkLocal(String ip) {
        try {
            InetAddress a = InetAddress.getByName(ip);
            return a.isLinkLocalAddress() || (a.isMulticastAddress() && a.getAddress().length == 16
                    && (a.getAddress()[1] & 0x0f) == 2) || (a.isMulticastAddress() && ip.startsWith("224.0.0."));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(String ip, int len, String other) {
        try {
            byte[] a = InetAddress.getByName(ip).getAddress();
            byte[] b = InetAddress.getByName(other).getAddress();
            if (a.length != b.length) {
                return false;
            }
            int bits = a.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - len).subtract(BigInteger.ONE));
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EngineException("inspecting network namespace: timed out");
            }
            if (p.exitValue() != 0) {
                throw new EngineException("inspecting network namespace: " + String.join(" ", argv) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new EngineException("inspecting network namespace: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        }
    }
}
