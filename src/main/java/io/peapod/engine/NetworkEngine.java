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

    /** Removes every non-default network matching the filters (label, until); no container uses any yet. */
    List<String> pruneNetworks(List<String> filters);

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
