package io.peapod.cli;

import io.peapod.cli.flags.FlagException;
import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest;
import io.peapod.engine.NetworkRequest.Attachment;
import io.peapod.engine.NetworkRequest.Mode;
import io.peapod.engine.NetworkRequest.PortMapping;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * create/run's network flags read through a real FlagSet, against what podman 4.3.1 answers here to
 * {@code podman create FLAGS busybox true} (every error text below was produced by it).
 */
class NetworkFlagsTest {
    private static NetworkRequest parse(String... args) throws FlagException {
        return NetworkFlags.parse(NetworkFlags.add(new FlagSet()).parse(List.of(args), true));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> error(String... args) {
        return assertThatThrownBy(() -> parse(args)).isInstanceOf(EngineException.class);
    }

    private static Attachment attachment(List<String> ips, String mac, List<String> aliases, String iface) {
        return new Attachment(ips, mac, aliases, iface);
    }

    private static PortMapping port(String ip, int ctr, int host, int range, String proto) {
        return new PortMapping(ip, ctr, host, range, proto);
    }

    @Test
    void flagsAreDefinedWithPodmansNamesAndHelp() throws FlagException {
        String usage = NetworkFlags.add(new FlagSet()).usage().replaceAll(" +", " ");
        // podman run --help, spaces collapsed.
        assertThat(usage).contains(
                " --add-host strings Add a custom host-to-IP mapping (host:ip) (default [])\n",
                " --dns strings Set custom DNS servers\n",
                " --dns-option strings Set custom DNS options\n",
                " --dns-search strings Set custom DNS search domains\n",
                " --expose strings Expose a port or a range of ports\n",
                " --ip string Specify a static IPv4 address for the container\n",
                " --ip6 string Specify a static IPv6 address for the container\n",
                " --mac-address string Container MAC address (e.g. 92:d0:c6:0a:29:33)\n",
                " --network stringArray Connect a container to a network\n",
                " --network-alias strings Add network-scoped alias for the container\n",
                " --no-hosts Do not create /etc/hosts within the container, instead use the version from the image\n",
                " -p, --publish strings Publish a container's port, or a range of ports, to the host (default [])\n",
                " -P, --publish-all Publish all exposed ports to random ports on the host interface\n");
        assertThat(usage).doesNotContain("dns-opt ");
        assertThat(parse("--dns-option", "a,b", "--dns-opt", "c").dnsOptions()).containsExactly("a", "b", "c");
    }

    @Test
    void noNetworkFlagOrBridgeOrPrivateIsTheDefaultNetwork() throws FlagException {
        assertThat(parse()).isEqualTo(NetworkRequest.DEFAULT);
        for (String value : List.of("bridge", "bridge:", "private", "default", "")) {
            assertThat(parse("--network", value)).as(value).isEqualTo(NetworkRequest.DEFAULT);
        }
        assertThat(parse("--ip", "", "--network-alias", "")).isEqualTo(NetworkRequest.DEFAULT);
    }

    @Test
    void namespaceModes() throws FlagException {
        assertThat(parse("--network", "none")).isEqualTo(NetworkRequest.of(Mode.NONE, ""));
        assertThat(parse("--network", "host")).isEqualTo(NetworkRequest.of(Mode.HOST, ""));
        assertThat(parse("--network", "container:web")).isEqualTo(NetworkRequest.of(Mode.CONTAINER, "web"));
        assertThat(parse("--network=ns:/run/netns/x")).isEqualTo(NetworkRequest.of(Mode.NS, "/run/netns/x"));
        // podman 4.3.1 has no pasta mode: it is a network name like any other.
        assertThat(parse("--network", "pasta").networks()).containsOnlyKeys("pasta");
        error("--network", "slirp4netns").hasMessage("network mode slirp4netns is not supported yet");
        error("--network", "slirp4netns:port_handler=slirp4netns").hasMessage("network mode slirp4netns is not supported yet");
        error("--network", "pod").hasMessage(
                "cannot use pod namespace as container is not joining a pod or pod has no infra container: invalid argument");
        error("--network", "ns:").hasMessage("invalid config provided: namespace mode path requires a value");
        error("--network", "container:").hasMessage("invalid config provided: namespace mode container requires a value");
    }

    @Test
    void namedNetworksKeepTheirOrderAndOptions() throws FlagException {
        NetworkRequest r = parse("--network", "n2", "--network",
                "n1:ip=10.89.0.5,ip6=fd00:0::1,alias=a,alias=b,mac=92-D0-C6-0A-29-33,interface_name=eth5");
        assertThat(r.mode()).isEqualTo(Mode.BRIDGE);
        assertThat(r.networks().keySet()).containsExactly("n2", "n1");
        assertThat(r.networks().get("n2")).isEqualTo(Attachment.DEFAULT);
        assertThat(r.networks().get("n1")).isEqualTo(
                attachment(List.of("10.89.0.5", "fd00::1"), "92:d0:c6:0a:29:33", List.of("a", "b"), "eth5"));
        assertThat(parse("--network", "b,a").networks().keySet()).as("the old comma list").containsExactly("b", "a");
        assertThat(parse("--network", "n1", "--network", "n1").networks()).containsOnlyKeys("n1");
        assertThat(parse("--network", "n1:").networks()).containsEntry("n1", Attachment.DEFAULT);
        // bridge with options, or with more networks, names the default network "".
        assertThat(parse("--network", "bridge:ip=10.88.0.9,alias=x").networks())
                .containsExactly(java.util.Map.entry("", attachment(List.of("10.88.0.9"), "", List.of("x"), "")));
        assertThat(parse("--network", "bridge", "--network", "n1").networks().keySet()).containsExactly("", "n1");
    }

    @Test
    void badNetworkValuesGetPodmansWording() {
        error("--network", "n1:ip=bad").hasMessage("invalid option for network n1: invalid ip address \"bad\"");
        error("--network", "n1:foo=bar").hasMessage("invalid option for network n1: unknown bridge network option: foo");
        error("--network", "n1:ip=1.1.1.1,").hasMessage("invalid option for network n1: unknown bridge network option: ");
        error("--network", "n1:alias=").hasMessage("invalid option for network n1: alias cannot be empty");
        error("--network", "n1:interface_name=").hasMessage("invalid option for network n1: interface_name cannot be empty");
        error("--network", "n1:mac=zz").hasMessage("invalid option for network n1: address zz: invalid MAC address");
        error("--network", "n1:mac=").hasMessage("invalid option for network n1: invalid MAC address");
        error("--network", "bridge:bogus").hasMessage("unknown bridge network option: bogus");
        error("--network", ":ip=1.2.3.4").hasMessage("network name cannot be empty");
        error("--network", "n1", "--network", ":ip=1.2.3.4").hasMessage("network name cannot be empty: invalid argument");
        error("--network", "n1", "--network", "").hasMessage("network name cannot be empty: invalid argument");
        error("--network", "host", "--network", "n1")
                .hasMessage("cannot set multiple networks without bridge network mode, selected mode host: invalid argument");
        error("--network", "private", "--network", "n1")
                .hasMessage("cannot set multiple networks without bridge network mode, selected mode private: invalid argument");
        error("--network", "slirp4netns", "--network", "n1")
                .hasMessage("cannot set multiple networks without bridge network mode, selected mode slirp4netns: invalid argument");
        for (String mode : List.of("host", "bridge", "default", "private", "path")) {
            error("--network", "n1", "--network", mode).hasMessage(
                    "can only set extra network names, selected mode " + mode + " conflicts with bridge: invalid argument");
        }
        // podman 4.3.1 panics (index out of range) on an option without '='; read as an empty value.
        error("--network", "n1:ip").hasMessage("invalid option for network n1: invalid ip address \"\"");
    }

    @Test
    void ipMacAndAliasFlagsGoToTheOneNetwork() throws FlagException {
        assertThat(parse("--ip", "10.88.0.7", "--ip6", "fd00::5", "--mac-address", "92:D0:c6:0a:29:33",
                "--network-alias", "web,db", "--network-alias", "api").networks())
                .containsExactly(java.util.Map.entry("", attachment(List.of("10.88.0.7", "fd00::5"),
                        "92:d0:c6:0a:29:33", List.of("web", "db", "api"), "")));
        assertThat(parse("--ip", "10.89.0.5", "--network", "n1:ip=10.89.0.6").networks().get("n1").staticIps())
                .containsExactly("10.89.0.6", "10.89.0.5");
        assertThat(parse("--network-alias", "a", "--network", "n1", "--network", "n2:alias=b").networks().values())
                .as("--network-alias replaces every network's aliases")
                .extracting(Attachment::aliases).containsExactly(List.of("a"), List.of("a"));
        assertThat(parse("--mac-address", "9200.c60a.2933").networks().get("").staticMac()).isEqualTo("92:00:c6:0a:29:33");
        assertThat(parse("--ip", "::ffff:10.88.0.7").networks().get("").staticIps()).containsExactly("10.88.0.7");
    }

    @Test
    void badIpMacAndAliasFlagsGetPodmansWording() {
        error("--ip", "bad").hasMessage("\"bad\" is not an ip address");
        error("--ip", "1.2.3").hasMessage("\"1.2.3\" is not an ip address");
        error("--ip", " 1.2.3.4").hasMessage("\" 1.2.3.4\" is not an ip address");
        error("--ip6", "zz").hasMessage("\"zz\" is not an ip address");
        error("--ip", "bad", "--network", "host").hasMessage("\"bad\" is not an ip address");
        error("--mac-address", "zz").hasMessage("address zz: invalid MAC address");
        error("--mac-address", "zz", "--ip", "bad").hasMessage("\"bad\" is not an ip address");
        error("--ip", "10.88.0.7", "--network", "none")
                .hasMessage("--ip can only be set when the network mode is bridge: invalid argument");
        error("--ip", "10.88.0.7", "--network", "private")
                .hasMessage("--ip can only be set when the network mode is bridge: invalid argument");
        error("--ip", "10.89.0.5", "--network", "n1", "--network", "n2")
                .hasMessage("--ip can only be set for a single network: invalid argument");
        error("--ip", "10.88.0.7", "--network", "bridge", "--network", "n1")
                .hasMessage("--ip can only be set for a single network: invalid argument");
        error("--mac-address", "92:d0:c6:0a:29:33", "--network", "host")
                .hasMessage("--mac-address can only be set when the network mode is bridge: invalid argument");
        error("--mac-address", "92:d0:c6:0a:29:33", "--network", "n1", "--network", "n2")
                .hasMessage("--mac-address can only be set for a single network: invalid argument");
        for (String mode : List.of("host", "none", "container:x", "private")) {
            error("--network-alias", "foo", "--network", mode)
                    .hasMessage("--network-alias can only be set when the network mode is bridge: invalid argument");
        }
        error("--ip", "", "--network", "host").hasMessage(
                "invalid config provided: networks and static ip/mac address can only be used with Bridge mode networking");
        error("--network-alias", "", "--network", "none").hasMessage(
                "invalid config provided: networks and static ip/mac address can only be used with Bridge mode networking");
    }

    @Test
    void publishedPorts() throws FlagException {
        assertThat(parse("-p", "8080:80").ports()).containsExactly(port("", 80, 8080, 1, "tcp"));
        assertThat(parse("-p", "80").ports()).containsExactly(port("", 80, 0, 1, "tcp"));
        assertThat(parse("-p", ":80").ports()).containsExactly(port("", 80, 0, 1, "tcp"));
        assertThat(parse("-p", "127.0.0.1:8080:80").ports()).containsExactly(port("127.0.0.1", 80, 8080, 1, "tcp"));
        assertThat(parse("-p", "127.0.0.1::80/udp").ports()).containsExactly(port("127.0.0.1", 80, 0, 1, "udp"));
        assertThat(parse("-p", "0.0.0.0:8080:80").ports()).containsExactly(port("", 80, 8080, 1, "tcp"));
        assertThat(parse("-p", "[0:0::1]:8080:80/SCTP").ports()).containsExactly(port("::1", 80, 8080, 1, "sctp"));
        assertThat(parse("-p", "[::1]::80").ports()).containsExactly(port("::1", 80, 0, 1, "tcp"));
        assertThat(parse("-p", "[::ffff:1.2.3.4]:8080:80").ports()).containsExactly(port("1.2.3.4", 80, 8080, 1, "tcp"));
        assertThat(parse("-p", "8000-8002:80-82", "-p", "80-82").ports())
                .containsExactly(port("", 80, 8000, 3, "tcp"), port("", 80, 0, 3, "tcp"));
        assertThat(parse("-p", "+80", "-p", "080").ports()).as("strconv.Atoi").containsExactly(port("", 80, 0, 1, "tcp"));
        assertThat(parse("-p", "80/tcp,80/udp").ports()).containsExactly(port("", 80, 0, 1, "tcp"), port("", 80, 0, 1, "udp"));
        assertThat(parse("-p", "\"8080:80/tcp,UDP,tcp\"").ports())
                .containsExactly(port("", 80, 8080, 1, "tcp"), port("", 80, 8080, 1, "udp"));
        assertThat(parse("-p", "8080:80", "-p", "8080:80", "-p", "8081:80").ports()).as("exact duplicates once")
                .containsExactly(port("", 80, 8080, 1, "tcp"), port("", 80, 8081, 1, "tcp"));
        assertThat(parse("-p", "").ports()).isEmpty();
    }

    @Test
    void badPortsGetPodmansWording() {
        error("-p", "8000-8002:80-83").hasMessage("host and container port ranges have different lengths: 3 vs 4");
        error("-p", "8000:80-82").hasMessage("host and container port ranges have different lengths: 1 vs 3");
        error("-p", "80/xyz").hasMessage("unrecognized protocol \"xyz\" in port mapping");
        error("-p", "80/tcp/udp").hasMessage("invalid port format - protocol can only be specified once");
        error("-p", "::1:8080:80").hasMessage("invalid port format - format is [[hostIP:]hostPort:]containerPort");
        error("-p", "70000:80").hasMessage("parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000");
        error("-p", "80:70000").hasMessage("parsing container port: port numbers must be between 1 and 65535 (inclusive), got 70000");
        error("-p", "0:80").hasMessage("parsing host port: port numbers must be between 1 and 65535 (inclusive), got 0");
        error("-p", "99999999999").hasMessage(
                "parsing container port: port numbers must be between 1 and 65535 (inclusive), got 99999999999");
        error("-p", "99999999999999999999").hasMessage(
                "parsing container port: invalid port number: strconv.Atoi: parsing \"99999999999999999999\": value out of range");
        error("-p", "abc:80").hasMessage("parsing host port: invalid port number: strconv.Atoi: parsing \"abc\": invalid syntax");
        error("-p", "0x50").hasMessage("parsing container port: invalid port number: strconv.Atoi: parsing \"0x50\": invalid syntax");
        error("-p", "1.2.3:8080:80").hasMessage("cannot parse \"1.2.3\" as an IP address");
        error("-p", "8080:").hasMessage("must provide a non-empty container port to publish");
        error("-p", "8080:80/").hasMessage("must provide a non-empty protocol to publish");
        error("-p", "::80").hasMessage("must provide a non-empty container host IP to publish");
        error("-p", "[]:8080:80").hasMessage("must provide a non-empty container host IP to publish");
        error("-p", "82-80:80-82").hasMessage(
                "parsing host port: the end port of a range must be higher than the start port - 80 is not higher than 82");
        error("-p", "80-").hasMessage("parsing container port: must provide ending number for port range");
        error("-p", "-80").hasMessage("parsing container port: port numbers cannot be negative");
        error("-p", "1-2-3").hasMessage("parsing container port: invalid port format - port ranges are formatted as startPort-stopPort");
        error("-p", "[::1]:80").hasMessage("invalid port format - must provide host and destination port if specifying an IP");
        error("-p", "[::1]8080:80").hasMessage("invalid port format - IPv6 address must be followed by a colon (':')");
        error("-p", "[::1]:8080:80:90").hasMessage("invalid port format - when v6 address specified, must be [ipv6]:hostPort:ctrPort");
        error("-p", "]:8080:80").hasMessage("invalid port format - IPv6 addresses must be enclosed by []");
        error("-p", "[::1]]:8080:80").hasMessage("invalid port format - at most one IPv6 address can be specified in a --publish");
    }

    @Test
    void portsWithoutANetworkOfTheirOwnAreKeptUncheckedForTheWarning() throws FlagException {
        NetworkRequest host = parse("-p", "80/xyz", "--network", "host");
        assertThat(host.ports()).containsExactly(port("", 80, 0, 1, "xyz"));
        assertThat(NetworkFlags.warning(host)).isEqualTo(
                "Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use");
        assertThat(NetworkFlags.warning(parse("-p", "80", "--network", "none"))).isEqualTo(NetworkFlags.PORTS_DISCARDED);
        assertThat(NetworkFlags.warning(parse("-p", "80", "--network", "container:x"))).isEqualTo(NetworkFlags.PORTS_DISCARDED);
        assertThat(NetworkFlags.warning(parse("-p", "80", "--network", "ns:/tmp"))).isNull();
        assertThat(NetworkFlags.warning(parse("-P", "--network", "host"))).isNull();
        assertThat(NetworkFlags.warning(parse("-p", "80"))).isNull();
        error("-p", "80/xyz", "--network", "private").hasMessage("unrecognized protocol \"xyz\" in port mapping");
    }

    @Test
    void exposeIsKeptAsGivenAndValidated() throws FlagException {
        NetworkRequest r = parse("--expose", "80", "--expose", "90-92/udp,80/UDP", "--expose", "81/", "-P");
        assertThat(r.expose()).containsExactly("80", "90-92/udp", "80/UDP", "81/");
        assertThat(r.publishAll()).isTrue();
        assertThat(parse("--expose", "\"80/tcp,udp\"").expose()).containsExactly("80/tcp,udp");
        assertThat(parse("--expose", "80/xyz", "--network", "host").expose()).containsExactly("80/xyz");
        assertThat(parse("--expose", "").expose()).isEmpty();
    }

    @Test
    void badExposeGetsPodmansWording() {
        error("--expose", "abc").hasMessage("invalid range format for --expose: abc: strconv.ParseUint: parsing \"abc\": invalid syntax");
        error("--expose", "70000").hasMessage(
                "invalid range format for --expose: 70000: strconv.ParseUint: parsing \"70000\": value out of range");
        error("--expose", "82-80").hasMessage("invalid range format for --expose: 82-80: Invalid range specified for the Port: 82-80");
        error("--expose", "/tcp").hasMessage("invalid range format for --expose: /tcp: Empty string specified for ports.");
        error("--expose", "+80").hasMessage("invalid range format for --expose: +80: strconv.ParseUint: parsing \"+80\": invalid syntax");
        error("--expose", "-80").hasMessage("invalid range format for --expose: -80: strconv.ParseUint: parsing \"\": invalid syntax");
        error("--expose", "80/tcp,udp").hasMessage(
                "invalid range format for --expose: udp: strconv.ParseUint: parsing \"udp\": invalid syntax");
        error("--expose", "0").hasMessage("port numbers must be between 1 and 65535 (inclusive), got 0");
        error("--expose", "80-80").hasMessage("the end port of a range must be higher than the start port - 80 is not higher than 80");
        error("--expose", "1-2-3").hasMessage("invalid port format - port ranges are formatted as startPort-stopPort");
        error("--expose", "80/tcp/udp").hasMessage("invalid expose format - protocol can only be specified once");
        error("--expose", "80/xyz").hasMessage(
                "validating protocols for exposed port 80: unrecognized protocol \"xyz\" in port mapping");
        error("--expose", "80/sctp").hasMessage(
                "validating protocols for exposed port 80: protocol SCTP is not allowed for exposed ports");
    }

    @Test
    void dnsAndHostsSettings() throws FlagException {
        NetworkRequest r = parse("--dns", "1.1.1.1,::ffff:8.8.8.8", "--dns", "0:0::1", "--dns-search", "example.com",
                "--dns-search", "a.b.", "--dns-option", "ndots:2", "--add-host", "db:10.0.0.5",
                "--add-host", "v6:::1", "--add-host", "sp: 1.2.3.4");
        assertThat(r.dns()).containsExactly("1.1.1.1", "8.8.8.8", "::1");
        assertThat(r.dnsSearch()).containsExactly("example.com", "a.b.");
        assertThat(r.dnsOptions()).containsExactly("ndots:2");
        assertThat(r.addHosts()).containsExactly("db:10.0.0.5", "v6:::1", "sp: 1.2.3.4");
        assertThat(parse("--dns", "none").dns()).as("the image's resolv.conf").containsExactly("none");
        assertThat(parse("--dns-search", ".").dnsSearch()).containsExactly(".");
        assertThat(parse("--no-hosts").noHosts()).isTrue();
        assertThat(parse("--dns", "1.1.1.1", "--network", "host").dns()).containsExactly("1.1.1.1");
        assertThat(parse("--add-host", "a:1.1.1.1", "--network", "none").addHosts()).containsExactly("a:1.1.1.1");
    }

    @Test
    void badDnsAndHostsGetPodmansWording() {
        error("--dns", "bad").hasMessage("bad is not an ip address");
        error("--dns", " 1.1.1.1").hasMessage(" 1.1.1.1 is not an ip address");
        error("--dns", "1.1.1.01").hasMessage("1.1.1.01 is not an ip address");
        error("--dns", "fe80::1%eth0").hasMessage("fe80::1%eth0 is not an ip address");
        error("--dns", "none", "--dns", "1.1.1.1").hasMessage("none is not allowed to be specified with other DNS ip addresses");
        error("--dns", "1.1.1.1,none").hasMessage("none is not allowed to be specified with other DNS ip addresses");
        error("--dns-search", ".", "--dns-search", "a.com").hasMessage("cannot pass additional search domains when also specifying '.'");
        for (String bad : List.of("bad domain", "-bad", "a..b", "a_b.com", ".a.com", "123", " . ")) {
            error("--dns-search", bad).hasMessage(bad + " is not a valid domain");
        }
        error("--add-host", "foo").hasMessage("bad format for add-host: \"foo\"");
        error("--add-host", ":1.2.3.4").hasMessage("bad format for add-host: \":1.2.3.4\"");
        error("--add-host", "foo=1.2.3.4").hasMessage("bad format for add-host: \"foo=1.2.3.4\"");
        error("--add-host", "foo:bad").hasMessage("invalid IP address in add-host: \"bad\"");
        error("--add-host", "foo:[::1]").hasMessage("invalid IP address in add-host: \"[::1]\"");
        error("--add-host", "foo:host-gateway").hasMessage("invalid IP address in add-host: \"host-gateway\"");
        error("--add-host", "foo:1.2.3.04").hasMessage("invalid IP address in add-host: \"1.2.3.04\"");
        error("--add-host", "foo:1.2.3.4", "--no-hosts").hasMessage("--no-hosts and --add-host cannot be set together");
        error("--no-hosts", "--add-host", "").hasMessage("--no-hosts and --add-host cannot be set together");
    }

    @Test
    void settingsThatTheModeRules() {
        error("--dns", "1.1.1.1", "--network", "none").hasMessage("conflicting options: dns and the network mode: none");
        error("--dns", "none", "--network", "none").hasMessage("conflicting options: dns and the network mode: none");
        error("--dns-search", "a.com", "--network", "none").hasMessage("conflicting options: dns and the network mode: none");
        error("--dns-option", "x", "--network", "container:x").hasMessage("conflicting options: dns and the network mode: container");
        error("--dns", "1.1.1.1", "--network", "container:").hasMessage("conflicting options: dns and the network mode: container");
        error("--add-host", "a:1.1.1.1", "--network", "container:x").hasMessage("invalid config provided: cannot set extra host "
                + "entries when the container is joined to another containers network namespace: invalid configuration");
        error("--dns", "1.1.1.1", "--network", "ns:").hasMessage("invalid config provided: namespace mode path requires a value");
    }

    @Test
    void errorsComeInPodmansOrder() {
        error("--add-host", "bad", "--dns", "bad").hasMessage("bad format for add-host: \"bad\"");
        error("--dns", "bad", "--dns-search", "-x").hasMessage("bad is not an ip address");
        error("--dns-search", "-x", "-p", "bad").hasMessage("-x is not a valid domain");
        error("--network", "n1:bad", "-p", "bad")
                .hasMessage("parsing container port: invalid port number: strconv.Atoi: parsing \"bad\": invalid syntax");
        error("--ip", "bad", "--network", "n1:bad").hasMessage("invalid option for network n1: unknown bridge network option: bad");
        error("--ip", "1.1.1.1", "--mac-address", "zz", "--network", "host")
                .hasMessage("--ip can only be set when the network mode is bridge: invalid argument");
        error("--no-hosts", "--add-host", "a:1.1.1.1", "--expose", "bad").hasMessage("--no-hosts and --add-host cannot be set together");
        error("--expose", "bad", "--network", "n1:bad").hasMessage("invalid option for network n1: unknown bridge network option: bad");
        error("--expose", "0", "-p", "80/xyz").hasMessage("port numbers must be between 1 and 65535 (inclusive), got 0");
        error("-p", "80/xyz", "--dns", "1.1.1.1", "--network", "none").hasMessage("conflicting options: dns and the network mode: none");
        error("-p", "80/xyz", "--expose", "80/sctp")
                .hasMessage("validating protocols for exposed port 80: protocol SCTP is not allowed for exposed ports");
        error("--dns", "1.1.1.1", "--add-host", "a:1.1.1.1", "--network", "container:x")
                .hasMessage("conflicting options: dns and the network mode: container");
    }
}
