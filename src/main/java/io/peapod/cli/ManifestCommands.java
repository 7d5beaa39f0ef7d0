package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.ManifestEngine;
import io.peapod.engine.ManifestEngine.ManifestAddOptions;
import io.peapod.engine.ManifestEngine.ManifestInstanceOptions;
import io.peapod.engine.ManifestEngine.ManifestPushOptions;
import io.peapod.engine.RegistryFlags;
import io.peapod.engine.RemoveReport;

/** {@code manifest create/add/annotate/remove/inspect/push/rm/exists}: manifest lists, as podman 4.3. */
final class ManifestCommands {
    private ManifestCommands() {}

    private static FlagSet registryFlags(FlagSet f) {
        return f.string("authfile", '\0', "", "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
                .string("cert-dir", '\0', "", "use certificates at the specified path to access the registry")
                .string("creds", '\0', "", "use `[username[:password]]` for accessing the registry")
                .bool("tls-verify", '\0', true, "require HTTPS and verify certificates when accessing the registry");
    }

    private static RegistryFlags registry(Invocation inv) {
        return new RegistryFlags(inv.flags.string("creds"), inv.flags.string("authfile"), inv.flags.string("cert-dir"),
                inv.flags.changed("tls-verify") ? inv.flags.bool("tls-verify") : null);
    }

    private static ManifestEngine engine(Invocation inv) {
        return inv.manifests();
    }

    static FlagSet createFlags() {
        return new FlagSet()
                .bool("all", '\0', "add all of the lists' images if the images to add are lists")
                .bool("amend", 'a', "modify an existing list if one with the desired name already exists")
                .bool("tls-verify", '\0', true, "require HTTPS and verify certificates when accessing the registry");
    }

    static int create(Invocation inv) {
        Args.atLeast(inv.args, 1);
        String id = engine(inv).createList(inv.args.getFirst(), inv.args.subList(1, inv.args.size()),
                inv.flags.bool("all"), inv.flags.bool("amend"),
                new RegistryFlags("", "", "", inv.flags.changed("tls-verify") ? inv.flags.bool("tls-verify") : null));
        inv.out.println(id);
        return 0;
    }

    static FlagSet addFlags() {
        return registryFlags(new FlagSet()
                .bool("all", '\0', "add all of the list's images if the image is a list")
                .stringArray("annotation", '\0', "set an `annotation` for the specified image")
                .string("arch", '\0', "", "override the `architecture` of the specified image")
                .stringSlice("features", '\0', "override the `features` of the specified image")
                .string("os", '\0', "", "override the `OS` of the specified image")
                .string("os-version", '\0', "", "override the OS `version` of the specified image")
                .string("variant", '\0', "", "override the `Variant` of the specified image"));
    }

    static int add(Invocation inv) {
        Args.atLeast(inv.args, 2);
        ManifestInstanceOptions instance = new ManifestInstanceOptions(inv.flags.string("os"), inv.flags.string("arch"),
                inv.flags.string("variant"), inv.flags.string("os-version"), java.util.List.of(),
                inv.flags.list("features"), inv.flags.list("annotation"));
        String id = engine(inv).addToList(new ManifestAddOptions(inv.args.getFirst(), inv.args.subList(1, inv.args.size()),
                inv.flags.bool("all"), instance, registry(inv)));
        inv.out.println(id);
        return 0;
    }

    static FlagSet annotateFlags() {
        return new FlagSet()
                .stringArray("annotation", '\0', "set an `annotation` for the specified image")
                .string("arch", '\0', "", "override the `architecture` of the specified image")
                .stringSlice("features", '\0', "override the `features` of the specified image")
                .string("os", '\0', "", "override the `OS` of the specified image")
                .stringSlice("os-features", '\0', "override the OS `features` of the specified image")
                .string("os-version", '\0', "", "override the OS `version` of the specified image")
                .string("variant", '\0', "", "override the `Variant` of the specified image");
    }

    static int annotate(Invocation inv) {
        Args.exactly(inv.args, 2);
        ManifestInstanceOptions o = new ManifestInstanceOptions(inv.flags.string("os"), inv.flags.string("arch"),
                inv.flags.string("variant"), inv.flags.string("os-version"), inv.flags.list("os-features"),
                inv.flags.list("features"), inv.flags.list("annotation"));
        inv.out.println(engine(inv).annotateInstance(inv.args.get(0), inv.args.get(1), o));
        return 0;
    }

    static int remove(Invocation inv) {
        Args.exactly(inv.args, 2);
        inv.out.println(engine(inv).removeInstance(inv.args.get(0), inv.args.get(1)));
        return 0;
    }

    /**
     * None: podman 4.3.1's {@code manifest inspect} takes no flag (not even {@code --tls-verify}); a
     * registry is reached as registries.conf, certs.d and the auth files say.
     */
    static FlagSet inspectFlags() {
        return new FlagSet();
    }

    static int inspect(Invocation inv) {
        Args.exactly(inv.args, 1);
        inv.out.println(GoJson.indent(engine(inv).inspectList(inv.args.getFirst(), RegistryFlags.NONE)));
        return 0;
    }

    static int exists(Invocation inv) {
        Args.exactly(inv.args, 1);
        return engine(inv).listExists(inv.args.getFirst()) ? 0 : 1;
    }

    static int rm(Invocation inv) {
        Args.atLeast(inv.args, 1);
        RemoveReport report = engine(inv).removeLists(inv.args);
        report.untagged().forEach(n -> inv.out.println("Untagged: " + n));
        report.deleted().forEach(id -> inv.out.println("Deleted: " + id));
        if (report.errors().isEmpty()) {
            return 0;
        }
        throw new EngineException(Errors.combine(report.errors()), report.exitCode() == 0 ? 125 : report.exitCode());
    }

    static FlagSet pushFlags() {
        return registryFlags(new FlagSet()
                .bool("all", '\0', true, "also push the images in the list")
                .string("compression-format", '\0', "", "compression format to use")
                .string("digestfile", '\0', "", "after copying the image, write the digest of the resulting digest to the file")
                .string("format", 'f', "", "manifest type (oci or v2s2) to attempt to use when pushing the manifest list (default is manifest type of source)")
                .bool("quiet", 'q', "don't output progress information when pushing lists")
                .bool("remove-signatures", '\0', "don't copy signatures when pushing images")
                .bool("rm", '\0', "remove the manifest list if push succeeds")
                .string("sign-by", '\0', "", "sign the image using a GPG key with the specified `FINGERPRINT`")
                .string("sign-by-sigstore-private-key", '\0', "", "Sign the image using a sigstore private key at `PATH`")
                .string("sign-passphrase-file", '\0', "", "Read a passphrase for signing an image from `PATH`"));
    }

    static int push(Invocation inv) {
        Args.exactly(inv.args, 2);
        if (!inv.flags.string("sign-by").isEmpty() || !inv.flags.string("sign-by-sigstore-private-key").isEmpty()) {
            throw new EngineException("signing images is not supported");
        }
        engine(inv).pushList(new ManifestPushOptions(inv.args.get(0), inv.args.get(1), inv.flags.bool("all"),
                inv.flags.string("format"), inv.flags.string("compression-format"), inv.flags.bool("rm"),
                inv.flags.string("digestfile"), inv.flags.bool("quiet"), registry(inv)), inv.err);
        return 0;
    }
}
