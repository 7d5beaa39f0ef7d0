package io.peapod.network;

import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest.PortMapping;
import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;
import io.peapod.sys.ChildProcess;
import io.peapod.sys.Errno;
import io.peapod.sys.SysException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * netavark, driven as podman drives it: {@code netavark --config RUNDIR --rootless=false
 * --aardvark-binary=… setup|teardown NETNS_PATH} with the container's networks as JSON on stdin
 * (see docs/design-notes.md, "Networking: what podman 4.3.1 does here"). netavark makes the bridge,
 * veth pair, addresses, routes, firewall rules and port forwards, and starts aardvark-dns; the
 * addresses themselves are chosen by the caller ({@code static_ips}).
 */
public final class Netavark implements NetworkBackend {
    /** containers.conf's default helper_binaries_dir, in its order. */
    static final List<Path> HELPER_DIRS = List.of(Path.of("/usr/local/libexec/podman"), Path.of("/usr/local/lib/podman"),
            Path.of("/usr/libexec/podman"), Path.of("/usr/lib/podman"));

    /** The container on one network: its addresses, MAC ("" for a random one), DNS names and interface inside the namespace. */
    public record Attachment(List<String> staticIps, String staticMac, List<String> aliases, String interfaceName) {}

    /** The container's side of a network after setup: the interface netavark made and the DNS to use. */
    public record Status(List<String> dnsSearchDomains, List<String> dnsServerIps, Map<String, Interface> interfaces) {}

    public record Interface(String macAddress, List<Subnet> subnets) {}

    public record Subnet(String ipnet, String gateway) {}

    private final Path binary;
    private final Path aardvark;
    private final Path runDir;

    /**
     * @param runDir netavark's {@code --config}: its and aardvark-dns' state (podman's is
     *               {@code /run/containers/networks})
     */
    public Netavark(Path binary, Path aardvark, Path runDir) {
        this.binary = binary;
        this.aardvark = aardvark;
        this.runDir = runDir;
    }

    /** netavark and aardvark-dns from the helper directories, as podman finds them. */
    public static Netavark find(Path runDir) {
        return new Netavark(helper("netavark"), helper("aardvark-dns"), runDir);
    }

    private static Path helper(String name) {
        for (Path dir : HELPER_DIRS) {
            Path p = dir.resolve(name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new EngineException("could not find \"" + name + "\" in one of " + HELPER_DIRS
                + ".  To resolve this error, set the helper_binaries_dir key in the `[engine]` section of containers.conf to the directory containing your helper binaries.");
    }

    /**
     * Connects the namespace at {@code netns} to {@code networks} (name → the container's attachment),
     * whose configurations ({@code NAME.json} as read) are {@code networkInfo}. Returns each network's status.
     */
    public Map<String, Status> setup(Path netns, String containerId, String containerName, List<PortMapping> ports,
                                     Map<String, Attachment> networks, Map<String, Map<String, Object>> networkInfo) {
        return parseStatus(setup(netns, request(containerId, containerName, ports, networks, networkInfo)));
    }

    /** {@link #setup} with the request already made ({@link #request}); netavark's answer as it came ({@link #parseStatus}). */
    @Override
    public byte[] setup(Path netns, byte[] request) {
        return run("setup", netns, request);
    }

    /** {@link #teardown} with the request that set the namespace up. */
    @Override
    public void teardown(Path netns, byte[] request) {
        run("teardown", netns, request);
    }

    /** Undoes {@link #setup} with the same arguments: interfaces, rules, forwards and DNS entries go. */
    public void teardown(Path netns, String containerId, String containerName, List<PortMapping> ports,
                         Map<String, Attachment> networks, Map<String, Map<String, Object>> networkInfo) {
        run("teardown", netns, request(containerId, containerName, ports, networks, networkInfo));
    }

    /** The JSON netavark reads on stdin, the same for setup and teardown. */
    public static byte[] request(String containerId, String containerName, List<PortMapping> ports,
                          Map<String, Attachment> networks, Map<String, Map<String, Object>> networkInfo) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("container_id", containerId);
        req.put("container_name", containerName);
        List<Object> mappings = new ArrayList<>();
        for (PortMapping p : ports) {
            mappings.add(portJson(p));
        }
        req.put("port_mappings", mappings);
        Map<String, Object> nets = new LinkedHashMap<>();
        networks.forEach((name, a) -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("static_ips", a.staticIps());
            if (!a.staticMac().isEmpty()) {
                n.put("static_mac", a.staticMac());
            }
            n.put("aliases", a.aliases());
            n.put("interface_name", a.interfaceName());
            nets.put(name, n);
        });
        req.put("networks", nets);
        req.put("network_info", networkInfo);
        return JsonWriter.write(req, false);
    }

    /** One published port as netavark reads it, which is podman's types.PortMapping JSON (ps --format json shows it). */
    public static Map<String, Object> portJson(PortMapping p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host_ip", p.hostIp());
        m.put("container_port", p.containerPort());
        m.put("host_port", p.hostPort());
        m.put("range", p.range());
        m.put("protocol", p.protocol());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Status> parseStatus(byte[] answer) {
        Map<String, Status> result = new LinkedHashMap<>();
        Object parsed = JsonReader.parse(answer);
        if (!(parsed instanceof Map<?, ?> top)) {
            throw new EngineException("netavark: unexpected answer: " + new String(answer, StandardCharsets.UTF_8));
        }
        for (Map.Entry<?, ?> e : top.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            Map<String, Interface> interfaces = new LinkedHashMap<>();
            Map<String, Object> ifs = (Map<String, Object>) s.getOrDefault("interfaces", Map.of());
            ifs.forEach((name, v) -> {
                Map<String, Object> i = (Map<String, Object>) v;
                List<Subnet> subnets = new ArrayList<>();
                for (Object o : (List<Object>) i.getOrDefault("subnets", List.of())) {
                    Map<String, Object> sn = (Map<String, Object>) o;
                    subnets.add(new Subnet((String) sn.get("ipnet"), (String) sn.get("gateway")));
                }
                interfaces.put(name, new Interface((String) i.get("mac_address"), subnets));
            });
            result.put((String) e.getKey(), new Status(strings(s.get("dns_search_domains")),
                    strings(s.get("dns_server_ips")), interfaces));
        }
        return result;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    /** Runs netavark; its error (netavark prints {"error": "..."} on stdout on failure) becomes podman's message. */
    private byte[] run(String action, Path netns, byte[] input) {
        List<String> argv = List.of(binary.toString(), "--config", runDir.toString(), "--rootless=false",
                "--aardvark-binary=" + aardvark, action, netns.toString());
        try {
            Files.createDirectories(runDir);
            // on the way to a container's first packet: libpeapod's spawn, not ProcessBuilder's (see ChildProcess)
            ChildProcess.Result r = ChildProcess.run(argv, input, 60_000);
            if (r.exitCode() != 0) {
                throw new EngineException("netavark: " + errorOf(r.stdout(), r.stderr()));
            }
            return r.stdout();
        } catch (IOException e) {
            throw new EngineException("running netavark " + action + ": " + e.getMessage());
        } catch (SysException e) {
            throw new EngineException(e.errno() == Errno.ETIMEDOUT ? "netavark " + action + ": timed out"
                    : "running netavark " + action + ": " + e.getMessage());
        }
    }

    private static String errorOf(byte[] out, byte[] err) {
        try {
            if (JsonReader.parse(out) instanceof Map<?, ?> m && m.get("error") != null) {
                return String.valueOf(m.get("error"));
            }
        } catch (RuntimeException notJson) {
            // fall through to the raw text
        }
        String text = (new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8)).strip();
        return text.isEmpty() ? "exited without a message" : text;
    }
}
