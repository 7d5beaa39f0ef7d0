package io.peapod.engine;

import java.util.List;

/**
 * One sample of a container's resource use (libpod's define.ContainerStats), read from its cgroup and
 * network namespace. A container that is not running has only its id and name, every figure 0.
 *
 * @param sampledAt     unix nanos when the sample was taken (0 for a container that is not running)
 * @param startedAt     unix nanos when the container started
 * @param cpuNanos      CPU time used (cpuacct.usage), nanoseconds
 * @param systemCpuNanos of that, in kernel mode
 * @param perCpu        CPU time per CPU, nanoseconds
 * @param memLimit      the cgroup's limit, at most the host's memory (as libpod's getMemLimit)
 * @param netInput      bytes sent on eth0: libpod 4.3.1 names the transmitted bytes "input" and shows them first
 * @param netOutput     bytes received on eth0
 */
public record ContainerStats(String id, String name, long sampledAt, long startedAt, long cpuNanos, long systemCpuNanos,
                             List<Long> perCpu, long memUsage, long memLimit, long netInput, long netOutput,
                             long blockInput, long blockOutput, long pids) {

    /** A container that is not running: podman reports it with every figure 0. */
    public static ContainerStats idle(String id, String name) {
        return new ContainerStats(id, name, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0, 0);
    }

    public boolean running() {
        return sampledAt != 0;
    }

    /**
     * CPU use since the previous sample, in percent of one CPU; without one (or when the container was
     * restarted since, its counter smaller) since the container started, as libpod's calculateCPUPercent.
     */
    public double cpuPercent(ContainerStats previous) {
        if (!running()) {
            return 0;
        }
        long prevCpu = 0;
        long prevTime = startedAt;
        if (previous != null && previous.running() && previous.cpuNanos <= cpuNanos && previous.startedAt == startedAt) {
            prevCpu = previous.cpuNanos;
            prevTime = previous.sampledAt;
        }
        return percent(cpuNanos - prevCpu, sampledAt - prevTime);
    }

    /** The average CPU use since the container started, in percent. */
    public double avgCpuPercent() {
        return running() ? percent(cpuNanos, sampledAt - startedAt) : 0;
    }

    private static double percent(long cpuDelta, long timeDelta) {
        return timeDelta > 0 && cpuDelta > 0 ? (double) cpuDelta / timeDelta * 100 : 0;
    }

    public double memPercent() {
        return memLimit == 0 ? 0 : (double) memUsage / memLimit * 100;
    }
}
