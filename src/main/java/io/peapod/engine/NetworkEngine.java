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
                   Map<String, String> labels, Map<String, String> options, Map<String, String> ipamOptions) {}

    /** A subnet with its gateway and lease range (null when there is none). */
    record Subnet(String subnet, String gateway, String leaseStart, String leaseEnd) {}
}
