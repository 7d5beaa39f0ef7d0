package io.peapod.core;

import io.peapod.image.Json;
import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure edits of a running container's network state ({@code RUNROOT/networks/ID.json}: {"netns", "request"
 * (netavark's stdin), "status" (its answer)}) when one network is connected, disconnected or reloaded, so
 * that the request always names exactly the networks that are set up and the final teardown undoes them all.
 * Every method returns a new map and leaves its argument alone.
 */
final class NetworkStateEdit {
    private NetworkStateEdit() {}

    /** podman's getFreeInterfaceName: the first {@code ethN} no attached network uses. */
    static String freeInterfaceName(Collection<String> used) {
        for (int i = 0; ; i++) {
            String name = "eth" + i;
            if (!used.contains(name)) {
                return name;
            }
        }
    }

    /**
     * The state with the networks of {@code oneRequest} (a request naming the networks being connected) added
     * to its request; a state without a request takes the whole of {@code oneRequest}.
     */
    static Map<String, Object> withRequest(Map<String, Object> state, byte[] oneRequest) {
        Map<String, Object> added = Json.map(JsonReader.parse(oneRequest));
        Map<String, Object> out = copy(state);
        Map<String, Object> request = copy(Json.map(state.get("request")));
        if (request.isEmpty()) {
            request.putAll(added);
        } else {
            Map<String, Object> nets = copy(Json.map(request.get("networks")));
            nets.putAll(Json.map(added.get("networks")));
            request.put("networks", nets);
            Map<String, Object> info = copy(Json.map(request.get("network_info")));
            info.putAll(Json.map(added.get("network_info")));
            request.put("network_info", info);
        }
        out.put("request", request);
        return out;
    }

    /** The state with netavark's answer for newly set-up networks added to its status. */
    static Map<String, Object> withStatus(Map<String, Object> state, byte[] answer) {
        Map<String, Object> out = copy(state);
        Map<String, Object> status = copy(Json.map(state.get("status")));
        status.putAll(Json.map(JsonReader.parse(answer)));
        out.put("status", status);
        return out;
    }

    /** The state without {@code network}: out of the request's networks and network_info, and of the status. */
    static Map<String, Object> without(Map<String, Object> state, String network) {
        Map<String, Object> out = copy(state);
        Map<String, Object> request = copy(Json.map(state.get("request")));
        if (!request.isEmpty()) {
            Map<String, Object> nets = copy(Json.map(request.get("networks")));
            nets.remove(network);
            request.put("networks", nets);
            Map<String, Object> info = copy(Json.map(request.get("network_info")));
            info.remove(network);
            request.put("network_info", info);
            out.put("request", request);
        }
        if (state.get("status") != null) {
            Map<String, Object> status = copy(Json.map(state.get("status")));
            status.remove(network);
            out.put("status", status);
        }
        return out;
    }

    /** The networks the state's request sets up. */
    static Map<String, Object> networks(Map<String, Object> state) {
        return Json.map(Json.map(state.get("request")).get("networks"));
    }

    /**
     * The request that tears down only {@code network}: the container, its port mappings and that one network,
     * as podman's disconnect sends it; null when the state does not have it set up.
     */
    static byte[] requestFor(Map<String, Object> state, String network) {
        Map<String, Object> request = Json.map(state.get("request"));
        Object net = Json.map(request.get("networks")).get(network);
        if (net == null) {
            return null;
        }
        Map<String, Object> one = new LinkedHashMap<>(request);
        one.put("networks", Map.of(network, net));
        Map<String, Object> info = new LinkedHashMap<>();
        Object i = Json.map(request.get("network_info")).get(network);
        if (i != null) {
            info.put(network, i);
        }
        one.put("network_info", info);
        return JsonWriter.write(one, false);
    }

    /**
     * podman's reload: the same request, each network asking for the addresses and MAC address its interface
     * has now (from the status), so the container keeps them when the rules are made again.
     */
    static Map<String, Object> reloadRequest(Map<String, Object> state) {
        Map<String, Object> request = copy(Json.map(state.get("request")));
        Map<String, Object> status = Json.map(state.get("status"));
        Map<String, Object> nets = new LinkedHashMap<>();
        Json.map(request.get("networks")).forEach((name, v) -> {
            Map<String, Object> n = copy(Json.map(v));
            Map<String, Object> interfaces = Json.map(Json.map(status.get(name)).get("interfaces"));
            Object ifName = n.get("interface_name");
            Map<String, Object> iface = Json.map(interfaces.get(String.valueOf(ifName)));
            if (iface.isEmpty() && !interfaces.isEmpty()) {
                iface = Json.map(interfaces.values().iterator().next());   // podman takes the first one
            }
            if (!iface.isEmpty()) {
                List<Object> ips = new ArrayList<>();
                for (Object s : Json.list(iface.get("subnets"))) {
                    String ipnet = Json.string(Json.map(s).get("ipnet"));
                    if (ipnet != null && ipnet.indexOf('/') > 0) {
                        ips.add(ipnet.substring(0, ipnet.indexOf('/')));
                    }
                }
                if (!ips.isEmpty()) {
                    n.put("static_ips", ips);
                }
                String mac = Json.string(iface.get("mac_address"));
                if (mac != null && !mac.isEmpty()) {
                    // netavark's field order, as podman sends it: static_ips, aliases, static_mac, interface_name
                    Map<String, Object> ordered = new LinkedHashMap<>();
                    n.forEach((k, x) -> {
                        if (k.equals("interface_name")) {
                            ordered.put("static_mac", mac);
                        }
                        if (!k.equals("static_mac")) {
                            ordered.put(k, x);
                        }
                    });
                    ordered.putIfAbsent("static_mac", mac);
                    n = ordered;
                }
            }
            nets.put(name, n);
        });
        request.put("networks", nets);
        return request;
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }
}
