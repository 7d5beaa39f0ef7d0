package io.peapod.engine;

import java.util.List;
import java.util.Map;

/**
 * What can be done with network configurations (podman's {@code network create/ls/inspect/rm/exists/prune}
 * with the netavark backend). Failures are {@link EngineException}s.
 */
public interface NetworkEngine {
    /** Creates a network and writes its configuration file; returns it as stored. */
    Network createNetwork(NetworkCreateOptions options);

    /** The networks matching every filter key (values of one key are ORed), sorted by name. */
    List<Network> listNetworks(List<String> filters);

    /** The network with this name, or a unique ID prefix. */
    Network inspectNetwork(String nameOrId);

    boolean networkExists(String nameOrId);

    /** Removes the network; returns its name. The default network is refused. */
    String removeNetwork(String nameOrId);

    /**
     * Removes the network; returns the name as given. One that containers use is refused (exit code 2)
     * unless {@code force}, which stops ({@code timeoutSeconds}) and removes those containers first.
     */
    String removeNetwork(String nameOrId, boolean force, int timeoutSeconds);

    /** Removes every non-default network matching the filters (label, until) that no container uses. */
    List<String> pruneNetworks(List<String> filters);

    /** Attaches the container to the network; a running container joins it at once. */
    void connectNetwork(String network, String container, ConnectOptions options);

    /** Detaches the container from the network; {@code force} goes on when netavark's teardown fails. */
    void disconnectNetwork(String network, String container, boolean force);

    /** Re-applies the networks (firewall rules) of the containers, or of all of them; one result each. */
    List<ReloadResult> reloadNetworks(List<String> containers, boolean all);

    /** {@code network connect}'s settings: DNS aliases, addresses and MAC address ("" when not given). */
    record ConnectOptions(List<String> aliases, String ip, String ip6, String macAddress) {}

    /** One container's reload: its id, and podman's error message or null when it was reloaded. */
    record ReloadResult(String id, String error) {}

    /**
     * What {@code network create} was asked for; a blank name asks for a generated one (podmanN), a
     * blank IPAM driver host-local.
     */
    record NetworkCreateOptions(String name, String driver, List<String> subnets, List<String> gateways,
                                List<String> ipRanges, boolean ipv6, boolean internal, boolean disableDns,
                                Map<String, String> labels, Map<String, String> options, String ipamDriver) {}

    /** One network as netavark's configuration file holds it (podman's types.Network). */
    record Network(String name, String id, String driver, String networkInterface, String created,
                   List<Subnet> subnets, boolean ipv6Enabled, boolean internal, boolean dnsEnabled,
                   Map<String, String> labels, Map<String, String> options, Map<String, String> ipamOptions) {

        /**
         * podman's JSON of types.Network, in its field order and without the fields Go omits when
         * empty: what the configuration file holds and what {@code network inspect} prints.
         */
        public Map<String, Object> document() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", name);
            m.put("id", id);
            m.put("driver", driver);
            if (!networkInterface.isEmpty()) m.put("network_interface", networkInterface);
            m.put("created", created);
            if (!subnets.isEmpty()) {
                List<Object> list = new java.util.ArrayList<>();
                for (Subnet s : subnets) {
                    Map<String, Object> sm = new java.util.LinkedHashMap<>();
                    sm.put("subnet", s.subnet());
                    if (s.gateway() != null) sm.put("gateway", s.gateway());
                    if (s.leaseStart() != null) {
                        Map<String, Object> range = new java.util.LinkedHashMap<>();
                        range.put("start_ip", s.leaseStart());
                        range.put("end_ip", s.leaseEnd());
                        sm.put("lease_range", range);
                    }
                    list.add(sm);
                }
                m.put("subnets", list);
            }
            m.put("ipv6_enabled", ipv6Enabled);
            m.put("internal", internal);
            m.put("dns_enabled", dnsEnabled);
            if (!labels.isEmpty()) m.put("labels", new java.util.TreeMap<>(labels));
            if (!options.isEmpty()) m.put("options", new java.util.TreeMap<>(options));
            if (!ipamOptions.isEmpty()) m.put("ipam_options", new java.util.TreeMap<>(ipamOptions));
            return m;
        }
    }

    /** A subnet with its gateway and lease range (null when there is none). */
    record Subnet(String subnet, String gateway, String leaseStart, String leaseEnd) {}
}
