package io.peapod.sys;

/** TEMPORARY: phase timer for the cold-build investigation (PEAPOD_TICK=1). */
public final class Tick {
    private static final boolean ON = System.getenv("PEAPOD_TICK") != null;
    private static long last = System.nanoTime();
    private static long lastCpu = 0;

    private Tick() {
    }

    public static void mark(String what) {
        if (ON) {
            long now = System.nanoTime();
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            System.err.printf("TICK %-40s %8.1f ms wall %8.1f ms cpu (JVM cpu total %d ms)%n", what, (now - last) / 1e6,
                    (cpu - lastCpu) / 1e6, cpu / 1000000);
            last = now;
            lastCpu = cpu;
        }
    }
}
