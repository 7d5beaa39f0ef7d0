package io.peapod.e2e;

import io.peapod.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code login}/{@code logout} against Debian's docker-registry with htpasswd, TLS and token auth, as a user runs them. */
class LoginIT {
    static RegistryServer basic;
    static Peapod peapod;

    @BeforeAll
    static void setUp() throws Exception {
        basic = RegistryServer.start(RegistryServer.Mode.BASIC);
        peapod = new Peapod();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (basic != null) basic.close();
        if (peapod != null) peapod.close();
    }

    /** A private XDG_RUNTIME_DIR and HOME per test, so no test sees another's (or the machine's) credentials. */
    private record Env(Path runtimeDir, Path home, Map<String, String> extra) {
        Path authFile() {
            return runtimeDir.resolve("containers/auth.json");
        }
    }

    private static Env newEnv() throws IOException {
        Path base = Files.createTempDirectory(peapod.dir, "env");
        Path runtime = Files.createDirectories(base.resolve("run"));
        Path home = Files.createDirectories(base.resolve("home"));
        return new Env(runtime, home, new HashMap<>());
    }

    private static Peapod.Result run(Env env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString()));
        cmd.addAll(List.of(args));
        Map<String, String> vars = new HashMap<>(Map.of("XDG_RUNTIME_DIR", env.runtimeDir().toString(),
                "HOME", env.home().toString()));
        vars.putAll(env.extra());
        return Peapod.execWithEnv(cmd, vars, stdin, 120);
    }


    @Test
    void wrongPasswordExits125AndStoresNothing() throws Exception {
        Env env = newEnv();
        Peapod.Result r = run(env, null, "login", "--tls-verify=false", "-u", RegistryServer.USER, "-p", "wrong-pw", basic.host());
        assertThat(r.code()).as(r.toString()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: logging into \"" + basic.host() + "\": invalid username/password\n");
        assertThat(r.out()).isEmpty();
        assertThat(env.authFile()).doesNotExist();
    }

    @Test
    void loginStoresCredentialsPrivatelyAndGetLoginReadsThem() throws Exception {
        Env env = newEnv();
        Peapod.Result r = run(env, null, "--log-level=debug", "login", "--tls-verify=false", "-u", RegistryServer.USER,
                "-p", RegistryServer.PASSWORD, basic.host());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Login Succeeded!\n");
        assertThat(r.out() + r.err()).doesNotContain(RegistryServer.PASSWORD)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(
                        (RegistryServer.USER + ":" + RegistryServer.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.err()).contains("level=debug");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env.authFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env.authFile().getParent()))).isEqualTo("rwx------");
        String auth = java.util.Base64.getEncoder().encodeToString(
                (RegistryServer.USER + ":" + RegistryServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(env.authFile()))
                .isEqualTo("{\n\t\"auths\": {\n\t\t\"" + basic.host() + "\": {\n\t\t\t\"auth\": \"" + auth + "\"\n\t\t}\n\t}\n}");

        Peapod.Result get = run(env, null, "login", "--get-login", basic.host());
        assertThat(get.out()).isEqualTo(RegistryServer.USER + "\n");

        // No username or password: the stored ones are checked again.
        Peapod.Result again = run(env, null, "login", "--tls-verify=false", basic.host());
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("Authenticating with existing credentials for " + basic.host() + "\n"
                + "Existing credentials are valid. Already logged in to " + basic.host() + "\n");
    }

    @Test
    void passwordFromStdin() throws Exception {
        Env env = newEnv();
        Peapod.Result r = run(env, RegistryServer.PASSWORD + "\n", "login", "--tls-verify=false", "-u", RegistryServer.USER,
                "--password-stdin", "-v", basic.host());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Used:  " + env.authFile() + "\nLogin Succeeded!\n");

        Peapod.Result noUser = run(env, RegistryServer.PASSWORD, "login", "--tls-verify=false", "--password-stdin", basic.host());
        assertThat(noUser.code()).isEqualTo(125);
        assertThat(noUser.err()).isEqualTo("Error: Must provide --username with --password-stdin\n");

        Peapod.Result both = run(env, RegistryServer.PASSWORD, "login", "-u", "x", "-p", "y", "--password-stdin", basic.host());
        assertThat(both.err()).isEqualTo("Error: Can't specify both --password-stdin and --password\n");
    }

    @Test
    void noTerminalForThePasswordPrompt() throws Exception {
        Env env = newEnv();
        Peapod.Result r = run(env, "", "login", "--tls-verify=false", "-u", RegistryServer.USER, basic.host());
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.out()).isEqualTo("Password: ");
        assertThat(r.err()).isEqualTo("Error: getting username and password: reading password: inappropriate ioctl for device\n");
        assertThat(env.authFile()).doesNotExist();
    }

    @Test
    void plainHttpNeedsTlsVerifyFalse() throws Exception {
        Env env = newEnv();
        Peapod.Result r = run(env, null, "login", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD, basic.host());
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: authenticating creds for \"" + basic.host() + "\": pinging container registry "
                + basic.host() + ": Get \"https://" + basic.host() + "/v2/\": http: server gave HTTP response to HTTPS client\n");
    }

    @Test
    void logoutRemovesOneOrAll() throws Exception {
        Env env = newEnv();
        assertThat(run(env, null, "login", "--tls-verify=false", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD,
                basic.host()).code()).isZero();
        assertThat(run(env, null, "login", "--tls-verify=false", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD,
                basic.host() + "/team/app").code()).isZero();
        // A namespace key is found for repositories below it, and the registry key for the rest.
        assertThat(run(env, null, "login", "--get-login", basic.host() + "/team/app/sub").out()).isEqualTo("alice\n");

        Peapod.Result out = run(env, null, "logout", basic.host() + "/team/app");
        assertThat(out.out()).isEqualTo("Removed login credentials for " + basic.host() + "/team/app\n");
        Peapod.Result twice = run(env, null, "logout", basic.host() + "/team/app");
        assertThat(twice.code()).isEqualTo(125);
        assertThat(twice.err()).isEqualTo("Error: not logged into " + basic.host() + "/team/app\n");

        Peapod.Result all = run(env, null, "logout", "--all");
        assertThat(all.out()).isEqualTo("Removed login credentials for all registries\n");
        assertThat(Files.readString(env.authFile())).isEqualTo("{\n\t\"auths\": {}\n}");
        Peapod.Result gone = run(env, null, "login", "--get-login", basic.host());
        assertThat(gone.code()).isEqualTo(125);
        assertThat(gone.err()).isEqualTo("Error: not logged into " + basic.host() + "\n");
        assertThat(run(env, null, "logout", "-a", basic.host()).err()).isEqualTo("Error: --all takes no arguments\n");
    }

    @Test
    void authFileFlagEnvironmentAndDockerConfig() throws Exception {
        Env env = newEnv();
        Path explicit = env.home().resolve("custom/auth.json");
        assertThat(run(env, null, "login", "--authfile", explicit.toString(), "--tls-verify=false", "-u", RegistryServer.USER,
                "-p", RegistryServer.PASSWORD, basic.host()).code()).isZero();
        assertThat(explicit).exists();
        assertThat(env.authFile()).doesNotExist();

        Path fromEnv = env.home().resolve("env/auth.json");
        env.extra().put("REGISTRY_AUTH_FILE", fromEnv.toString());
        assertThat(run(env, null, "login", "--tls-verify=false", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD,
                basic.host()).code()).isZero();
        assertThat(fromEnv).exists();
        env.extra().clear();

        // Credentials that docker login wrote are read, under docker's old key form too.
        Files.createDirectories(env.home().resolve(".docker"));
        Files.writeString(env.home().resolve(".docker/config.json"),
                "{\"auths\":{\"https://127.0.0.1:9/v1/\":{\"auth\":\"Ym9iOng=\"}}}");
        assertThat(run(env, null, "login", "--get-login", "127.0.0.1:9").out()).isEqualTo("bob\n");

        assertThat(run(env, null, "logout", "--authfile", env.home().resolve("none.json").toString(), "-a").err())
                .isEqualTo("Error: checking authfile: stat " + env.home().resolve("none.json") + ": no such file or directory\n");
    }

    @Test
    void tlsRegistryWithCertDir() throws Exception {
        try (RegistryServer tls = RegistryServer.start(RegistryServer.Mode.TLS)) {
            Env env = newEnv();
            Peapod.Result refused = run(env, null, "login", "-u", "any", "-p", "thing", tls.host());
            assertThat(refused.code()).isEqualTo(125);
            assertThat(refused.err()).isEqualTo("Error: authenticating creds for \"" + tls.host() + "\": pinging container registry "
                    + tls.host() + ": Get \"https://" + tls.host()
                    + "/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority\n");
            Peapod.Result ok = run(env, null, "login", "--cert-dir", tls.certsDirRoot().resolve(tls.host()).toString(),
                    "-u", "any", "-p", "thing", tls.host());
            assertThat(ok.code()).as(ok.toString()).isZero();
            assertThat(ok.out()).isEqualTo("Login Succeeded!\n");
        }
    }

    @Test
    void tokenRegistry() throws Exception {
        try (RegistryServer token = RegistryServer.start(RegistryServer.Mode.TOKEN)) {
            Env env = newEnv();
            Peapod.Result wrong = run(env, null, "login", "--tls-verify=false", "-u", RegistryServer.USER, "-p", "nope", token.host());
            assertThat(wrong.code()).isEqualTo(125);
            assertThat(wrong.err()).isEqualTo("Error: logging into \"" + token.host() + "\": invalid username/password\n");
            assertThat(env.authFile()).doesNotExist();
            Peapod.Result ok = run(env, null, "login", "--tls-verify=false", "-u", RegistryServer.USER, "-p",
                    RegistryServer.PASSWORD, token.host());
            assertThat(ok.code()).as(ok.toString()).isZero();
            assertThat(token.issuer().requests()).last().matches(req -> req.user().equals(RegistryServer.USER));
        }
    }

    @Test
    void argumentErrors() throws Exception {
        Env env = newEnv();
        Path conf = env.home().resolve("registries.conf");
        Files.writeString(conf, "");
        env.extra().put("CONTAINERS_REGISTRIES_CONF", conf.toString());
        assertThat(run(env, null, "login", "-u", "a", "-p", "b", basic.host() + "/ns/repo:tag").err())
                .isEqualTo("Error: reference \"" + basic.host() + "/ns/repo:tag\" contains tag or digest\n");
        assertThat(run(env, null, "login", "a", "b").err()).isEqualTo("Error: accepts at most 1 arg(s), received 2\n");
        Peapod.Result none = run(env, null, "logout");
        assertThat(none.code()).isEqualTo(125);
        assertThat(none.err()).isEqualTo("Error: no registries found in registries.conf, a registry must be provided\n");
    }

    /** An env whose registries.conf is {@code text}. */
    private static Env withRegistriesConf(String text) throws IOException {
        Env env = newEnv();
        Path conf = env.home().resolve("registries.conf");
        Files.writeString(conf, text);
        env.extra().put("CONTAINERS_REGISTRIES_CONF", conf.toString());
        return env;
    }

    @Test
    void registriesConfInsecureSparesTlsVerifyAndBlockedRefuses() throws Exception {
        Env insecure = withRegistriesConf("[[registry]]\nlocation = \"" + basic.host() + "\"\ninsecure = true\n");
        Peapod.Result ok = run(insecure, null, "login", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD, basic.host());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("Login Succeeded!\n");
        // existing credentials are checked the same way
        Peapod.Result again = run(insecure, "", "login", basic.host() + "/team");
        assertThat(again.out()).isEqualTo("Authenticating with existing credentials for " + basic.host() + "/team\n"
                + "Existing credentials are valid. Already logged in to " + basic.host() + "\n");
        // --tls-verify=true wins over registries.conf
        Peapod.Result verify = run(insecure, null, "login", "--tls-verify=true", "-u", RegistryServer.USER, "-p",
                RegistryServer.PASSWORD, basic.host());
        assertThat(verify.code()).isEqualTo(125);
        assertThat(verify.err()).contains("http: server gave HTTP response to HTTPS client");

        Env blocked = withRegistriesConf("[[registry]]\nlocation = \"" + basic.host() + "\"\nblocked = true\n");
        Path conf = blocked.home().resolve("registries.conf");
        for (String tls : List.of("--tls-verify=false", "--tls-verify=true")) {
            Peapod.Result r = run(blocked, null, "login", tls, "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD,
                    basic.host());
            assertThat(r.code()).isEqualTo(125);
            assertThat(r.err()).isEqualTo("Error: authenticating creds for \"" + basic.host() + "\": creating new docker"
                    + " client: registry " + basic.host() + " is blocked in " + conf + " or "
                    + blocked.home() + "/.config/containers/registries.conf.d\n");
            assertThat(blocked.authFile()).doesNotExist();
        }
    }

    @Test
    void withoutARegistryTheFirstSearchRegistryIsTheTarget() throws Exception {
        Env env = withRegistriesConf("unqualified-search-registries = [\"" + basic.host() + "\", \"quay.io\"]\n"
                + "[[registry]]\nlocation = \"" + basic.host() + "\"\ninsecure = true\n");
        Peapod.Result login = run(env, null, "login", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD);
        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(Files.readString(env.authFile())).contains("\"" + basic.host() + "\"");
        assertThat(run(env, null, "login", "--get-login").out()).isEqualTo(RegistryServer.USER + "\n");
        assertThat(run(env, null, "logout").out()).isEqualTo("Removed login credentials for " + basic.host() + "\n");
        Peapod.Result again = run(env, null, "logout");
        assertThat(again.code()).isEqualTo(125);
        assertThat(again.err()).isEqualTo("Error: not logged into " + basic.host() + "\n");

        Env broken = withRegistriesConf("unqualified-search-registries = 5\n");
        Peapod.Result r = run(broken, null, "login", "-u", "a", "-p", "b");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).startsWith("Error: getting registry from registry.conf, please specify a registry: loading"
                + " registries configuration \"" + broken.home().resolve("registries.conf") + "\": ");
    }

    /** The JDK HTTP client and TLS cost hundreds of milliseconds of class loading: only registry traffic may pay it. */
    @Test
    void onlyCommandsThatTalkToARegistryLoadTheHttpClient() throws Exception {
        Env env = newEnv();
        Path images = env.home().resolve("images.classes");
        Path getLogin = env.home().resolve("get-login.classes");
        Path login = env.home().resolve("login.classes");
        env.extra().put("PEAPOD_JVM_OPTS", "-Xlog:class+load:file=" + images);
        assertThat(run(env, null, "images").code()).isZero();
        env.extra().put("PEAPOD_JVM_OPTS", "-Xlog:class+load:file=" + getLogin);
        run(env, null, "login", "--get-login", basic.host());
        env.extra().put("PEAPOD_JVM_OPTS", "-Xlog:class+load:file=" + login);
        assertThat(run(env, null, "login", "--tls-verify=false", "-u", RegistryServer.USER, "-p", RegistryServer.PASSWORD,
                basic.host()).code()).isZero();
        assertThat(Files.readString(images)).contains("io.peapod.cli.Main").doesNotContain("java.net.http.HttpClient");
        assertThat(Files.readString(getLogin)).contains("io.peapod.registry.AuthFiles").doesNotContain("java.net.http.HttpClient")
                .doesNotContain("javax.net.ssl");
        assertThat(Files.readString(login)).contains("java.net.http.HttpClient");
    }
}
