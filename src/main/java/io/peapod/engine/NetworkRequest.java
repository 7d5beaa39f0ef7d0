package io.peapod.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@code create}/{@code run} asked for the container to be networked (podman's specgen netns mode,
 * networks, port mappings and DNS/hosts settings), before the engine resolves it.
 *
 * @param mode       the namespace mode ({@code --network bridge|none|host|container:…|ns:…|NAME})
 * @param modeValue  the container name or id for {@link Mode#CONTAINER}, the path for {@link Mode#NS}, else ""
 * @param networks   for {@link Mode#BRIDGE}: network name → what the container asks of it, in the order
 *                   given; empty means the default network ({@code --network bridge} or no flag); the key
 *                   "" is the default network with settings ({@code bridge:ip=…}, {@code --ip} without a name)
 * @param ports      {@code -p}; a host port of 0 means "pick a free one" (as {@code -P} does)
 * @param publishAll {@code -P}: publish every exposed port (the image's EXPOSE and {@code --expose}) on a free host port
 * @param expose     {@code --expose}: {@code PORT[/PROTO]} or {@code FROM-TO[/PROTO]}, as given
 * @param dns        {@code --dns}
 * @param dnsSearch  {@code --dns-search}
 * @param dnsOptions {@code --dns-option}
 * @param addHosts   {@code --add-host HOST:IP}, as given
 * @param noHosts    {@code --no-hosts}: /etc/hosts is not written by the engine
 */
public record NetworkRequest(Mode mode, String modeValue, Map<String, Attachment> networks, List<PortMapping> ports,
                             boolean publishAll, List<String> expose, List<String> dns, List<String> dnsSearch,
                             List<String> dnsOptions, List<String> addHosts, boolean noHosts) {

    /** The network namespace modes; {@code inspect}'s HostConfig.NetworkMode spells them as {@link #word}. */
    public enum Mode {
        /** A new namespace joined to bridge networks through netavark (podman's default as root). */
        BRIDGE("bridge"),
        /** A new namespace with only loopback. */
        NONE("none"),
        /** The host's namespace. */
        HOST("host"),
        /** Another container's namespace. */
        CONTAINER("container"),
        /** A namespace given by path. */
        NS("ns");

        public final String word;

        Mode(String word) {
            this.word = word;
        }
    }

    /**
     * The container on one network ({@code --network NAME:ip=…,mac=…,alias=…,interface_name=…}, or
     * {@code --ip}, {@code --mac-address}, {@code --network-alias} for the single network).
     *
     * @param staticIps     addresses asked for; empty lets the engine pick
     * @param staticMac     the MAC address asked for, or ""
     * @param aliases       extra DNS names on this network
     * @param interfaceName the interface inside the container, or "" for the next ethN
     */
    public record Attachment(List<String> staticIps, String staticMac, List<String> aliases, String interfaceName) {
        public static final Attachment DEFAULT = new Attachment(List.of(), "", List.of(), "");

        // Written out, as PortMapping's: compared with DEFAULT in every create on a named network.
        @Override
        public boolean equals(Object o) {
            return o instanceof Attachment a && Objects.equals(staticIps, a.staticIps)
                    && Objects.equals(staticMac, a.staticMac) && Objects.equals(aliases, a.aliases)
                    && Objects.equals(interfaceName, a.interfaceName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(staticIps, staticMac, aliases, interfaceName);
        }
    }

    /**
     * One published port range: host {@code hostPort…hostPort+range-1} to container
     * {@code containerPort…containerPort+range-1}.
     *
     * @param hostIp   "" for every address
     * @param hostPort 0 for "pick a free port" (then range is 1)
     * @param protocol "tcp", "udp" or "sctp"
     */
    public record PortMapping(String hostIp, int containerPort, int hostPort, int range, String protocol) {
        // Written out: a record's generated equals and hashCode are bootstrapped through ObjectMethods on first use,
        // which the AOT cache does not keep: six LambdaForm classes spun, ~15 ms, in every `run -p` (the flags
        // dedupe mappings in a set). See the design notes, "Records on the command path".
        @Override
        public boolean equals(Object o) {
            return o instanceof PortMapping p && containerPort == p.containerPort && hostPort == p.hostPort
                    && range == p.range && Objects.equals(hostIp, p.hostIp) && Objects.equals(protocol, p.protocol);
        }

        @Override
        public int hashCode() {
            return Objects.hash(hostIp, containerPort, hostPort, range, protocol);
        }
    }

    /** No flags given: the default network, no ports, the host's DNS settings. */
    public static final NetworkRequest DEFAULT = new NetworkRequest(Mode.BRIDGE, "", Map.of(), List.of(), false,
            List.of(), List.of(), List.of(), List.of(), List.of(), false);

    /** Only the namespace mode, every other setting at its default ({@code --network none|host}). */
    public static NetworkRequest of(Mode mode, String modeValue) {
        return new NetworkRequest(mode, modeValue, Map.of(), List.of(), false, List.of(), List.of(), List.of(),
                List.of(), List.of(), false);
    }
}
