package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.RegistryEngine;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** {@code login} and {@code logout}, with podman's prompts, messages and checks in its order. */
final class LoginCommands {
    private LoginCommands() {}

    static FlagSet loginFlags() {
        return new FlagSet()
                .string("authfile", '\0', "", "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
                .string("cert-dir", '\0', "", "use certificates at the specified path to access the registry")
                .bool("get-login", '\0', "Return the current login user for the registry")
                .string("password", 'p', "", "Password for registry")
                .bool("password-stdin", '\0', "Take the password from stdin")
                .bool("tls-verify", '\0', "Require HTTPS and verify certificates when contacting registries")
                .string("username", 'u', "", "Username for registry")
                .bool("verbose", 'v', "Write more detailed information to stdout");
    }

    static FlagSet logoutFlags() {
        return new FlagSet()
                .bool("all", 'a', "Remove the cached credentials for all registries in the auth file")
                .string("authfile", '\0', "", "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override");
    }

    static int login(Invocation inv) throws IOException {
        Args.atMost(inv.args, 1);
        RegistryEngine engine = inv.registries();
        // No argument: the engine takes the first unqualified-search registry, as podman.
        RegistryEngine.LoginTarget target = new RegistryEngine.LoginTarget(
                inv.args.isEmpty() ? "" : inv.args.getFirst(), inv.flags.string("authfile"),
                inv.flags.string("cert-dir"), inv.flags.changed("tls-verify") ? inv.flags.bool("tls-verify") : null);
        RegistryEngine.StoredLogin stored = engine.storedLogin(target);
        if (inv.flags.bool("get-login")) {
            if (stored.username().isEmpty()) {
                throw new EngineException("not logged into " + stored.key());
            }
            inv.out.println(stored.username());
            return 0;
        }
        String password = inv.flags.string("password");
        String username = inv.flags.string("username");
        if (inv.flags.bool("password-stdin")) {
            if (!password.isEmpty()) {
                throw new EngineException("Can't specify both --password-stdin and --password");
            }
            if (username.isEmpty()) {
                throw new EngineException("Must provide --username with --password-stdin");
            }
            password = passwordFromStdin(inv.in);
        }
        if (username.isEmpty() && password.isEmpty() && !stored.username().isEmpty() && stored.hasPassword()) {
            inv.out.println("Authenticating with existing credentials for " + stored.key());
            if (engine.storedLoginValid(target)) {
                inv.out.println("Existing credentials are valid. Already logged in to " + stored.registry());
                return 0;
            }
            inv.out.println("Existing credentials are invalid, please enter valid username and password");
        }
        if (username.isEmpty()) {
            inv.out.print(stored.username().isEmpty() ? "Username: " : "Username (" + stored.username() + "): ");
            inv.out.flush();
            String line = readLine(inv.in);
            if (line == null) {
                throw new EngineException("getting username and password: reading username: EOF");
            }
            username = line.isBlank() ? stored.username() : line;
        }
        if (password.isEmpty()) {
            inv.out.print("Password: ");
            inv.out.flush();
            Console console = System.console();
            char[] typed = console != null && console.isTerminal() ? console.readPassword() : null;
            if (typed == null) {
                throw new EngineException("getting username and password: reading password: inappropriate ioctl for device");
            }
            password = new String(typed);
            inv.out.println();
        }
        String file = engine.login(target, username.strip(), password);
        if (inv.flags.bool("verbose")) {
            inv.out.println("Used:  " + file);
        }
        inv.out.println("Login Succeeded!");
        return 0;
    }

    static int logout(Invocation inv) {
        RegistryEngine engine = inv.registries();
        String authFile = inv.flags.string("authfile");
        if (inv.flags.bool("all")) {
            if (!inv.args.isEmpty()) {
                throw new EngineException("--all takes no arguments");
            }
            engine.logoutAll(authFile);
            inv.out.println("Removed login credentials for all registries");
            return 0;
        }
        Args.atMost(inv.args, 1);
        inv.out.println(engine.logout(new RegistryEngine.LoginTarget(inv.args.isEmpty() ? "" : inv.args.getFirst(),
                authFile, "", null)));
        return 0;
    }

    /** podman joins the lines of stdin without their line ends. */
    private static String passwordFromStdin(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (String line : all.split("\n", -1)) {
            b.append(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return b.toString();
    }

    /** One line of stdin without its end, read byte by byte so nothing after it is consumed; null at EOF. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8).strip();
            }
            b.write(c);
        }
        return null;   // Go's ReadString('\n') reports EOF even after a partial line
    }
}
