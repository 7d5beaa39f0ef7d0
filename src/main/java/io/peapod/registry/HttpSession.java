package io.peapod.registry;

import io.peapod.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One registry's HTTP exchanges: the scheme found by the ping, authentication, redirects and
 * retries. Every request names the token scopes it needs; for a Bearer registry a token is fetched
 * per set of scopes and cached until shortly before it expires, anonymously when there are no
 * credentials. Basic registries get the credentials on every request. Redirects are followed by
 * hand so that the registry's {@code Authorization} header never goes to another host (blob
 * storage behind a redirect refuses it, and must not see it). Safe for concurrent use.
 */
final class HttpSession implements AutoCloseable {
    /**
     * A request to send; {@code body} is asked again for each attempt, null for none. {@code scopes}
     * null sends it without any authentication (containers/image's noAuth, for the v1 search API).
     * {@code repeatable} false for a streamed body: a failure is not retried here, the caller starts over.
     */
    record Request(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body,
                   List<String> scopes, boolean repeatable) {
        Request(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body,
                List<String> scopes) {
            this(method, uri, headers, body, scopes, true);
        }

        Request(String method, URI uri, List<String> scopes) {
            this(method, uri, Map.of(), null, scopes);
        }
    }

    private static final int MAX_REDIRECTS = 10;

    private final String registry;
    private final String endpoint;
    private final RegistryOptions options;
    private final HttpClient client;
    private volatile String scheme;
    private volatile List<AuthChallenge> challenges = List.of();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, long expiresAtNanos) {}

    private HttpSession(String registry, RegistryOptions options) {
        this.registry = registry;
        // docker.io is a name; its API lives elsewhere (containers/image does the same).
        this.endpoint = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        this.options = options;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .sslContext(TlsSetup.context(endpoint, options))
                .build();
    }

    /**
     * Pings {@code /v2/} over HTTPS, then (insecure registries only) over plain HTTP, and keeps the
     * scheme that answered and the authentication challenges it sent.
     */
    static HttpSession open(String registry, RegistryOptions options) {
        HttpSession s = new HttpSession(registry, options);
        try {
            try {
                s.ping("https");
            } catch (RegistryException httpsFailed) {
                if (!options.insecure()) {
                    throw httpsFailed;
                }
                s.debug("ping over https failed (" + httpsFailed.getMessage() + "), trying http");
                s.ping("http");
            }
        } catch (RegistryException e) {
            s.close();
            // podman names the host it pinged (registry-1.docker.io for docker.io)
            throw e.within("pinging container registry " + s.endpoint);
        }
        return s;
    }

    private void ping(String tryScheme) {
        URI uri = URI.create(tryScheme + "://" + endpoint + "/v2/");
        HttpRequest req = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30)).build();
        debug("GET " + uri);
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.TRANSPORT, TransportErrors.describe("GET", uri, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.TRANSPORT, "interrupted");
        }
        debug("Ping " + uri + " status " + resp.statusCode());
        if (resp.statusCode() != 200 && resp.statusCode() != 401) {
            throw new RegistryException(RegistryException.Kind.REFUSED, "error pinging registry " + registry
                    + ", response code " + resp.statusCode() + " (" + ErrorResponses.reason(resp.statusCode()) + ")");
        }
        scheme = tryScheme;
        challenges = AuthChallenge.parse(resp.headers().allValues("WWW-Authenticate"));
    }

    String registry() {
        return registry;
    }

    String scheme() {
        return scheme;
    }

    /** {@code SCHEME://ENDPOINT} + {@code pathAndQuery} (which starts with {@code /}). */
    URI uri(String pathAndQuery) {
        return URI.create(scheme + "://" + endpoint + pathAndQuery);
    }

    /** A {@code Location} or {@code Link} target, relative ones taken against the registry. */
    URI resolve(URI base, String location) {
        return base.resolve(location);
    }

    /** Whether the ping asked for Bearer tokens. */
    boolean usesTokens() {
        return challenge("bearer") != null;
    }

    private AuthChallenge challenge(String scheme) {
        for (AuthChallenge c : challenges) {
            if (c.scheme().equals(scheme)) return c;
        }
        return null;
    }

    /**
     * Sends {@code request}, following redirects (GET/HEAD) and retrying transient failures with
     * backoff; the body of the answer is the caller's to read and close. An unauthorized answer is
     * retried once with a fresh token for the scopes its challenge names. Only transport failures
     * throw; any HTTP status is returned.
     */
    HttpResponse<InputStream> send(Request request) {
        RegistryException last = null;
        long delay = options.backoff().toMillis();
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                if (!request.repeatable()) {
                    throw last;
                }
                debug("retrying " + request.method() + " " + request.uri() + " in " + delay + " ms after: " + last.getMessage());
                sleep(delay);
                delay *= 2;
            }
            try {
                HttpResponse<InputStream> resp = sendAuthorized(request);
                if (isTransientStatus(resp.statusCode()) && attempt < options.retries()) {
                    last = ErrorResponses.toException(resp.statusCode(), drain(resp));
                    continue;
                }
                return resp;
            } catch (IOException e) {
                last = new RegistryException(RegistryException.Kind.TRANSPORT,
                        TransportErrors.describe(request.method(), request.uri(), e), e);
                if (!TransportErrors.isTransient(e)) {
                    throw last;
                }
            }
        }
        throw last;
    }

    static boolean isTransientStatus(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private HttpResponse<InputStream> sendAuthorized(Request request) throws IOException {
        HttpResponse<InputStream> resp = sendFollowing(request, authorization(request.scopes(), false));
        if (resp.statusCode() == 401 && request.scopes() != null) {
            List<AuthChallenge> answer = AuthChallenge.parse(resp.headers().allValues("WWW-Authenticate"));
            AuthChallenge bearer = null;
            for (AuthChallenge c : answer) {
                if (c.scheme().equals("bearer")) bearer = c;
            }
            boolean newChallenge = !answer.isEmpty() && challenges.isEmpty();
            if (bearer != null || newChallenge) {
                if (newChallenge) {
                    challenges = answer;   // the ping was open, this repository is not
                }
                List<String> scopes = new ArrayList<>(request.scopes());
                if (bearer != null && bearer.parameter("scope") != null) {
                    for (String s : bearer.parameter("scope").split(" ")) {
                        if (!scopes.contains(s)) scopes.add(s);
                    }
                }
                drain(resp);
                debug("401 for " + request.uri() + ", authenticating again for " + scopes);
                return sendFollowing(request, authorization(scopes, true));
            }
        }
        return resp;
    }

    private HttpResponse<InputStream> sendFollowing(Request request, String authorization) throws IOException {
        URI uri = request.uri();
        String originHost = uri.getAuthority();
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.idleTimeout());
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                b.header(h.getKey(), h.getValue());
            }
            if (authorization != null && uri.getAuthority().equals(originHost)) {
                b.header("Authorization", authorization);
            }
            HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody() : request.body().get();
            b.method(request.method(), body);
            debug(request.method() + " " + uri);
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = resp.statusCode();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            String location = resp.headers().firstValue("Location").orElse(null);
            boolean followable = request.method().equals("GET") || request.method().equals("HEAD");
            if (!redirect || location == null || !followable) {
                return resp;
            }
            drain(resp);
            if (hop >= MAX_REDIRECTS) {
                throw new IOException("stopped after " + MAX_REDIRECTS + " redirects");
            }
            uri = uri.resolve(location);
        }
    }

    /** The Authorization header value for these scopes, or null for none (and for null scopes: no authentication). */
    private String authorization(List<String> scopes, boolean fresh) {
        if (scopes == null) {
            return null;
        }
        AuthChallenge bearer = challenge("bearer");
        if (bearer != null) {
            return "Bearer " + token(bearer, scopes, fresh);
        }
        if (challenge("basic") != null && options.credentials() != null) {
            return "Basic " + options.credentials().basicToken();
        }
        return null;
    }

    private String token(AuthChallenge bearer, List<String> scopes, boolean fresh) {
        String key = String.join(" ", new TreeSet<>(scopes));
        Token cached = tokens.get(key);
        if (!fresh && cached != null && System.nanoTime() < cached.expiresAtNanos()) {
            return cached.value();
        }
        Token t = fetchToken(bearer, scopes);
        tokens.put(key, t);
        return t.value();
    }

    /** The token server's answer for these scopes; Basic credentials when we have them, else anonymous. */
    private Token fetchToken(AuthChallenge bearer, List<String> scopes) {
        String realm = bearer.parameter("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            throw new RegistryException(RegistryException.Kind.REFUSED, "unable to retrieve auth token: invalid realm \""
                    + (realm == null ? "" : realm) + "\" in the registry's authentication challenge");
        }
        StringBuilder q = new StringBuilder();
        String service = bearer.parameter("service");
        if (service != null && !service.isEmpty()) {
            q.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        Credentials creds = options.credentials();
        if (creds != null) {
            q.append(q.isEmpty() ? "" : "&").append("account=").append(URLEncoder.encode(creds.username(), StandardCharsets.UTF_8));
        }
        for (String s : scopes) {
            q.append(q.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(realm + (q.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + q));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(60));
        if (creds != null) {
            b.header("Authorization", "Basic " + creds.basicToken());
        }
        debug("GET " + uri);
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.TRANSPORT,
                    "unable to retrieve auth token: " + TransportErrors.describe("GET", uri, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.TRANSPORT, "interrupted");
        }
        if (resp.statusCode() == 401) {
            throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, "unable to retrieve auth token: invalid username/password: "
                    + ErrorResponses.describe(401, resp.body()));
        }
        if (resp.statusCode() != 200) {
            throw ErrorResponses.toException(resp.statusCode(), resp.body()).within("unable to retrieve auth token");
        }
        try {
            if (JsonReader.parse(resp.body()) instanceof Map<?, ?> doc) {
                Object token = doc.get("token");
                if (!(token instanceof String s) || s.isEmpty()) {
                    token = doc.get("access_token");
                }
                if (token instanceof String s && !s.isEmpty()) {
                    long seconds = doc.get("expires_in") instanceof Number n ? n.longValue() : 60;
                    seconds = Math.max(seconds, 60);   // the spec's minimum; tokens are reused until 10 s before
                    return new Token(s, System.nanoTime() + Duration.ofSeconds(seconds - 10).toNanos());
                }
            }
        } catch (IllegalArgumentException notJson) {
            // reported below
        }
        throw new RegistryException(RegistryException.Kind.REFUSED, "unable to retrieve auth token: the token server at "
                + uri.getAuthority() + " sent no token");
    }

    /** Reads and closes a body, keeping at most 1 MiB (an error document). */
    static byte[] drain(HttpResponse<InputStream> resp) {
        try (InputStream in = resp.body()) {
            return in.readNBytes(1 << 20);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    void debug(String line) {
        options.debug().accept(line);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.TRANSPORT, "interrupted");
        }
    }

    RegistryOptions options() {
        return options;
    }

    @Override
    public void close() {
        client.shutdownNow();   // close() would wait for a body a failed caller never read
    }
}
