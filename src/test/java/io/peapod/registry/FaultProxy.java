package io.peapod.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loopback HTTPS proxy (its own test CA; clients connect as to an insecure registry) in front of a real registry that breaks chosen answers: a 500, a body cut
 * in half, a flipped byte, a connection closed without an answer, or a redirect to "blob storage"
 * on another host name ({@code localhost}) that this proxy serves itself. Every request is recorded
 * (method, path, whether it carried Authorization, its Range header).
 */
public final class FaultProxy implements AutoCloseable {
    public enum Fault { STATUS_500, TRUNCATE, CORRUPT, CLOSE, REDIRECT, STALL }

    public record Seen(String method, String path, boolean authorized, String range) {}

    private record Rule(String method, String pathPart, Fault fault, int[] remaining) {}

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding", "host",
            "date", "keep-alive", "upgrade", "expect");

    private final HttpServer server;
    private final String upstream;
    private final String storageAuthorization;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Rule> rules = Collections.synchronizedList(new ArrayList<>());
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    /** {@code storageCredentials}: what the "blob storage" uses to fetch from the registry (null for none). */
    public FaultProxy(String upstreamHost, Credentials storageCredentials, java.nio.file.Path certDir) throws Exception {
        this.upstream = "http://" + upstreamHost;
        this.storageAuthorization = storageCredentials == null ? null : "Basic " + storageCredentials.basicToken();
        // HTTPS, so the client's first ping (always HTTPS) is answered at once.
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(TestCertificates.serverContext(certDir)));
        this.server = https;
        server.createContext("/", ex -> {
            try {
                handle(ex);
            } catch (IOException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).startsWith("fault injected")) {
                    System.err.println("FaultProxy: " + e);
                }
                throw e;
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** A proxy in front of an anonymous registry, with a fresh server certificate made under {@code workDir}. */
    public static FaultProxy inFrontOf(String upstreamHost, java.nio.file.Path workDir) throws Exception {
        java.nio.file.Path certs = java.nio.file.Files.createTempDirectory(workDir, "proxy-certs");
        TestCertificates.makeServerCertificate(certs);
        return new FaultProxy(upstreamHost, null, certs);
    }

    /** A proxy for tests outside this package (the e2e push tests): its certificate is made in {@code workDir}. */
    public static FaultProxy start(String upstreamHost, java.nio.file.Path workDir) throws Exception {
        java.nio.file.Files.createDirectories(workDir);
        TestCertificates.makeServerCertificate(workDir);
        return new FaultProxy(upstreamHost, null, workDir);
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Breaks the next {@code times} requests of {@code method} whose path contains {@code pathPart}. */
    public FaultProxy fail(String method, String pathPart, Fault fault, int times) {
        rules.add(new Rule(method, pathPart, fault, new int[] {times}));
        return this;
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private Fault faultFor(String method, String path) {
        synchronized (rules) {
            for (Rule r : rules) {
                if (r.method().equals(method) && path.contains(r.pathPart()) && r.remaining()[0] > 0) {
                    r.remaining()[0]--;
                    return r.fault();
                }
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI reqUri = ex.getRequestURI();
        String path = reqUri.getRawPath() + (reqUri.getRawQuery() == null ? "" : "?" + reqUri.getRawQuery());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        seen.add(new Seen(method, reqUri.getRawPath(), auth != null, ex.getRequestHeaders().getFirst("Range")));
        boolean storage = reqUri.getRawPath().startsWith("/storage/");
        Fault fault = storage ? null : faultFor(method, reqUri.getRawPath());
        if (fault == Fault.CLOSE) {
            // An exception in the handler makes the JDK server drop the connection without an answer.
            throw new IllegalStateException("fault injected: connection closed");
        }
        if (fault == Fault.STATUS_500) {
            byte[] body = "something broke\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        if (fault == Fault.REDIRECT) {
            ex.getResponseHeaders().set("Location", "https://localhost:" + server.getAddress().getPort() + "/storage" + path);
            ex.sendResponseHeaders(307, -1);
            ex.close();
            return;
        }
        String target = storage ? path.substring("/storage".length()) : path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + target));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (HOP_HEADERS.contains(h.getKey().toLowerCase())) continue;
            for (String v : h.getValue()) b.header(h.getKey(), v);
        }
        if (storage && storageAuthorization != null) {
            b.header("Authorization", storageAuthorization);   // as a pre-signed URL would carry its own right
        }
        byte[] requestBody = ex.getRequestBody().readAllBytes();
        b.method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        HttpResponse<java.io.InputStream> resp;
        try {
            resp = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] body;
        try (java.io.InputStream in = resp.body()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            body = new byte[0];   // the registry's 416 announces the blob's length and sends less: relay no body
        }
        for (Map.Entry<String, List<String>> h : resp.headers().map().entrySet()) {
            if (HOP_HEADERS.contains(h.getKey().toLowerCase()) || h.getKey().startsWith(":")) continue;
            for (String v : h.getValue()) {
                // The registry builds absolute upload locations from the Host it saw: point them back here.
                ex.getResponseHeaders().add(h.getKey(), h.getKey().equalsIgnoreCase("Location") ? v.replace(upstream, "https://" + host()) : v);
            }
        }
        int status = resp.statusCode();
        if (method.equals("HEAD") || status == 204 || status == 304 || (body.length == 0 && status != 200)) {
            resp.headers().firstValue("Content-Length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        if (fault == Fault.CORRUPT && body.length > 0) {
            body = body.clone();
            body[body.length / 2] ^= 0x55;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        OutputStream out = ex.getResponseBody();
        if (fault == Fault.TRUNCATE || fault == Fault.STALL) {
            out.write(body, 0, body.length / 2);
            out.flush();
            if (fault == Fault.STALL) {
                try {
                    Thread.sleep(30_000);   // the connection stays open and silent
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // An exception after the headers makes the JDK server close the connection mid-body.
            throw new IllegalStateException("fault injected: body cut after " + body.length / 2 + " bytes");
        }
        out.write(body);
        out.close();
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        client.shutdownNow();
    }
}
