package io.peapod.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * One blob upload (see {@link RegistryClient#upload}): {@code POST /v2/REPO/blobs/uploads/} opens
 * a session, then either one {@code PUT LOCATION?digest=D} with the whole blob, or {@code PATCH}
 * chunks with {@code Content-Range} followed by an empty {@code PUT ?digest=D}. Each answer's
 * {@code Location} is where the next request goes. A failed attempt is not continued (the
 * registry's offset is unknown): the next one opens a new session.
 *
 * <p>A blob still being made ({@link #ofStream}) goes in one streamed PATCH whose length is unknown
 * (chunked transfer); its digest is asked for only when the body has ended, for the closing PUT. Such
 * an upload has one attempt: the stream cannot be read again.
 */
final class BlobUpload {
    private final HttpSession http;
    private final String registry;
    private final String repository;
    private final java.util.function.Supplier<String> digest;
    /** The digest when known from the start, else "blob": for messages before the body has ended. */
    private final String label;
    private final long size;
    private final BlobSource source;
    private final long chunkSize;
    private final List<String> scopes;

    BlobUpload(HttpSession http, String registry, String repository, String digest, long size, BlobSource source,
               long chunkSize, List<String> scopes) {
        this(http, registry, repository, () -> digest, digest, size, source, chunkSize, scopes);
    }

    private BlobUpload(HttpSession http, String registry, String repository, java.util.function.Supplier<String> digest,
                       String label, long size, BlobSource source, long chunkSize, List<String> scopes) {
        this.http = http;
        this.registry = registry;
        this.repository = repository;
        this.digest = digest;
        this.label = label;
        this.size = size;
        this.source = source;
        this.chunkSize = chunkSize;
        this.scopes = scopes;
    }

    /**
     * An upload of {@code body}, read once to its end; {@code digest} is called after that, when the
     * writer of the body knows it.
     */
    static BlobUpload ofStream(HttpSession http, String registry, String repository, InputStream body,
                              java.util.function.Supplier<String> digest, List<String> scopes) {
        boolean[] opened = {false};
        BlobSource once = () -> {
            if (opened[0]) {
                throw new IOException("the blob cannot be read again");
            }
            opened[0] = true;
            return body;
        };
        return new BlobUpload(http, registry, repository, digest, "blob", -1, once, RegistryClient.STREAMED, scopes);
    }

    /** The single attempt of an {@link #ofStream} upload. */
    void runOnce() {
        uploadOnce();
    }

    void run() {
        RegistryOptions options = http.options();
        long delay = options.backoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                uploadOnce();
                return;
            } catch (RegistryException e) {
                if (e.kind() != RegistryException.Kind.TRANSPORT || attempt >= options.retries()) {
                    throw e;
                }
                http.debug("upload of " + label + " failed (" + e.getMessage() + "), starting again in " + delay + " ms");
                sleep(delay);
                delay *= 2;
            }
        }
    }

    private void uploadOnce() {
        String uploadPath = "/v2/" + repository + "/blobs/uploads/";
        HttpResponse<InputStream> resp = http.send(new HttpSession.Request("POST", http.uri(uploadPath), Map.of(),
                HttpRequest.BodyPublishers::noBody, scopes));
        byte[] body = HttpSession.drain(resp);
        if (resp.statusCode() != 202) {
            throw ErrorResponses.toException(resp.statusCode(), body)
                    .within("initiating layer upload to " + uploadPath + " in " + registry);
        }
        URI location = location(http.uri(uploadPath), resp);
        try (InputStream in = source.open()) {
            if (chunkSize == RegistryClient.STREAMED) {
                // docker's and podman's way: the whole blob in one PATCH, then an empty PUT with the digest
                resp = http.send(new HttpSession.Request("PATCH", location,
                        Map.of("Content-Type", "application/octet-stream"), streamOnce(in), scopes, false));
                body = HttpSession.drain(resp);
                if (resp.statusCode() != 202) {
                    throw ErrorResponses.toException(resp.statusCode(), body).within("uploading layer chunked");
                }
                location = location(location, resp);
                resp = http.send(new HttpSession.Request("PUT", withDigest(location), Map.of(),
                        HttpRequest.BodyPublishers::noBody, scopes));
            } else if (chunkSize > 0 && size > chunkSize) {
                long offset = 0;
                while (offset < size) {
                    int n = (int) Math.min(chunkSize, size - offset);
                    byte[] chunk = in.readNBytes(n);
                    if (chunk.length != n) {
                        throw new RegistryException(RegistryException.Kind.LOCAL, "uploading blob " + label
                                + ": the source ended after " + (offset + chunk.length) + " of " + size + " bytes");
                    }
                    long start = offset;
                    resp = http.send(new HttpSession.Request("PATCH", location,
                            Map.of("Content-Type", "application/octet-stream",
                                    "Content-Range", start + "-" + (start + n - 1)),
                            () -> HttpRequest.BodyPublishers.ofByteArray(chunk), scopes));
                    body = HttpSession.drain(resp);
                    if (resp.statusCode() != 202) {
                        throw ErrorResponses.toException(resp.statusCode(), body).within("uploading layer chunked");
                    }
                    location = location(location, resp);
                    offset += n;
                }
                resp = http.send(new HttpSession.Request("PUT", withDigest(location), Map.of(),
                        HttpRequest.BodyPublishers::noBody, scopes));
            } else {
                // One PUT with the whole blob; the body is streamed, not held in memory.
                resp = http.send(new HttpSession.Request("PUT", withDigest(location),
                        Map.of("Content-Type", "application/octet-stream"), streamOnce(in), scopes, false));
            }
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "uploading blob " + label + ": " + e.getMessage(), e);
        }
        body = HttpSession.drain(resp);
        String digest = this.digest.get();
        if (resp.statusCode() != 201) {
            throw ErrorResponses.toException(resp.statusCode(), body).within("uploading layer to " + location);
        }
        String stored = resp.headers().firstValue("Docker-Content-Digest").orElse(digest);
        if (!stored.equals(digest)) {
            throw new RegistryException(RegistryException.Kind.INVALID, "uploading layer to " + location
                    + ": the registry stored " + stored + " instead of " + digest);
        }
    }

    /**
     * A body that streams {@code in} once: a stream cannot be sent twice, so a second send (a
     * transient failure inside the session) fails the attempt, and {@link #run} starts a new session
     * with the source opened again.
     */
    private java.util.function.Supplier<HttpRequest.BodyPublisher> streamOnce(InputStream in) {
        boolean[] used = {false};
        return () -> {
            if (used[0]) {
                throw new RegistryException(RegistryException.Kind.TRANSPORT, "uploading blob " + label
                        + ": the request must be sent again");
            }
            used[0] = true;
            return size >= 0
                    ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), size)
                    : HttpRequest.BodyPublishers.ofInputStream(() -> in);
        };
    }

    private URI location(URI base, HttpResponse<?> resp) {
        String loc = resp.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                RegistryException.Kind.REFUSED, "uploading blob " + label + " to " + registry + "/" + repository
                + ": the registry sent no upload location"));
        return http.resolve(base, loc);
    }

    private URI withDigest(URI location) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + digest.get());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.TRANSPORT, "interrupted");
        }
    }
}
