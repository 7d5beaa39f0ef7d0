package io.peapod.network;

import io.peapod.config.ContainersConf;
import io.peapod.config.ContainersConf.SubnetPool;
import io.peapod.engine.EngineException;

import java.util.List;

/**
 * What containers.conf's {@code [network]} table decides for networks, as podman 4.3.1's netavark backend uses it:
 * the name of the default network (the one {@code run} attaches to when no {@code --network} is given, which
 * {@code network rm} refuses and which exists in memory unless a file of that name does), its subnet (gateway =
 * its first address) and the pools {@code network create} allocates IPv4 subnets from, in order.
 *
 * @param name   {@code default_network}
 * @param subnet {@code default_subnet} with the host bits cleared, as podman shows it
 * @param pools  {@code default_subnet_pools}, validated by {@link ContainersConf}
 */
public record NetworkDefaults(String name, String subnet, List<SubnetPool> pools) {

    /** podman's own: network "podman" on 10.88.0.0/16, pools 10.89.0.0/16 … 10.128.0.0/9 in /24s. */
    public static final NetworkDefaults PODMAN = of(ContainersConf.DEFAULTS);

    public NetworkDefaults {
        pools = List.copyOf(pools);
    }

    /** podman fails every command that builds its network backend on a default_subnet it cannot parse. */
    public static NetworkDefaults of(ContainersConf conf) {
        Cidr subnet;
        try {
            subnet = Cidr.parse(conf.defaultSubnet());
        } catch (IllegalArgumentException e) {
            throw new EngineException("failed to parse default subnet: " + e.getMessage());
        }
        return new NetworkDefaults(conf.defaultNetwork(), subnet.toString(), conf.defaultSubnetPools());
    }
}
