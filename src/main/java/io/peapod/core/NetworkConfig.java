package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.NetworkRequest.Attachment;
import io.peapod.engine.NetworkRequest.Mode;
import io.peapod.engine.NetworkRequest.PortMapping;
import io.peapod.image.Json;
import io.peapod.network.Netavark;
import io.peapod.network.NetworkStore;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's network settings as kept in its stored config (key {@value #KEY}): the {@link NetworkRequest}
 * as {@code create} resolves it, the way podman's specgen does at create time: the default network named,
 * each network checked to exist and given its interface ({@code eth0}, {@code eth1}, …), the image's EXPOSE
 * joined to {@code --expose}, and every "any free port" ({@code -p 80}, {@code -P}) given a free host port
 * now, so that {@code port} and inspect show the same ports for the container's whole life.
 */
final class NetworkConfig {
    static final String KEY = "net";

    private NetworkConfig() {}

    /** The request resolved for storing; {@code imageConfig} gives the image's ExposedPorts. */
    static NetworkRequest resolve(NetworkRequest req, Map<String, Object> imageConfig, NetworkStore networks) {
        if (req.mode() != Mode.BRIDGE) {
            return req;   // no networks to name, no ports to publish (the cli refuses -p there)
        }
        Map<String, Attachment> resolved = new LinkedHashMap<>();
        Map<String, Attachment> asked = req.networks().isEmpty() ? Map.of("", Attachment.DEFAULT) : req.networks();
        int eth = 0;
        for (Map.Entry<String, Attachment> e : asked.entrySet()) {
            String name = e.getKey().isEmpty() ? networks.defaultName() : e.getKey();   // containers.conf default_network
            String found;
            try {
                found = networks.find(name).name();
            } catch (EngineException notFound) {
                throw new EngineException(notFound.getMessage());   // podman's words, but create's exit code
            }
            Attachment a = e.getValue();
            String iface = a.interfaceName().isEmpty() ? "eth" + eth++ : a.interfaceName();
            resolved.put(found, new Attachment(a.staticIps(), a.staticMac(), a.aliases(), iface));
        }
        List<String> exposed = exposed(req.expose(), imageConfig);
        List<PortMapping> ports = new ArrayList<>();
        Set<String> published = new LinkedHashSet<>();
        for (PortMapping p : req.ports()) {
            ports.add(p.hostPort() == 0 ? new PortMapping(p.hostIp(), p.containerPort(), freePort(p), 1, p.protocol()) : p);
            for (int i = 0; i < p.range(); i++) {
                published.add((p.containerPort() + i) + "/" + p.protocol());
            }
        }
        if (req.publishAll()) {
            for (String port : exposed) {
                if (published.add(port)) {
                    int slash = port.indexOf('/');
                    PortMapping p = new PortMapping("", Integer.parseInt(port.substring(0, slash)), 0, 1, port.substring(slash + 1));
                    ports.add(new PortMapping("", p.containerPort(), freePort(p), 1, p.protocol()));
                }
            }
        }
        return new NetworkRequest(Mode.BRIDGE, "", resolved, ports, req.publishAll(), exposed, req.dns(), req.dnsSearch(),
                req.dnsOptions(), req.addHosts(), req.noHosts());
    }

    /** The image's ExposedPorts ("80/tcp") and {@code --expose} (PORT[/PROTO], FROM-TO[/PROTO]), each port once. */
    static List<String> exposed(List<String> expose, Map<String, Object> imageConfig) {
        Set<String> out = new LinkedHashSet<>(Json.map(Json.map(imageConfig.get("config")).get("ExposedPorts")).keySet());
        for (String e : expose) {
            int slash = e.indexOf('/');
            String proto = slash < 0 ? "tcp" : e.substring(slash + 1);
            String ports = slash < 0 ? e : e.substring(0, slash);
            int dash = ports.indexOf('-');
            try {
                int from = Integer.parseInt(ports.substring(0, dash < 0 ? ports.length() : dash));
                int to = dash < 0 ? from : Integer.parseInt(ports.substring(dash + 1));
                for (int p = from; p <= to; p++) {
                    out.add(p + "/" + proto);
                }
            } catch (NumberFormatException ex) {
                throw new EngineException("unable to parse exposed port " + e);
            }
        }
        return List.copyOf(out);
    }

    /** A host port nobody listens on now, from the kernel's ephemeral range (podman binds port 0 the same way). */
    private static int freePort(PortMapping p) {
        try {
            InetAddress ip = p.hostIp().isEmpty() ? null : InetAddress.getByName(p.hostIp());
            if (p.protocol().equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip, 0))) {
                    return s.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(ip, 0));
                return s.getLocalPort();
            }
        } catch (IOException e) {
            throw new EngineException("failed to find an available port: " + e.getMessage());
        }
    }

    /**
     * podman's {@code Ports}/{@code PortBindings} of inspect: "PORT/PROTO" → the host addresses it is published
     * on, or null for an exposed port not published; Go sorts the keys as strings.
     */
    static Map<String, Object> portBindings(NetworkRequest net) {
        Map<String, Object> out = new java.util.TreeMap<>();
        if (net.mode() != Mode.BRIDGE) {
            return out;
        }
        for (String e : net.expose()) {
            out.put(e, null);
        }
        for (PortMapping p : net.ports()) {
            for (int i = 0; i < p.range(); i++) {
                Map<String, Object> binding = new LinkedHashMap<>();
                binding.put("HostIp", p.hostIp());
                binding.put("HostPort", String.valueOf(p.hostPort() + i));
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) out.get((p.containerPort() + i) + "/" + p.protocol());
                if (list == null) {
                    list = new ArrayList<>();
                    out.put((p.containerPort() + i) + "/" + p.protocol(), list);
                }
                list.add(binding);
            }
        }
        return out;
    }

    /** podman's types.PortMapping JSON ({@code ps --format json}'s Ports); null when there are none, as Go's nil slice. */
    static List<Object> portsJson(NetworkRequest net) {
        if (net.ports().isEmpty() || net.mode() != Mode.BRIDGE) {
            return null;   // ports asked for in another mode are not published (podman warns at create)
        }
        List<Object> out = new ArrayList<>();
        for (PortMapping p : net.ports()) {
            out.add(Netavark.portJson(p));
        }
        return out;
    }

    // ---- the stored form -------------------------------------------------------------------------

    static Map<String, Object> toJson(NetworkRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode().word);
        m.put("modeValue", r.modeValue());
        Map<String, Object> nets = new LinkedHashMap<>();
        r.networks().forEach((name, a) -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("staticIps", a.staticIps());
            n.put("staticMac", a.staticMac());
            n.put("aliases", a.aliases());
            n.put("interfaceName", a.interfaceName());
            nets.put(name, n);
        });
        m.put("networks", nets);
        List<Object> ports = new ArrayList<>();
        for (PortMapping p : r.ports()) {
            ports.add(Netavark.portJson(p));
        }
        m.put("ports", ports);
        m.put("publishAll", r.publishAll());
        m.put("expose", r.expose());
        m.put("dns", r.dns());
        m.put("dnsSearch", r.dnsSearch());
        m.put("dnsOptions", r.dnsOptions());
        m.put("addHosts", r.addHosts());
        m.put("noHosts", r.noHosts());
        return m;
    }

    /** The container's settings; a container created before networking kept only "network" (host or private). */
    static NetworkRequest of(Map<String, Object> config) {
        Map<String, Object> m = Json.map(config.get(KEY));
        if (m.isEmpty()) {
            return NetworkRequest.of("host".equals(config.get("network")) ? Mode.HOST : Mode.NONE, "");
        }
        Mode mode = Mode.NONE;
        for (Mode x : Mode.values()) {
            if (x.word.equals(m.get("mode"))) {
                mode = x;
            }
        }
        Map<String, Attachment> nets = new LinkedHashMap<>();
        Json.map(m.get("networks")).forEach((name, v) -> {
            Map<String, Object> n = Json.map(v);
            nets.put(name, new Attachment(ContainerConfig.strings(n.get("staticIps")), Json.string(n.get("staticMac")),
                    ContainerConfig.strings(n.get("aliases")), Json.string(n.get("interfaceName"))));
        });
        List<PortMapping> ports = new ArrayList<>();
        for (Object o : Json.list(m.get("ports"))) {
            Map<String, Object> p = Json.map(o);
            ports.add(new PortMapping(Json.string(p.get("host_ip")), ((Number) p.get("container_port")).intValue(),
                    ((Number) p.get("host_port")).intValue(), ((Number) p.get("range")).intValue(), Json.string(p.get("protocol"))));
        }
        return new NetworkRequest(mode, Json.string(m.get("modeValue")), nets, ports, Boolean.TRUE.equals(m.get("publishAll")),
                ContainerConfig.strings(m.get("expose")), ContainerConfig.strings(m.get("dns")),
                ContainerConfig.strings(m.get("dnsSearch")), ContainerConfig.strings(m.get("dnsOptions")),
                ContainerConfig.strings(m.get("addHosts")), Boolean.TRUE.equals(m.get("noHosts")));
    }
}
