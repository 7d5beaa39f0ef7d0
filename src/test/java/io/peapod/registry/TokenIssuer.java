package io.peapod.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.peapod.json.JsonWriter;

/**
 * A token server as docker/distribution's token auth expects one, on 127.0.0.1: {@code GET
 * /token?service=..&scope=..} answers a JWT signed RS256 with a key whose certificate is in the
 * registry's {@code rootcertbundle} (sent as {@code x5c}). Users with the right Basic credentials
 * get every action they ask for; anonymous callers get {@code pull} only; wrong credentials get 401.
 * Every request is recorded so tests can see what was asked and how often.
 */
public final class TokenIssuer implements AutoCloseable {
    public static final String SERVICE = "peapod-test-registry";
    public static final String ISSUER = "peapod-test-issuer";

    /** One token request: its scopes, and the user it authenticated ("" for anonymous). */
    public record Request(List<String> scopes, String user) {}

    private final HttpServer server;
    private final Path certificate;
    private final PrivateKey key;
    private final String x5c;
    private final String user;
    private final String password;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    private TokenIssuer(HttpServer server, Path certificate, PrivateKey key, String x5c, String user, String password) {
        this.server = server;
        this.certificate = certificate;
        this.key = key;
        this.x5c = x5c;
        this.user = user;
        this.password = password;
    }

    static TokenIssuer start(Path dir, String user, String password) throws IOException {
        RegistryServer.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "token.key",
                "-out", "token.crt", "-days", "2", "-subj", "/CN=peapod-token-issuer");
        try {
            String pem = Files.readString(dir.resolve("token.key"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] cert;
            try (InputStream in = Files.newInputStream(dir.resolve("token.crt"))) {
                cert = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            }
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            TokenIssuer issuer = new TokenIssuer(server, dir.resolve("token.crt"), key,
                    Base64.getEncoder().encodeToString(cert), user, password);
            server.createContext("/token", issuer::handle);
            server.start();
            return issuer;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    Path certificate() {
        return certificate;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            List<String> scopes = new ArrayList<>();
            String query = ex.getRequestURI().getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).equals("scope")) {
                        scopes.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            String who = "";
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                String expected = "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!auth.equals(expected)) {
                    requests.add(new Request(List.copyOf(scopes), "?"));
                    byte[] body = "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(401, body.length);
                    ex.getResponseBody().write(body);
                    return;
                }
                who = user;
            }
            requests.add(new Request(List.copyOf(scopes), who));
            String token = token(who, scopes);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("token", token);
            doc.put("access_token", token);
            doc.put("expires_in", 300);
            byte[] body = JsonWriter.write(doc, false);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private String token(String who, List<String> scopes) {
        List<Object> access = new ArrayList<>();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) continue;
            List<String> actions = new ArrayList<>();
            for (String a : parts[2].split(",")) {
                if (!who.isEmpty() || a.equals("pull")) actions.add(a);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", parts[0]);
            entry.put("name", parts[1]);
            entry.put("actions", actions);
            access.add(entry);
        }
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", List.of(x5c));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", who);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", Long.toHexString(System.nanoTime()));
        claims.put("access", access);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(JsonWriter.write(header, false)) + "."
                + b64.encodeToString(JsonWriter.write(claims, false));
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(key);
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(sig.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
