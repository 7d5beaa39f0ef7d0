package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.PullOptions;
import io.peapod.engine.PushOptions;
import io.peapod.engine.RegistryFlags;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code pull} and {@code push} (also under {@code image}): copying images between transports and the store. */
final class PullPushCommands {
    private PullPushCommands() {}

    static FlagSet pullFlags() {
        return new FlagSet()
                .bool("all-tags", 'a', "All tagged images in the repository will be pulled")
                .string("arch", '\0', "", "Use `ARCH` instead of the architecture of the machine for choosing images")
                .string("authfile", '\0', "", "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
                .string("cert-dir", '\0', "", "`Pathname` of a directory containing TLS certificates and keys")
                .string("creds", '\0', "", "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry")
                .bool("disable-content-trust", '\0', "This is a Docker specific option and is a NOOP")
                .string("os", '\0', "", "Use `OS` instead of the running OS for choosing images")
                .string("platform", '\0', "", "Specify the platform for selecting the image.  (Conflicts with arch and os)")
                .bool("quiet", 'q', "Suppress output information when pulling images")
                .bool("tls-verify", '\0', true, "Require HTTPS and verify certificates when contacting registries")
                .string("variant", '\0', "", "Use VARIANT instead of the running architecture variant for choosing images");
    }

    static int pull(Invocation inv) {
        Args.atLeast(inv.args, 1);
        boolean quiet = inv.flags.bool("quiet");
        boolean terminal = stderrIsTerminal();
        for (String reference : inv.args) {
            List<String> ids = inv.images().pull(new PullOptions(reference, inv.flags.string("platform"),
                    inv.flags.string("os"), inv.flags.string("arch"), inv.flags.string("variant"),
                    inv.flags.bool("all-tags"), quiet, terminal, registryFlags(inv), "always"), inv.err);
            ids.forEach(inv.out::println);
        }
        return 0;
    }

    /** --creds, --authfile, --cert-dir and --tls-verify (null when not given: registries.conf decides). */
    static RegistryFlags registryFlags(Invocation inv) {
        return new RegistryFlags(inv.flags.string("creds"), inv.flags.string("authfile"), inv.flags.string("cert-dir"),
                inv.flags.changed("tls-verify") ? inv.flags.bool("tls-verify") : null);
    }

    static FlagSet pushFlags() {
        return new FlagSet()
                .string("authfile", '\0', "", "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
                .string("cert-dir", '\0', "", "Path to a directory containing TLS certificates and keys")
                .bool("compress", '\0', "Compress tarball image layers when pushing to a directory using the 'dir' transport. (default is same compression type as source)")
                .string("compression-format", '\0', "", "compression format to use")
                .string("creds", '\0', "", "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry")
                .string("digestfile", '\0', "", "Write the digest of the pushed image to the specified file")
                .bool("disable-content-trust", '\0', "This is a Docker specific option and is a NOOP")
                .string("format", 'f', "", "Manifest type (oci, v2s2, or v2s1) to use in the destination (default is manifest type of source, with fallbacks)")
                .bool("quiet", 'q', "Suppress output information when pushing images")
                .bool("remove-signatures", '\0', "Discard any pre-existing signatures in the image")
                .string("sign-by", '\0', "", "Add a signature at the destination using the specified key")
                .string("sign-by-sigstore-private-key", '\0', "", "Sign the image using a sigstore private key at `PATH`")
                .string("sign-passphrase-file", '\0', "", "Read a passphrase for signing an image from `PATH`")
                .bool("tls-verify", '\0', true, "Require HTTPS and verify certificates when contacting registries");
    }

    static int push(Invocation inv) {
        if (inv.args.isEmpty() || inv.args.size() > 2) {
            throw new UsageException("accepts between 1 and 2 arg(s), received " + inv.args.size());
        }
        if (!inv.flags.string("sign-by").isEmpty() || !inv.flags.string("sign-by-sigstore-private-key").isEmpty()) {
            throw new EngineException("signing images is not supported");
        }
        String image = inv.args.getFirst();
        // One argument: the image goes to the registry its name points at.
        String destination = inv.args.size() > 1 ? inv.args.get(1) : image;
        inv.images().push(new PushOptions(image, destination, inv.flags.string("format"),
                inv.flags.string("compression-format"), inv.flags.bool("remove-signatures"),
                inv.flags.string("digestfile"), inv.flags.bool("quiet"), stderrIsTerminal(),
                inv.flags.bool("compress"), new RegistryFlags(inv.flags.string("creds"), inv.flags.string("authfile"),
                inv.flags.string("cert-dir"), inv.flags.changed("tls-verify") ? inv.flags.bool("tls-verify") : null)),
                inv.err);
        return 0;
    }

    /** Whether fd 2 is a terminal, read from /proc rather than through a libc call (no FFM on this path). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
