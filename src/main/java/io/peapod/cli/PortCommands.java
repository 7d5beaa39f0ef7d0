package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.ContainerSummary;
import io.peapod.engine.EngineException;
import io.peapod.engine.NetworkRequest.PortMapping;

import java.util.List;
import java.util.Map;

/** {@code port} and the PORTS column of {@code ps}: published ports in podman's words. */
final class PortCommands {
    private PortCommands() {}

    static FlagSet flags() {
        return new FlagSet().bool("all", 'a', "Display port information for all containers")
                .bool("latest", 'l', "Act on the latest container podman is aware of");
    }

    static int port(Invocation inv) {
        boolean all = inv.flags.bool("all");
        boolean latest = inv.flags.bool("latest");
        if (all && latest) {
            throw new EngineException("the --all and --latest flags cannot be used together");
        }
        if (inv.args.size() > 2) {
            throw new EngineException("`port` accepts at most 2 arguments");
        }
        if (all) {
            if (!inv.args.isEmpty()) {
                throw new EngineException("no arguments are needed with --all");
            }
            for (ContainerSummary s : inv.containers().listContainers(false)) {
                for (PortMapping p : inv.containers().ports(s.Id())) {
                    for (int i = 0; i < p.range(); i++) {
                        inv.out.println(s.Id().substring(0, 12) + "\t" + (p.containerPort() + i) + "/" + p.protocol()
                                + " -> " + hostIp(p) + ":" + (p.hostPort() + i));
                    }
                }
            }
            return 0;
        }
        String container;
        List<String> rest;
        if (latest) {
            List<ContainerSummary> list = inv.containers().listContainers(true);
            if (list.isEmpty()) {
                throw new EngineException("no containers to display ports for");
            }
            container = list.getLast().Id();
            rest = inv.args;
        } else {
            if (inv.args.isEmpty()) {
                throw new EngineException("you must supply a running container name or id");
            }
            container = inv.args.getFirst();
            rest = inv.args.subList(1, inv.args.size());
        }
        if (rest.size() > 1) {
            throw new EngineException("`port` accepts at most 2 arguments");
        }
        List<PortMapping> ports = inv.containers().ports(container);
        if (rest.isEmpty()) {
            for (PortMapping p : ports) {
                for (int i = 0; i < p.range(); i++) {
                    inv.out.println((p.containerPort() + i) + "/" + p.protocol() + " -> " + hostIp(p) + ":" + (p.hostPort() + i));
                }
            }
            return 0;
        }
        String asked = rest.getFirst();
        int slash = asked.indexOf('/');
        String proto = slash < 0 ? "tcp" : asked.substring(slash + 1);
        int number;
        try {
            number = Integer.parseInt(slash < 0 ? asked : asked.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new EngineException("unable to parse port: strconv.Atoi: parsing \"" + (slash < 0 ? asked : asked.substring(0, slash))
                    + "\": invalid syntax");
        }
        for (PortMapping p : ports) {
            if (p.protocol().equals(proto) && number >= p.containerPort() && number < p.containerPort() + p.range()) {
                inv.out.println(hostIp(p) + ":" + (p.hostPort() + number - p.containerPort()));
                return 0;
            }
        }
        throw new EngineException("failed to find published port \"" + asked + "\"");
    }

    private static String hostIp(PortMapping p) {
        return p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp();
    }

    /** ps's PORTS: {@code 127.0.0.1:8080->80/tcp, 0.0.0.0:9000-9001->90-91/udp} (podman's portsToString). */
    static String text(List<Object> ports) {
        if (ports == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Object o : ports) {
            Map<?, ?> m = (Map<?, ?>) o;
            String ip = String.valueOf(m.get("host_ip"));
            int host = ((Number) m.get("host_port")).intValue();
            int ctr = ((Number) m.get("container_port")).intValue();
            int range = ((Number) m.get("range")).intValue();
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(ip.isEmpty() ? "0.0.0.0" : ip).append(':');
            if (range > 1) {
                b.append(host).append('-').append(host + range - 1).append("->").append(ctr).append('-').append(ctr + range - 1);
            } else {
                b.append(host).append("->").append(ctr);
            }
            b.append('/').append(m.get("protocol"));
        }
        return b.toString();
    }
}
