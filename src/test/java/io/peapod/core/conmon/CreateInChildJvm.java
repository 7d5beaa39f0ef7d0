package io.peapod.core.conmon;

import java.nio.file.Path;
import java.util.List;

/**
 * Run in a separate JVM by {@link ConmonRuncTest}: creates a container through conmon, prints
 * "containerPid conmonPid" and exits, so the test can see conmon outlive the JVM that started it.
 * Args: id bundleDir runtimeRoot containerDir exitDir logPath.
 */
public final class CreateInChildJvm {
    public static void main(String[] a) {
        ConmonRequest r = new ConmonRequest(a[0], a[0], Path.of(a[1]), Path.of("/usr/sbin/runc"), Path.of(a[2]),
                Path.of(a[3]), Path.of(a[5]), "k8s-file", false, false, List.of(), Path.of(a[4]), null, null);
        CreateResult c = Conmon.create(r, Path.of("/usr/bin/conmon"));
        System.out.println(c.containerPid() + " " + c.conmonPid());
    }
}
