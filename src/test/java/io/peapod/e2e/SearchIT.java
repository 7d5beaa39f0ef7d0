package io.peapod.e2e;

import io.peapod.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code search} against Debian's docker-registry (which has no v1 search API, so the catalog is
 * used), filled by skopeo from an OCI directory that peapod saved. Outputs are podman 4.3.1's, taken
 * side by side with {@code podman search} on the same registry.
 */
class SearchIT {
    static RegistryServer registry;
    static RegistryServer basic;
    static Peapod peapod;
    static String reg;

    @BeforeAll
    static void setUp() throws Exception {
        Peapod.requireSkopeo();
        registry = RegistryServer.start(RegistryServer.Mode.ANONYMOUS);
        basic = RegistryServer.start(RegistryServer.Mode.BASIC);
        peapod = new Peapod();
        reg = "127.0.0.1:" + registry.port();
        peapod.importBusybox();
        Path oci = peapod.dir.resolve("oci");
        peapod.ok("save", "--format", "oci-dir", "-o", oci.toString(), "localhost/busybox:latest");
        for (String name : List.of("busybox:latest", "busybox:1.36", "library/busybox:latest",
                "other/busybox-extra:latest", "alpine:latest")) {
            push(oci, reg + "/" + name, List.of());
        }
        push(oci, "127.0.0.1:" + basic.port() + "/private/busybox:latest",
                List.of("--dest-creds", RegistryServer.USER + ":" + RegistryServer.PASSWORD));
    }

    private static void push(Path oci, String dest, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/skopeo", "--insecure-policy", "copy", "-q",
                "--dest-tls-verify=false"));
        cmd.addAll(extra);
        cmd.addAll(List.of("oci:" + oci, "docker://" + dest));
        Peapod.Result r = Peapod.exec(cmd, null, 120);
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (registry != null) registry.close();
        if (basic != null) basic.close();
        if (peapod != null) peapod.close();
    }

    /** peapod search with registries.conf {@code conf} (written to a file) and a private HOME. */
    private static Peapod.Result search(String conf, String... args) throws IOException {
        Path file = Files.createTempFile(peapod.dir, "registries", ".conf");
        Files.writeString(file, conf);
        Path home = Files.createTempDirectory(peapod.dir, "home");
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "REGISTRY_AUTH_FILE", "CONTAINERS_REGISTRIES_CONF=" + file,
                "HOME=" + home, "XDG_RUNTIME_DIR=" + home, Peapod.LAUNCHER.toString(), "--root", peapod.root.toString(),
                "--runroot", peapod.runroot.toString(), "search"));
        cmd.addAll(List.of(args));
        return Peapod.exec(cmd, null, 120);
    }

    private static Peapod.Result ok(String conf, String... args) throws IOException {
        Peapod.Result r = search(conf, args);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }

    private static Peapod.Result fails(String conf, String... args) throws IOException {
        Peapod.Result r = search(conf, args);
        assertThat(r.code()).as(r.toString()).isEqualTo(125);
        assertThat(r.out()).as(r.toString()).isEmpty();
        return r;
    }

    /** A tabwriter column as podman pads it: the widest cell plus two spaces. */
    private static String pad(String cell, List<String> column) {
        int width = column.stream().mapToInt(String::length).max().orElse(0) + 2;
        return cell + " ".repeat(width - cell.length());
    }

    /** The default NAME/DESCRIPTION table of repositories without descriptions. */
    private static String table(String... repos) {
        List<String> names = new ArrayList<>(List.of("NAME"));
        for (String r : repos) names.add(reg + "/" + r);
        StringBuilder b = new StringBuilder(pad("NAME", names)).append("DESCRIPTION\n");
        for (String n : names.subList(1, names.size())) b.append(pad(n, names)).append('\n');
        return b.toString();
    }

    @Test
    void searchesTheCatalogOfTheNamedRegistryLikePodman() throws Exception {
        assertThat(ok("", "--tls-verify=false", reg + "/").out())
                .isEqualTo(table("alpine", "busybox", "library/busybox", "other/busybox-extra"));
        assertThat(ok("", "--tls-verify=false", reg + "/busy").out())
                .isEqualTo(table("busybox", "library/busybox", "other/busybox-extra"));
        assertThat(ok("", "--tls-verify=false", "--limit", "2", reg + "/").out()).isEqualTo(table("alpine", "busybox"));
        List<String> alpine = List.of("NAME", reg + "/alpine");
        assertThat(ok("", "--tls-verify=false", "--compatible", reg + "/alp").out()).isEqualTo(
                pad("NAME", alpine) + "DESCRIPTION  STARS       OFFICIAL    AUTOMATED\n"
                + pad(reg + "/alpine", alpine) + "             0                       \n");
        assertThat(ok("", "--tls-verify=false", "--format",
                "{{.Index}}|{{.Name}}|{{.Description}}|{{.Stars}}|{{.Official}}|{{.Automated}}|{{.Tag}}", reg + "/alp").out())
                .isEqualTo(reg + "|" + reg + "/alpine||0|||\n");
        assertThat(ok("", "--tls-verify=false", "--format", "table {{.Name}} {{.Stars}}", reg + "/alp").out())
                .isEqualTo(pad("NAME", alpine) + "STARS\n" + pad(reg + "/alpine", alpine) + "0\n");
        assertThat(ok("", "--tls-verify=false", "--format", "json", reg + "/alp").out()).isEqualTo("""
                [
                    {
                        "Index": "R",
                        "Name": "R/alpine",
                        "Description": "",
                        "Stars": 0,
                        "Official": "",
                        "Automated": "",
                        "Tag": ""
                    }
                ]
                """.replace("R", reg));
        // no match, and is-official (no catalog entry is official): nothing at all, not even the header
        assertThat(ok("", "--tls-verify=false", reg + "/nomatch").out()).isEmpty();
        assertThat(ok("", "--tls-verify=false", "--filter", "is-official", reg + "/busy").out()).isEmpty();
        assertThat(ok("", "--tls-verify=false", "--filter", "is-official=false", "--filter", "stars=0", reg + "/alp").out())
                .contains(reg + "/alpine");
    }

    @Test
    void aBareTermSearchesTheUnqualifiedSearchRegistriesWithTheirInsecureFlag() throws Exception {
        String conf = "unqualified-search-registries = [\"" + reg + "\"]\n[[registry]]\nlocation = \"" + reg
                + "\"\ninsecure = true\n";
        assertThat(ok(conf, "alp").out()).isEqualTo(table("alpine"));
        // A registry that does not answer does not hide the results of one that does...
        String dead = "127.0.0.1:" + freePort();
        String two = "unqualified-search-registries = [\"" + dead + "\", \"" + reg + "\"]\n[[registry]]\nlocation = \""
                + reg + "\"\ninsecure = true\n";
        assertThat(ok(two, "alp").out()).contains(reg + "/alpine");
        // ...but without any result its error is podman's multierror
        Peapod.Result none = fails(two, "nomatch");
        assertThat(none.err()).isEqualTo("Error: 1 error occurred:\n\t* couldn't search registry \"" + dead
                + "\": pinging container registry " + dead + ": Get \"https://" + dead + "/v2/\": dial tcp " + dead
                + ": connect: connection refused\n\n\n");
        // no search registry: nothing, exit 0 (podman does not complain either)
        assertThat(ok("", "alp").out()).isEmpty();
        // without insecure, TLS is required and the plain-HTTP registry fails
        Peapod.Result secure = fails("unqualified-search-registries = [\"" + reg + "\"]\n", "alp");
        assertThat(secure.err()).startsWith("Error: 1 error occurred:\n\t* couldn't search registry \"" + reg
                + "\": pinging container registry " + reg + ": Get \"https://" + reg + "/v2/\": http: server gave HTTP"
                + " response to HTTPS client");
        // a blocked registry is refused before any connection, --tls-verify or not
        Peapod.Result blocked = fails("[[registry]]\nlocation = \"" + reg + "\"\nblocked = true\n", "--tls-verify=false",
                reg + "/alp");
        assertThat(blocked.err()).startsWith("Error: 1 error occurred:\n\t* creating new docker client: registry " + reg
                + " is blocked in ");
    }

    @Test
    void listTagsListsOneRepository() throws Exception {
        Peapod.Result tags = ok("", "--tls-verify=false", "--list-tags", reg + "/busybox");
        List<String> names = List.of("NAME", reg + "/busybox");
        // in the registry's order (podman keeps it too)
        assertThat(tags.out().lines().toList()).hasSize(3)
                .startsWith(pad("NAME", names) + "TAG")
                .contains(pad(reg + "/busybox", names) + "latest", pad(reg + "/busybox", names) + "1.36");
        // a tag in the term is ignored; --limit cuts
        assertThat(ok("", "--tls-verify=false", "--list-tags", reg + "/busybox:1.36").out().lines()).hasSize(3);
        assertThat(ok("", "--tls-verify=false", "--list-tags", "--limit", "1", reg + "/busybox").out().lines()).hasSize(2);
        assertThat(ok("", "--tls-verify=false", "--list-tags", "--format", "json", reg + "/library/busybox").out())
                .isEqualTo("[\n    {\n        \"Name\": \"" + reg + "/library/busybox\",\n        \"Tags\": [\n"
                        + "            \"latest\"\n        ]\n    }\n]\n");
        // a bare name goes to the search registries
        String conf = "unqualified-search-registries = [\"" + reg + "\"]\n[[registry]]\nlocation = \"" + reg
                + "\"\ninsecure = true\n";
        assertThat(ok(conf, "--list-tags", "alpine").out()).endsWith(reg + "/alpine  latest\n");
    }

    @Test
    void badInputGetsPodmansWords() throws Exception {
        assertThat(fails("", "--tls-verify=false", "--list-tags", reg + "/").err())
                .isEqualTo("Error: 1 error occurred:\n\t* reference \"\" must be a docker reference\n\n\n");
        assertThat(fails("", "--tls-verify=false", "--list-tags", reg + "/Bad").err())
                .isEqualTo("Error: 1 error occurred:\n\t* reference \"Bad\" must be a docker reference\n\n\n");
        assertThat(fails("", "--tls-verify=false", "--list-tags", reg + "/nope").err())
                .isEqualTo("Error: 1 error occurred:\n\t* getting repository tags: fetching tags list: invalid status"
                        + " code from registry 404 (Not Found)\n\n\n");
        assertThat(fails("", "--list-tags", "--filter", "stars=3", reg + "/busybox").err())
                .isEqualTo("Error: filters are not applicable to list tags result\n");
        assertThat(fails("", "--filter", "stars=x", reg + "/busybox").err())
                .isEqualTo("Error: incorrect value type for stars filter: strconv.Atoi: parsing \"x\": invalid syntax\n");
        assertThat(fails("", "--filter", "stars", reg + "/busybox").err())
                .isEqualTo("Error: invalid filter [\"stars\"], should be stars=<value>\n");
        assertThat(fails("", "--filter", "foo=x", reg + "/busybox").err()).isEqualTo("Error: invalid filter type \"foo=x\"\n");
        assertThat(fails("").err()).isEqualTo("Error: accepts 1 arg(s), received 0\n");
        assertThat(fails("", "--authfile", "/nonexistent/auth.json", reg + "/busybox").err())
                .isEqualTo("Error: stat /nonexistent/auth.json: no such file or directory\n");
        String dead = "127.0.0.1:" + freePort();
        assertThat(fails("", "--tls-verify=false", dead + "/busybox").err())
                .isEqualTo("Error: 1 error occurred:\n\t* couldn't search registry \"" + dead + "\": pinging container"
                        + " registry " + dead + ": Get \"http://" + dead + "/v2/\": dial tcp " + dead
                        + ": connect: connection refused\n\n\n");
    }

    @Test
    void credentialsComeFromTheAuthFile() throws Exception {
        String b = "127.0.0.1:" + basic.port();
        Peapod.Result anonymous = fails("", "--tls-verify=false", b + "/");
        String refused = "unable to retrieve auth token: invalid username/password: unauthorized: authentication required";
        assertThat(anonymous.err()).matches("time=\"[^\"]+\" level=error msg=\"error getting search results from v2"
                + " endpoint \\\\\"" + b + "\\\\\": " + refused + "\"\n(?s).*")
                .endsWith("Error: 1 error occurred:\n\t* couldn't search registry \"" + b + "\": " + refused + "\n\n\n");
        Path auth = peapod.dir.resolve("auth.json");
        Files.writeString(auth, "{\"auths\":{\"" + b + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString(
                (RegistryServer.USER + ":" + RegistryServer.PASSWORD).getBytes()) + "\"}}}");
        assertThat(ok("", "--tls-verify=false", "--authfile", auth.toString(), b + "/").out()).contains(b + "/private/busybox");
        assertThat(ok("", "--tls-verify=false", "--authfile", auth.toString(), "--list-tags", b + "/private/busybox").out())
                .contains(b + "/private/busybox  latest");
    }

    /**
     * A registry with Docker Hub's v1 search API, which no registry packaged for Debian has: a small
     * HTTP server answering the ping and {@code /v1/search}, recording the queries it got. The outputs
     * asserted were taken from podman 4.3.1 against the same answers.
     */
    @Test
    void theV1SearchApiGivesDescriptionsStarsAndFlags() throws Exception {
        List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
        String results = """
                {"num_results": 3, "query": "alp", "results": [
                 {"name": "library/alpine", "description": "A minimal Docker image based on Alpine Linux with a complete package index", "star_count": 9000, "is_official": true, "is_automated": false},
                 {"name": "someone/alpine-tools", "description": "Tools\\non alpine", "star_count": 3, "is_official": false, "is_automated": true},
                 {"name": "x/alp", "description": "exactly forty-four bytes long description!! and then some", "star_count": 12, "is_official": false, "is_automated": false}]}
                """;
        // Plain sockets rather than the JDK's HttpServer, which leaves the HTTPS attempt that comes first
        // hanging until the client gives up; this one closes anything that is not an HTTP request at once.
        ServerSocket hub = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread server = Thread.ofVirtual().start(() -> {
            while (!hub.isClosed()) {
                try (java.net.Socket c = hub.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
                    String line = in.readLine();
                    if (line == null || !line.startsWith("GET ")) {
                        continue;
                    }
                    while (true) {
                        String header = in.readLine();
                        if (header == null || header.isEmpty()) break;
                    }
                    java.net.URI uri = java.net.URI.create(line.split(" ")[1]);
                    String status = "200 OK";
                    String body = "{}";
                    if (uri.getPath().equals("/v1/search")) {
                        queries.add(uri.getRawQuery());
                        body = results;
                    } else if (!uri.getPath().equals("/v2/")) {
                        status = "404 Not Found";
                    }
                    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    c.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    c.getOutputStream().write(bytes);
                } catch (IOException e) {
                    // closed by the test, or a client that went away
                }
            }
        });
        try {
            String h = "127.0.0.1:" + hub.getLocalPort();
            List<String> names = List.of("NAME", h + "/someone/alpine-tools");
            assertThat(ok("", "--tls-verify=false", h + "/alp").out()).isEqualTo(
                    pad("NAME", names) + "DESCRIPTION\n"
                    + pad(h + "/library/alpine", names) + "A minimal Docker image based on Alpine Linux...\n"
                    + pad(h + "/someone/alpine-tools", names) + "Tools on alpine\n"
                    + pad(h + "/x/alp", names) + "exactly forty-four bytes long description!!...\n");
            assertThat(queries).containsExactly("n=25&q=alp");
            assertThat(ok("", "--tls-verify=false", "--compatible", h + "/alp").out().lines()).containsExactly(
                    pad("NAME", names) + "DESCRIPTION                                      STARS       OFFICIAL    AUTOMATED",
                    pad(h + "/library/alpine", names) + "A minimal Docker image based on Alpine Linux...  9000        [OK]        ",
                    pad(h + "/someone/alpine-tools", names) + "Tools on alpine                                  3                       [OK]",
                    pad(h + "/x/alp", names) + "exactly forty-four bytes long description!!...   12                      ");
            assertThat(ok("", "--tls-verify=false", "--no-trunc", h + "/alp").out())
                    .contains("A minimal Docker image based on Alpine Linux with a complete package index\n");
            // JSON keeps descriptions whole, as podman 4.3.1's
            assertThat(ok("", "--tls-verify=false", "--format", "json", h + "/alp").out())
                    .contains("\"Description\": \"exactly forty-four bytes long description!! and then some\"")
                    .contains("\"Stars\": 9000,\n        \"Official\": \"[OK]\",");
            assertThat(ok("", "--tls-verify=false", "--filter", "stars=10", "--filter", "is-official=false", h + "/alp")
                    .out()).endsWith(h + "/x/alp  exactly forty-four bytes long description!!...\n");
            // --limit cuts before --filter looks (podman's order): nothing automated in the first result
            assertThat(ok("", "--tls-verify=false", "--filter", "is-automated", "--limit", "1", h + "/alp").out()).isEmpty();
            assertThat(queries).endsWith("n=1&q=alp");
        } finally {
            hub.close();
            server.join(5000);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
